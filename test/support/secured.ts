// What the tests of the secured listeners share (secured.test.ts, secured-dialects.test.ts): the
// local cluster's user, a scratch folder, runs whose every output is searched for the passwords, and
// the check that what they report delivered is what Kafka's console consumer reads.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { bootstrapFor, CLIENT_CONFIG_DIR, localUser, type SASL_MECHANISMS, TLS } from '../../kafka/cluster.js';
import { type CliResult, fullSpeed, jsonEvents, runCli } from './cli.js';
import { consoleConsume } from './oracles.js';

/** The cluster's SASL user (global-setup has made its secrets before any test file loads). */
export const user = localUser();
export const dir = mkdtempSync(join(tmpdir(), 'simple-produce-secured-'));

export type Mechanism = (typeof SASL_MECHANISMS)[number];

export const WRONG_PASSWORD = `wrong-${randomBytes(9).toString('base64url')}`;
export const SASL_SSL = bootstrapFor('SASL_SSL');
export const javaConfig = (mechanism: Mechanism) =>
  join(CLIENT_CONFIG_DIR, `sasl_ssl-${mechanism.toLowerCase()}.properties`);

/** Every output of every run in this file is searched for both passwords. */
export function expectNoSecret(run: CliResult): void {
  for (const secret of [user.password, WRONG_PASSWORD]) {
    expect(run.stdout.includes(secret), 'password on stdout').toBe(false);
    expect(run.stderr.includes(secret), 'password on stderr').toBe(false);
  }
}

export async function produce(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const run = await runCli(args, env);
  expectNoSecret(run);
  return run;
}

export const stderrLines = (run: CliResult) => run.stderr.split('\n').filter((l) => l !== '');

/** The delivered events of a --json run equal what the console consumer reads with these properties. */
export async function expectLanded(topic: string, run: CliResult, count: number, bootstrap: string, config: string) {
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain('warning');
  const delivered = jsonEvents(run.stdout)
    .filter((e) => e.event === 'delivered')
    .map((e) => `${e.key}|${e.partition}|${e.offset}`)
    .sort();
  expect(delivered).toHaveLength(count);
  const records = await consoleConsume(topic, count, { bootstrap, config });
  expect(records.map((r) => `${r.key}|${r.partition}|${r.offset}`).sort()).toEqual(delivered);
  for (const r of records) expect(r.value).toBe(`hello world: ${r.key}`);
}

/** A run that is refused before it sends: its topic is never created. */
export const ONE_MESSAGE = ['--topic', 'never.created', '--count', '1'];

/** The options for TLS to these brokers, trusting the cluster's CA. */
export const sslTo = (brokers: string) => [
  '--brokers',
  brokers,
  '--security-protocol',
  'SSL',
  '--ssl-ca',
  TLS.ca.certFile,
];

/** The options for the SASL_SSL listener with the test user (the password comes from elsewhere). */
export const saslSsl = (mechanism: Mechanism) => [
  '--brokers',
  SASL_SSL,
  '--security-protocol',
  'SASL_SSL',
  '--sasl-mechanism',
  mechanism,
  '--sasl-username',
  user.username,
  '--ssl-ca',
  TLS.ca.certFile,
];

export const json = (topic: string, count = 20) => [...fullSpeed(topic, count), '--json'];
