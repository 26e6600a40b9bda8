// The command line with --command-config: the file's settings, its errors, and passwords.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig, passwordSasl, pemFolder } from '../../support/security-fixtures.js';

const { dir } = pemFolder();

describe('the command line with --command-config', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const parse = parseConfig;

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

  it('takes transactional.id and transaction.timeout.ms from the file, and ignores its max.in.flight with a warning', () => {
    const file = join(dir, 'transactional.properties');
    writeFileSync(
      file,
      'transactional.id=loader\ntransaction.timeout.ms=30000\nmax.in.flight.requests.per.connection=5\n',
    );
    const config = parse('--command-config', file);
    expect(config).toMatchObject({ transactionalId: 'loader', transactionTimeoutMs: 30_000 });
    expect(config.warnings).toEqual([
      '--transactional-id: a transaction sends with one producer id, one request at a time to each broker: ignoring max.in.flight 5 of --command-config',
    ]);
  });

  it('a bad value in the file names the line', () => {
    const file = join(dir, 'bad-linger.properties');
    writeFileSync(file, '# producer\nlinger.ms=soon\n');
    expect(() => parse('--command-config', file)).toThrow(
      `simple-produce: ${file}:2: linger.ms must be an integer from 0 to 900000, not "soon"`,
    );
  });

  it('KAFKA_SASL_PASSWORD is the last resort, and never shows in the config', () => {
    vi.stubEnv('KAFKA_SASL_PASSWORD', 'from-env');
    const config = parse('--security-protocol', 'SASL_PLAINTEXT', '--sasl-mechanism', 'PLAIN', '--sasl-username', 'u');
    expect(passwordSasl(config.security).password.reveal()).toBe('from-env');
    expect(JSON.stringify(config)).not.toContain('from-env');
    expect(inspect(config, { depth: 10 })).not.toContain('from-env');
  });

  it('--sasl-password is refused without echoing its value', () => {
    expect(() => parse('--sasl-password', 'hunter2')).toThrow(
      'simple-produce: --sasl-password is not an option: a command line is visible to every user of the machine; set KAFKA_SASL_PASSWORD or pass --sasl-password-file',
    );
  });
});
