// SASL/OAUTHBEARER against the local cluster, whose brokers validate each JWT with Kafka's own
// validator against the JWKS of a real OpenID provider (oidc-provider) that this file starts: tokens
// by the client credentials grant and from a file, in both client.properties dialects; a run that
// outlives many short tokens; refusals in one line with exit 3. What landed is read back by kcat and
// Kafka's console consumer on the plaintext listener, and no output ever holds a secret or a token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapFor, TLS } from '../../kafka/cluster.js';
import type { RunningProvider } from '../../kafka/identity-provider.js';
import { type CliResult, fullSpeed, type JsonEvent, jsonEvents, placeOf, runCli } from '../support/cli.js';
import {
  CLIENT_IDS,
  expectNoSecretOrToken,
  OIDC_TOKEN_ENDPOINT,
  oidcOptions,
  secretEnv,
  secretOf,
  startProvider,
} from '../support/oauth.js';
import { consoleConsume, kcatRecords } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider?.close();
});

const dir = mkdtempSync(join(tmpdir(), 'simple-produce-oauth-'));

async function produce(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const run = await runCli(args, env);
  expectNoSecretOrToken(run);
  return run;
}

const delivered = (run: CliResult) => jsonEvents(run.stdout).filter((e: JsonEvent) => e.event === 'delivered');

/** Every record the run reports delivered is where it says, with the walk-through's value, and the
 * topic holds nothing else: read by Kafka's console consumer. */
async function expectWalkThroughLanded(topic: string, run: CliResult, count: number) {
  expect(run.code).toBe(0);
  expect(run.stderr).not.toMatch(/warning|failed delivery/);
  const reported = delivered(run).map(placeOf).sort();
  expect(reported).toHaveLength(count);
  const records = await consoleConsume(topic, count);
  expect(records.map(placeOf).sort()).toEqual(reported);
  for (const r of records) expect(r.value).toBe(`hello world: ${r.key}`);
}

describe('OAUTHBEARER by the client credentials grant', () => {
  it("the walk-through's job, one message a second, over SASL_SSL", async () => {
    const topic = await freshTopic(6);
    const args = ['--topic', topic, '--count', '4', '--interval', '1000', '--json'];
    const run = await produce([...args, ...oidcOptions(CLIENT_IDS.standard, true)], secretEnv());
    await expectWalkThroughLanded(topic, run, 4);
    expect(provider.issued.get(CLIENT_IDS.standard)).toBeGreaterThan(0);
  });

  it('a 100 000-line input over SASL_PLAINTEXT: every line once, where its report says', async () => {
    const topic = await freshTopic(6);
    const input = join(dir, 'lines.txt');
    const lines = Array.from({ length: 100_000 }, (_, n) => `k${n}|value ${n}`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const run = await produce(['--topic', topic, '--input', input, '-K', '|', '--json', ...oidcOptions()], secretEnv());
    expect(run.code).toBe(0);
    const reported = delivered(run);
    expect(reported).toHaveLength(100_000);
    const records = await kcatRecords(topic);
    expect(records).toHaveLength(100_000);
    const stored = new Map(records.map((r) => [`${r.partition}|${r.offset}`, `${r.key}|${r.value}`]));
    for (const e of reported) {
      expect(stored.get(`${e.partition}|${e.offset}`)).toBe(`${e.key}|value ${String(e.key).slice(1)}`);
    }
  });

  it('a run several times longer than its tokens: renewed, re-authenticated, every record once', async () => {
    const topic = await freshTopic(6);
    const before = provider.issued.get(CLIENT_IDS.shortLived) ?? 0;
    const args = ['--topic', topic, '--duration', '30', '--interval', '50', '--json', '--debug'];
    const run = await runCli([...args, ...oidcOptions(CLIENT_IDS.shortLived)], secretEnv(CLIENT_IDS.shortLived));
    expectNoSecretOrToken(run);
    expect(run.code).toBe(0);
    const reported = delivered(run).map(placeOf).sort();
    expect(reported).toHaveLength(600);
    const records = await consoleConsume(topic, 600);
    expect(records.map(placeOf).sort()).toEqual(reported);
    // Tokens of 10 s over 30 s: renewed at least twice.
    expect((provider.issued.get(CLIENT_IDS.shortLived) ?? 0) - before).toBeGreaterThanOrEqual(3);
    // A SASL handshake after a connection's first requests is a re-authentication (KIP-368); had the
    // client not made them, the brokers would have closed each connection whose token expired.
    const handshakes = run.stderr.split('\n').filter((l) => l.includes('Request SaslHandshake'));
    const reauthentications = handshakes.filter((l) => Number(/"correlationId":(\d+)/.exec(l)?.[1]) > 2);
    expect(reauthentications.length).toBeGreaterThanOrEqual(2);
    expect(run.stderr).not.toMatch(/Connection closed|ECONNRESET|KafkaJSConnectionError|SASL_AUTHENTICATION_FAILED/);
  });
});

describe('--command-config in both dialects, and a token from a file', () => {
  const secret = () => secretOf(CLIENT_IDS.standard);

  it("librdkafka's sasl.oauthbearer.method=oidc", async () => {
    const config = join(dir, 'librdkafka.properties');
    writeFileSync(
      config,
      [
        `bootstrap.servers=${bootstrapFor('SASL_PLAINTEXT')}`,
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanisms=OAUTHBEARER',
        'sasl.oauthbearer.method=oidc',
        `sasl.oauthbearer.client.id=${CLIENT_IDS.standard}`,
        `sasl.oauthbearer.client.secret=${secret()}`,
        `sasl.oauthbearer.token.endpoint.url=${OIDC_TOKEN_ENDPOINT}`,
        'sasl.oauthbearer.scope=kafka',
        '',
      ].join('\n'),
    );
    const topic = await freshTopic(6);
    // No --brokers: bootstrap.servers comes from the file and wins over KAFKA_BROKERS (runCli sets it).
    const run = await produce([...fullSpeed(topic, 20), '--json', '--command-config', config]);
    await expectWalkThroughLanded(topic, run, 20);
  });

  it("the Java client's OAuthBearerLoginModule with clientId and clientSecret", async () => {
    const config = join(dir, 'java.properties');
    writeFileSync(
      config,
      [
        `bootstrap.servers=${bootstrapFor('SASL_SSL')}`,
        'security.protocol=SASL_SSL',
        'sasl.mechanism=OAUTHBEARER',
        `sasl.oauthbearer.token.endpoint.url=${OIDC_TOKEN_ENDPOINT}`,
        'sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
        `sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="${CLIENT_IDS.standard}" clientSecret="${secret()}" scope="kafka";`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${TLS.ca.certFile}`,
        '',
      ].join('\n'),
    );
    const topic = await freshTopic(6);
    const run = await produce([...fullSpeed(topic, 20), '--json', '--command-config', config]);
    await expectWalkThroughLanded(topic, run, 20);
  });

  it('--oauth-token-file: a token another tool fetched', async () => {
    const response = await fetch(OIDC_TOKEN_ENDPOINT, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT_IDS.standard}:${secret()}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const file = join(dir, 'token');
    writeFileSync(file, `${token}\n`);
    const topic = await freshTopic(6);
    const args = [
      ...fullSpeed(topic, 20),
      '--json',
      '--brokers',
      bootstrapFor('SASL_PLAINTEXT'),
      '--security-protocol',
      'SASL_PLAINTEXT',
      '--sasl-mechanism',
      'OAUTHBEARER',
      '--oauth-token-file',
      file,
    ];
    const run = await produce(args);
    expect(run.stdout.includes(token) || run.stderr.includes(token)).toBe(false);
    await expectWalkThroughLanded(topic, run, 20);
  });
});

describe('refusals: one line, exit 3, within the time bound, nothing sent', () => {
  const one = (timeoutMs = 10_000) => ['--topic', 'never.created', '--count', '1', '--timeout', String(timeoutMs)];

  async function refused(args: string[], env: Record<string, string>, line: RegExp) {
    const run = await produce([...one(), ...args], env);
    expect(run.code).toBe(3);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(run.ms).toBeLessThan(10_000);
  }

  it('a wrong client secret', async () => {
    await refused(
      oidcOptions(),
      { KAFKA_OAUTH_CLIENT_SECRET: 'not-the-secret' },
      /^simple-produce: OAuth token endpoint http:\/\/127\.0\.0\.1:\d+\/token refused client simple-produce: invalid_client .*check the client id and secret$/,
    );
  });

  it('a token endpoint that does not answer', async () => {
    const down = oidcOptions().map((a) => (a === OIDC_TOKEN_ENDPOINT ? 'http://127.0.0.1:9/token' : a));
    await refused(
      down,
      secretEnv(),
      /^simple-produce: OAuth token endpoint http:\/\/127\.0\.0\.1:9\/token: cannot get a token: ECONNREFUSED$/,
    );
  });

  it('a token endpoint that takes the connection and never answers: given up at --timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}/token`;
    try {
      const args = oidcOptions().map((a) => (a === OIDC_TOKEN_ENDPOINT ? endpoint : a));
      const run = await produce([...one(3000), ...args], secretEnv());
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        `simple-produce: OAuth token endpoint ${endpoint}: cannot get a token: no answer within 2250 ms\n`,
      );
      expect(run.ms).toBeLessThan(8_000);
    } finally {
      silent.close();
    }
  });

  it('a token for an audience the brokers do not expect', async () => {
    await refused(
      [...oidcOptions(), '--oauth-audience', 'urn:simple-produce:another-cluster'],
      secretEnv(),
      /^simple-produce: 127\.0\.0\.1:\d+ refused the token of OAuth client simple-produce of http:\/\/127\.0\.0\.1:\d+: invalid_token \(the token's issuer "http:\/\/127\.0\.0\.1:\d+", audience "urn:simple-produce:another-cluster", /,
    );
  });

  it('the secret and the token stay out of the --debug log too', async () => {
    const run = await produce([...one(), ...oidcOptions(), '--debug'], secretEnv());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('SaslAuthenticate');
  });
});
