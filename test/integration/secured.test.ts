// The secured listeners of the local cluster (SSL with client certificates, SASL_PLAINTEXT, SASL_SSL
// with PLAIN and SCRAM-SHA-256/512): what we report as delivered is what Kafka's console consumer,
// given the same client.properties, reads; refusals are one line and exit 3 within seconds; and the
// password never appears in anything we print. --command-config's two dialects for each mechanism:
// secured-dialects.test.ts.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapFor, CLIENT_CONFIG_DIR, SASL_MECHANISMS, TLS } from '../../kafka/cluster.js';
import { issue, newCa } from '../../kafka/tls.js';
import { BIN, fullSpeed } from '../support/cli.js';
import {
  dir,
  expectLanded,
  javaConfig,
  json,
  ONE_MESSAGE,
  produce,
  SASL_SSL,
  saslSsl,
  sslTo,
  stderrLines,
  user,
  WRONG_PASSWORD,
} from '../support/secured.js';
import { freshTopic } from '../support/topics.js';

describe('SASL_SSL: each mechanism delivers, and the console consumer reads the same', () => {
  for (const mechanism of SASL_MECHANISMS) {
    it(`${mechanism}, password from KAFKA_SASL_PASSWORD`, async () => {
      const topic = await freshTopic(6);
      const run = await produce([...json(topic), ...saslSsl(mechanism)], { KAFKA_SASL_PASSWORD: user.password });
      await expectLanded(topic, run, 20, SASL_SSL, javaConfig(mechanism));
    });
  }
});

describe('--command-config', () => {
  it('SSL with a client certificate: the PEM keystore of the Java dialect, and --ssl-cert/--ssl-key', async () => {
    const config = join(CLIENT_CONFIG_DIR, 'ssl.properties');
    const bootstrap = bootstrapFor('SSL');
    const viaFile = await freshTopic(6);
    await expectLanded(viaFile, await produce([...json(viaFile), '--command-config', config]), 20, bootstrap, config);
    const viaOptions = await freshTopic(6);
    const run = await produce([
      ...json(viaOptions),
      ...sslTo(bootstrap),
      '--ssl-cert',
      TLS.client.certFile,
      '--ssl-key',
      TLS.client.keyFile,
    ]);
    await expectLanded(viaOptions, run, 20, bootstrap, config);
  });

  it('SSL with an encrypted client key, its password from KAFKA_SSL_KEY_PASSWORD (never printed)', async () => {
    const keyPassword = `key-${randomBytes(9).toString('base64url')}`;
    const encrypted = join(dir, 'client-encrypted.key');
    execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-in',
      TLS.client.keyFile,
      '-out',
      encrypted,
      '-passout',
      `pass:${keyPassword}`,
    ]);
    const topic = await freshTopic(6);
    const args = [
      ...json(topic),
      ...sslTo(bootstrapFor('SSL')),
      '--ssl-cert',
      TLS.client.certFile,
      '--ssl-key',
      encrypted,
    ];
    const run = await produce([...args, '--debug'], { KAFKA_SSL_KEY_PASSWORD: keyPassword });
    expect(run.stderr.includes(keyPassword)).toBe(false);
    expect(run.stdout.includes(keyPassword)).toBe(false);
    await expectLanded(topic, run, 20, bootstrapFor('SSL'), join(CLIENT_CONFIG_DIR, 'ssl.properties'));
    const wrong = await produce(args, { KAFKA_SSL_KEY_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(2);
    expect(stderrLines(wrong)).toEqual([
      expect.stringMatching(
        /^simple-produce: --ssl-key: cannot read the key with the password from KAFKA_SSL_KEY_PASSWORD: /,
      ),
    ]);
  });

  it('warns about keys it does not use, naming them, and options win over the file', async () => {
    const topic = await freshTopic(6);
    const file = join(dir, 'extra.properties');
    writeFileSync(
      file,
      `${readFileSync(javaConfig('PLAIN'), 'utf8')}session.timeout.ms=45000\nclient.dns.lookup=use_all_dns_ips\nlinger.ms=notanumber-overridden\n`,
    );
    const run = await produce([...fullSpeed(topic, 3), '--command-config', file, '--linger-ms', '0']);
    expect(run.code).toBe(0);
    expect(stderrLines(run)[0]).toBe(
      `% warning: ${file}: ignoring keys simple-produce does not use: session.timeout.ms, client.dns.lookup`,
    );
    expect(run.stderr).toContain('% done: 3 sent, 3 delivered, 0 failed');
  });
});

describe('SASL_PLAINTEXT', () => {
  it('PLAIN on the loopback address: delivered, with no warning (the network path never leaves the machine)', async () => {
    const topic = await freshTopic(3);
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${user.password}\n`);
    const run = await produce([
      ...fullSpeed(topic, 5),
      '--quiet',
      '--brokers',
      bootstrapFor('SASL_PLAINTEXT'),
      '--security-protocol',
      'SASL_PLAINTEXT',
      '--sasl-mechanism',
      'PLAIN',
      '--sasl-username',
      user.username,
      '--sasl-password-file',
      passwordFile,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('warning');
    expect(run.stderr).toMatch(/^% done: 5 sent, 5 delivered, 0 failed/m);
  });
});

describe('refusals: one line, exit 3, within seconds', () => {
  for (const mechanism of SASL_MECHANISMS) {
    it(`a wrong password (${mechanism})`, async () => {
      const run = await produce([...ONE_MESSAGE, ...saslSsl(mechanism)], {
        KAFKA_SASL_PASSWORD: WRONG_PASSWORD,
      });
      expect(run.code).toBe(3);
      expect(stderrLines(run)).toEqual([
        `simple-produce: authentication failed for user ${user.username} (mechanism ${mechanism})`,
      ]);
      expect(run.ms).toBeLessThan(5000);
    });
  }

  it('a CA that did not sign the brokers', async () => {
    const other = await newCa(join(dir, 'other-ca'), 'some other CA');
    const run = await produce([...ONE_MESSAGE, '--command-config', javaConfig('PLAIN'), '--ssl-ca', other.certFile]);
    expect(run.code).toBe(3);
    expect(stderrLines(run)).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^simple-produce: TLS handshake with 127\.0\.0\.1:939\d failed: self-signed certificate in certificate chain \(SELF_SIGNED_CERT_IN_CHAIN\): the broker's certificate is not trusted/,
    );
    expect(run.ms).toBeLessThan(5000);
  });

  describe('a certificate for another host name', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      // A TLS server with a certificate the cluster's CA signed for wrong.example: the handshake, not
      // Kafka, is what fails, so a plain TLS server stands in for the broker.
      const ca = { certFile: TLS.ca.certFile, keyFile: TLS.ca.keyFile };
      const certDir = join(dir, 'wrong-host');
      mkdirSync(certDir, { recursive: true });
      const pair = await issue(ca, {
        dir: certDir,
        name: 'wrong',
        commonName: 'wrong.example',
        altNames: ['DNS:wrong.example'],
        usage: 'serverAuth',
      });
      server = createServer({ key: readFileSync(pair.keyFile), cert: readFileSync(pair.certFile) }, (s) => s.end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is refused with the TLS error that names it', async () => {
      const run = await produce([...ONE_MESSAGE, ...sslTo(`127.0.0.1:${port}`)]);
      expect(run.code).toBe(3);
      expect(stderrLines(run)).toEqual([
        expect.stringMatching(
          /^simple-produce: TLS handshake with 127\.0\.0\.1:\d+ failed: .*IP: 127\.0\.0\.1 is not in the cert's list.*\(ERR_TLS_CERT_ALTNAME_INVALID\)/,
        ),
      ]);
    });
  });

  it('the SSL listener without a client certificate', async () => {
    const run = await produce([...ONE_MESSAGE, ...sslTo(bootstrapFor('SSL'))]);
    expect(run.code).toBe(3);
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^simple-produce: TLS handshake .*--ssl-cert, --ssl-key\)$/),
    ]);
  });
});

describe('a properties file that cannot be read or parsed: the file (and line), exit 2', () => {
  it.each([
    [
      'a missing file',
      () => join(dir, 'missing.properties'),
      /--command-config: cannot read .*missing\.properties: no such file$/,
    ],
    ['a directory', () => dir, /--command-config: cannot read .*: a directory$/],
    [
      'a line that is not key=value',
      () => {
        const file = join(dir, 'garbage.properties');
        // "key value" is a key and its value in a .properties file; a word alone is not.
        writeFileSync(file, 'security.protocol=SASL_SSL\n# fine\ngarbage\n');
        return file;
      },
      /garbage\.properties:3: /,
    ],
    [
      'a sasl.jaas.config without its closing semicolon (the password is not quoted back)',
      () => {
        const file = join(dir, 'jaas.properties');
        const jaas = readFileSync(javaConfig('PLAIN'), 'utf8').replace(/";$/m, '"');
        writeFileSync(file, jaas);
        return file;
      },
      /jaas\.properties:5: sasl\.jaas\.config is not <LoginModule> required/,
    ],
    [
      'a JKS truststore',
      () => {
        const file = join(dir, 'jks.properties');
        writeFileSync(
          file,
          'security.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\nssl.truststore.password=changeit\n',
        );
        return file;
      },
      /jks\.properties:2: ssl\.truststore\.type JKS \(the default\) is not supported: convert/,
    ],
  ])('%s', async (_name, file, message) => {
    const run = await produce([...ONE_MESSAGE, '--command-config', file()]);
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(new RegExp(`^simple-produce: .*${message.source}`));
  });
});

describe('the password never appears', () => {
  it('in stdout, stderr or the --debug log of any scenario', async () => {
    const topic = await freshTopic(3);
    const passwordFile = join(dir, 'password-debug');
    writeFileSync(passwordFile, user.password);
    const librdkafka = join(dir, 'librdkafka-debug.properties');
    writeFileSync(
      librdkafka,
      `bootstrap.servers=${SASL_SSL}\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\nsasl.username=${user.username}\nsasl.password=${WRONG_PASSWORD}\nssl.ca.location=${TLS.ca.certFile}\n`,
    );
    const base = [...fullSpeed(topic, 3), '--debug', '--json'];
    const scenarios: [string, string[], Record<string, string>, number][] = [
      ...SASL_MECHANISMS.map((m): [string, string[], Record<string, string>, number] => [
        m,
        [...base, ...saslSsl(m)],
        { KAFKA_SASL_PASSWORD: user.password },
        0,
      ]),
      ...SASL_MECHANISMS.map((m): [string, string[], Record<string, string>, number] => [
        `${m}, wrong password`,
        [...base, ...saslSsl(m)],
        { KAFKA_SASL_PASSWORD: WRONG_PASSWORD },
        3,
      ]),
      ['password file', [...base, ...saslSsl('SCRAM-SHA-512'), '--sasl-password-file', passwordFile], {}, 0],
      ['Java properties', [...base, '--command-config', javaConfig('SCRAM-SHA-256')], {}, 0],
      ['librdkafka properties, wrong password', [...base, '--command-config', librdkafka], {}, 3],
      ['--verify', [...base, '--verify', '--command-config', javaConfig('PLAIN')], {}, 0],
    ];
    for (const [name, args, env, code] of scenarios) {
      const run = await produce(args, env);
      expect(run.code, name).toBe(code);
      // The debug log is there to be searched: kafkajs's own lines, SASL included.
      expect(run.stderr, name).toMatch(/kafkajs DEBUG .*SASL/);
    }
  });

  it('in the process title or command line', async () => {
    const topic = await freshTopic(3);
    const child = spawn(
      process.execPath,
      [BIN, '--topic', topic, '--count', '4', '--interval', '250', '--quiet', '--command-config', javaConfig('PLAIN')],
      { env: { ...process.env, KAFKA_SASL_PASSWORD: user.password }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 500));
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('--command-config');
    expect(cmdline.includes(user.password)).toBe(false);
    expect(await exited).toBe(0);
  });
});
