// client.properties in both dialects, the precedence of command line, file and environment, the checks
// on TLS material, and what becomes of a password: pure logic, no cluster.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issue, type KeyPair, newCa } from '../../kafka/tls.js';
import { parseArgs } from '../../src/args.js';
import { parseClientProperties, parseJaasConfig } from '../../src/client-properties.js';
import { translateConnectError } from '../../src/kafka-errors.js';
import type { Config } from '../../src/options.js';
import { redactor, Secret } from '../../src/secret.js';
import { resolveSecurity, type Security, type SecurityInput } from '../../src/security.js';
import { securityFromFile } from '../../src/security-from-file.js';

let dir: string;
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
let caFile: string;
let certFile: string;
let keyFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'simple-produce-unit-'));
  caFile = join(dir, 'ca.pem');
  certFile = join(dir, 'client.pem');
  keyFile = join(dir, 'client.key');
  writeFileSync(caFile, CERT);
  writeFileSync(certFile, CERT);
  writeFileSync(keyFile, KEY);
});

const fileInput = (text: string, name = 'client.properties') =>
  securityFromFile(parseClientProperties(text, name)).input;
const resolve = (sources: SecurityInput[], brokers = ['localhost:9092']) => {
  const warnings: string[] = [];
  const security = resolveSecurity(sources, brokers, (w) => warnings.push(w));
  return { security, warnings };
};

describe('client.properties, Java dialect', () => {
  it('reads = and : separators, comments, continued lines and \\u escapes, with line numbers', () => {
    const props = parseClientProperties(
      [
        '# comment',
        '! also a comment',
        'bootstrap.servers : b1:9092,b2:9092',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
        '    username="alice" \\',
        '    password="p\\u00e4ss";',
        'security.protocol=SASL_SSL',
      ].join('\n'),
      'c.properties',
    );
    expect(props.dialect).toBe('java');
    expect(props.entries.get('bootstrap.servers')).toEqual({
      key: 'bootstrap.servers',
      value: 'b1:9092,b2:9092',
      where: 'c.properties:3',
    });
    expect(props.entries.get('sasl.jaas.config')?.where).toBe('c.properties:4');
    expect(props.entries.get('security.protocol')?.where).toBe('c.properties:7');
    const input = securityFromFile(props).input;
    expect(input.username?.value).toBe('alice');
    expect(input.password?.value.reveal()).toBe('päss');
  });

  it('refuses a key alone on its line, with file and line', () => {
    expect(() => parseClientProperties('a=1\n\nlonely\n', 'c.properties')).toThrow(
      'c.properties:3: expected key=value, found "lonely" alone',
    );
  });

  it('PlainLoginModule implies PLAIN; ScramLoginModule needs sasl.mechanism', () => {
    const plain = fileInput(
      'security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p;',
    );
    expect(plain.mechanism?.value).toBe('PLAIN');
    const scram = fileInput(
      'security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    );
    expect(() => resolve([scram])).toThrow('SASL needs --sasl-mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)');
  });

  it('refuses other login modules, JKS stores and unknown mechanisms, naming the line', () => {
    expect(() =>
      fileInput('sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;'),
    ).toThrow('client.properties:1: sasl.jaas.config: OAuthBearerLoginModule is not supported');
    expect(() => fileInput('security.protocol=SSL\nssl.truststore.location=/t.jks\nssl.truststore.type=JKS')).toThrow(
      'client.properties:3: ssl.truststore.type JKS is not supported: convert the store to PEM',
    );
    expect(() => fileInput('ssl.keystore.location=/k.p12\nssl.keystore.type=PKCS12')).toThrow(
      'client.properties:2: ssl.keystore.type PKCS12 is not supported',
    );
    expect(() => fileInput('security.protocol=SASL_SSL\nsasl.mechanism=GSSAPI')).toThrow(
      'client.properties:2: sasl.mechanism: must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, not "GSSAPI"',
    );
  });

  it('a PEM keystore file is both the certificate and the key; a PEM truststore is the CA', () => {
    const input = fileInput(
      `security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=${caFile}\nssl.keystore.type=PEM\nssl.keystore.location=/k.pem`,
    );
    expect(input.ca?.value).toEqual({ file: caFile });
    expect(input.cert?.value).toEqual({ file: '/k.pem' });
    expect(input.key?.value).toEqual({ file: '/k.pem' });
  });
});

describe('client.properties, librdkafka dialect', () => {
  it('is recognised by its keys and read literally: a backslash in a password stays', () => {
    const props = parseClientProperties(
      'bootstrap.servers=b:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512\nsasl.username=bob\nsasl.password=a\\b=c \n',
      'rd.properties',
    );
    expect(props.dialect).toBe('librdkafka');
    const { security } = resolve([securityFromFile(props).input]);
    expect(security.sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(security.sasl?.username).toBe('bob');
    expect(security.sasl?.password.reveal()).toBe('a\\b=c');
  });

  it('refuses a line without =, with file and line', () => {
    expect(() => parseClientProperties('sasl.username=u\n# c\nnonsense line\n', 'rd.properties')).toThrow(
      'rd.properties:3: expected key=value, found "nonsense line"',
    );
  });
});

describe('sasl.jaas.config', () => {
  it('reads quoted values with escapes and unquoted values', () => {
    expect(parseJaasConfig('a.b.PlainLoginModule required username="x \\"y\\"" password=z;', 'f:1')).toEqual({
      module: 'a.b.PlainLoginModule',
      options: { username: 'x "y"', password: 'z' },
    });
  });

  it('says what is wrong without quoting the password back', () => {
    for (const text of [
      'PlainLoginModule required username="u" password="hunter2"',
      'PlainLoginModule username="u" password="hunter2";',
      'PlainLoginModule required username="u" password="hunter2;',
    ]) {
      let message = '';
      try {
        parseJaasConfig(text, 'f:4');
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^f:4: sasl\.jaas\.config is not/);
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('resolving: command line, then file, then environment', () => {
  const cli: SecurityInput = { password: { value: new Secret('from-cli'), from: '--sasl-password-file' } };
  const file: SecurityInput = {
    protocol: { value: 'SASL_SSL', from: 'f:1' },
    mechanism: { value: 'PLAIN', from: 'f:2' },
    username: { value: 'u', from: 'f:3' },
    password: { value: new Secret('from-file'), from: 'f:4' },
  };
  const env: SecurityInput = { password: { value: new Secret('from-env'), from: 'KAFKA_SASL_PASSWORD' } };

  it('takes each setting from the first source that has it', () => {
    expect(resolve([cli, file, env]).security.sasl?.password.reveal()).toBe('from-cli');
    expect(resolve([{}, file, env]).security.sasl?.password.reveal()).toBe('from-file');
    const { password: _, ...noPassword } = file;
    expect(resolve([{}, noPassword, env]).security.sasl?.password.reveal()).toBe('from-env');
  });

  it('asks for what SASL lacks', () => {
    const sasl: SecurityInput = { protocol: { value: 'SASL_SSL', from: '--security-protocol' } };
    expect(() => resolve([sasl])).toThrow('SASL needs --sasl-mechanism');
    sasl.mechanism = { value: 'SCRAM-SHA-256', from: '--sasl-mechanism' };
    expect(() => resolve([sasl])).toThrow('SASL needs --sasl-username');
    sasl.username = { value: 'alice', from: '--sasl-username' };
    expect(() => resolve([sasl])).toThrow(
      "SASL needs alice's password: set KAFKA_SASL_PASSWORD or pass --sasl-password-file",
    );
  });

  it('refuses SASL or TLS options that the protocol would ignore; leaves a file or the environment be', () => {
    expect(() => resolve([{ username: { value: 'u', from: '--sasl-username' } }])).toThrow(
      '--sasl-username: SASL settings need SASL_PLAINTEXT or SASL_SSL, but the security protocol is PLAINTEXT',
    );
    expect(() => resolve([{ ca: { value: { file: caFile }, from: '--ssl-ca' } }])).toThrow(
      '--ssl-ca: TLS settings need SSL or SASL_SSL',
    );
    expect(resolve([{ ca: { value: { file: caFile }, from: 'f:2' } }, env]).security).toEqual({
      protocol: 'PLAINTEXT',
      sasl: null,
      tls: null,
    });
  });

  it('warns about SASL_PLAINTEXT beyond the loopback address, not on it', () => {
    const sasl = { ...file, protocol: { value: 'SASL_PLAINTEXT' as const, from: 'f:1' } };
    expect(resolve([sasl], ['127.0.0.1:9292', 'localhost:9293', '[::1]:9294']).warnings).toEqual([]);
    expect(resolve([sasl], ['127.0.0.1:9292', 'kafka.example.com:9092']).warnings).toEqual([
      'SASL_PLAINTEXT to kafka.example.com:9092: credentials and messages cross the network unencrypted (use SASL_SSL)',
    ]);
  });
});

describe('TLS material', () => {
  const ssl = (input: SecurityInput) =>
    resolve([{ protocol: { value: 'SSL', from: '--security-protocol' }, ...input }]);

  it('reads PEM files; verification is on unless turned off, and off warns', () => {
    const { security, warnings } = ssl({ ca: { value: { file: caFile }, from: '--ssl-ca' } });
    expect(security.tls).toMatchObject({
      ca: CERT,
      cert: null,
      key: null,
      verifyCertificate: true,
      verifyHostname: true,
    });
    expect(warnings).toEqual([]);
    const off = ssl({ verifyCertificate: { value: false, from: '--ssl-skip-verify' } });
    expect(off.security.tls).toMatchObject({ verifyCertificate: false, verifyHostname: false });
    expect(off.warnings).toEqual([
      'TLS certificate verification is off (--ssl-skip-verify): anyone on the network path can pose as the brokers',
    ]);
  });

  it('names the option and file it cannot read or that is not PEM', () => {
    expect(() => ssl({ ca: { value: { file: join(dir, 'nope.pem') }, from: '--ssl-ca' } })).toThrow(
      `--ssl-ca: cannot read CA file ${join(dir, 'nope.pem')}: no such file`,
    );
    expect(() => ssl({ ca: { value: { file: keyFile }, from: 'f:3' } })).toThrow(
      `f:3: the CA file ${keyFile} is not PEM`,
    );
  });

  it('a certificate needs its key', () => {
    expect(() => ssl({ cert: { value: { file: certFile }, from: '--ssl-cert' } })).toThrow(
      '--ssl-cert: a client certificate needs its key too (--ssl-key)',
    );
  });

  describe('a real key pair (made with openssl)', () => {
    let pair: KeyPair;
    let other: KeyPair;
    let encrypted: string;
    beforeAll(async () => {
      const ca = await newCa(join(dir, 'ca'), 'unit test CA');
      pair = await issue(ca, { dir: join(dir, 'ca'), name: 'client', commonName: 'u', usage: 'clientAuth' });
      other = await issue(ca, { dir: join(dir, 'ca'), name: 'other', commonName: 'o', usage: 'clientAuth' });
      encrypted = join(dir, 'ca', 'client-encrypted.key');
      execFileSync('openssl', [
        'pkcs8',
        '-topk8',
        '-in',
        pair.keyFile,
        '-out',
        encrypted,
        '-passout',
        'pass:open-sesame',
      ]);
    });
    const given = (certFile: string, keyFile: string) => ({
      cert: { value: { file: certFile }, from: '--ssl-cert' },
      key: { value: { file: keyFile }, from: '--ssl-key' },
    });
    const password = (text: string) => ({ keyPassword: { value: new Secret(text), from: 'KAFKA_SSL_KEY_PASSWORD' } });

    it('is accepted; an encrypted key wants its password, the right one', () => {
      expect(ssl(given(pair.certFile, pair.keyFile)).security.tls?.key).toContain('PRIVATE KEY');
      expect(() => ssl(given(pair.certFile, encrypted))).toThrow(
        '--ssl-key: the key is encrypted: set KAFKA_SSL_KEY_PASSWORD (or ssl.key.password)',
      );
      expect(
        ssl({ ...given(pair.certFile, encrypted), ...password('open-sesame') }).security.tls?.keyPassword?.reveal(),
      ).toBe('open-sesame');
      let message = '';
      try {
        ssl({ ...given(pair.certFile, encrypted), ...password('wrong-sesame') });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^--ssl-key: cannot read the key with the password from KAFKA_SSL_KEY_PASSWORD: /);
      expect(message).not.toContain('wrong-sesame');
    });

    it("refuses a key that is not the certificate's", () => {
      expect(() => ssl(given(pair.certFile, other.keyFile))).toThrow(
        '--ssl-key: the key does not belong to the certificate (--ssl-cert)',
      );
    });
  });
});

describe('a password', () => {
  it('prints, serialises and inspects as [redacted]', () => {
    const secret = new Secret('hunter2');
    const holder = { sasl: { password: secret } };
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify(holder)).toBe('{"sasl":{"password":"[redacted]"}}');
    expect(inspect(holder, { depth: 5 })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2');
  });

  it('is cut out of any text by the redactor', () => {
    const security: Security = {
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'PLAIN', username: 'u', password: new Secret('hunter2') },
      tls: null,
    };
    expect(redactor(security)('a hunter2 b hunter2')).toBe('a [redacted] b [redacted]');
  });
});

describe('refusals, translated', () => {
  const security: Security = {
    protocol: 'SASL_SSL',
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: new Secret('pw') },
    tls: { ca: null, cert: null, key: null, keyPassword: null, verifyCertificate: true, verifyHostname: true },
  };
  const translate = (err: object) => translateConnectError(err, ['b:9096'], security);

  it('a wrong password: the user and mechanism, exit 3', () => {
    const error = translate({
      name: 'KafkaJSSASLAuthenticationError',
      message:
        'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    });
    expect(error.message).toBe('authentication failed for user alice (mechanism SCRAM-SHA-512)');
    expect(error.exitCode).toBe(3);
    expect(error.retriable).toBe(false);
  });

  it("OpenSSL's multi-line text shrinks to its reason, on one line", () => {
    const error = translate({
      name: 'KafkaJSConnectionError',
      broker: 'b:9096',
      code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      message:
        'Connection error: 80FC2E2F4E7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n',
    });
    expect(error.message).toBe(
      'TLS handshake with b:9096 failed: sslv3 alert bad certificate (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE): the broker refused our client certificate, or wants one (--ssl-cert, --ssl-key)',
    );
  });

  it('an untrusted certificate points at --ssl-ca; a refused connection stays a connection error', () => {
    expect(
      translate({ name: 'KafkaJSConnectionError', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }).message,
    ).toMatch(/not trusted \(give its CA with --ssl-ca\)$/);
    const refused = translate({
      name: 'KafkaJSConnectionError',
      code: 'ECONNREFUSED',
      message: 'Connection error: refused',
    });
    expect(refused.code).toBe('CONNECT');
  });
});

describe('the command line with --command-config', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const parse = (...argv: string[]): Config => {
    let errors = '';
    const stderr = { write: (text: string) => (errors += text) } as unknown as NodeJS.WritableStream;
    const config = parseArgs(['--topic', 't', ...argv], stderr);
    if (typeof config === 'number') throw new Error(errors.trim());
    return config;
  };

  it("the file's producer settings apply where the command line is silent; the file beats the environment", () => {
    vi.stubEnv('KAFKA_BROKERS', 'env-broker:9092');
    const file = join(dir, 'producer.properties');
    writeFileSync(
      file,
      'bootstrap.servers=file-broker:9092\nlinger.ms=50\ncompression.type=gzip\nclient.id=from-file\n',
    );
    expect(parse('--command-config', file)).toMatchObject({
      brokers: ['file-broker:9092'],
      lingerMs: 50,
      compression: 'gzip',
      clientId: 'from-file',
    });
    expect(parse('--command-config', file, '--brokers', 'cli-broker:9092', '--linger-ms', '0')).toMatchObject({
      brokers: ['cli-broker:9092'],
      lingerMs: 0,
    });
    expect(parse().brokers).toEqual(['env-broker:9092']);
  });

  it('a bad value in the file names the line', () => {
    const file = join(dir, 'bad-linger.properties');
    writeFileSync(file, '# producer\nlinger.ms=soon\n');
    expect(() => parse('--command-config', file)).toThrow(
      `simple-produce: ${file}:2: linger.ms: must be a non-negative integer, not "soon"`,
    );
  });

  it('KAFKA_SASL_PASSWORD is the last resort, and never shows in the config', () => {
    vi.stubEnv('KAFKA_SASL_PASSWORD', 'from-env');
    const config = parse('--security-protocol', 'SASL_PLAINTEXT', '--sasl-mechanism', 'PLAIN', '--sasl-username', 'u');
    expect(config.security.sasl?.password.reveal()).toBe('from-env');
    expect(JSON.stringify(config)).not.toContain('from-env');
    expect(inspect(config, { depth: 10 })).not.toContain('from-env');
  });

  it('--sasl-password is refused without echoing its value', () => {
    expect(() => parse('--sasl-password', 'hunter2')).toThrow(
      'simple-produce: --sasl-password is not an option: a command line is visible to every user of the machine; set KAFKA_SASL_PASSWORD or pass --sasl-password-file',
    );
  });
});
