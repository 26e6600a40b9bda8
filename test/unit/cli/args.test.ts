import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.js';
import type { Config } from '../../../src/cli/config.js';

function parse(argv: string[], env: Record<string, string> = {}) {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      stderr += chunk;
      done();
    },
  });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { result: parseArgs(argv, sink), stderr };
  } finally {
    process.env = saved;
  }
}

function config(argv: string[], env: Record<string, string> = {}): Config {
  const { result, stderr } = parse(argv, env);
  if (typeof result === 'number') throw new Error(`exit ${result}: ${stderr}`);
  return result;
}

describe('parseArgs', () => {
  it("defaults to the walk-through's run: 60 s, one message a second, localhost:9092, acks all, idempotent", () => {
    delete process.env.KAFKA_BROKERS;
    expect(config(['--topic', 'pcy.simple.producer'])).toMatchObject({
      topic: 'pcy.simple.producer',
      brokers: ['localhost:9092'],
      durationMs: 60_000,
      count: null,
      intervalMs: 1000,
      acks: -1,
      idempotence: true,
    });
  });

  it('takes the brokers from KAFKA_BROKERS, and --brokers over it', () => {
    expect(config(['-t', 't'], { KAFKA_BROKERS: 'a:1,b:2' }).brokers).toEqual(['a:1', 'b:2']);
    expect(config(['-t', 't', '-b', 'c:3'], { KAFKA_BROKERS: 'a:1' }).brokers).toEqual(['c:3']);
  });

  it("gives a broker without a port Kafka's 9092 and keeps IPv6 literals", () => {
    expect(config(['-t', 't', '-b', 'kafka01,[::1]:9093']).brokers).toEqual(['kafka01:9092', '[::1]:9093']);
  });

  it('turns idempotence off for acks 0 and 1, and on request', () => {
    expect(config(['-t', 't', '--acks', '1']).idempotence).toBe(false);
    expect(config(['-t', 't', '--acks', '0']).acks).toBe(0);
    expect(config(['-t', 't', '--no-idempotence']).idempotence).toBe(false);
  });

  it('collects repeated headers and renders the key and value templates', () => {
    const c = config(['-t', 't', '-H', 'a=1', '--header', 'b=x=y', '-H', 'a=2', '--key', 'k{n}', '--value', 'v{n}']);
    expect(c.headers?.map(([name, v]) => `${name}=${v}`)).toEqual(['a=1', 'b=x=y', 'a=2']);
    expect([c.key(4), c.value(4)]).toEqual(['k4', 'v4']);
  });

  it('turns --rate into a fixed interval, pads values to --value-size, and passes linger and batch size on', () => {
    const c = config(['-t', 't', '--rate', '400', '--value-size', '20', '--linger-ms', '50', '--batch-size', '65536']);
    expect(c).toMatchObject({ intervalMs: 2.5, lingerMs: 50, batchMaxBytes: 65536 });
    expect(c.value(7)).toBe('hello world: 7xxxxxx');
    expect(config(['-t', 't']).lingerMs).toBe(5);
  });

  it('takes a transactional run: its id, the records a transaction and its timeout', () => {
    expect(config(['-t', 't'])).toMatchObject({ transactionalId: null, transactionSize: null });
    expect(config(['-t', 't', '--transactional-id', 'load-1'])).toMatchObject({
      transactionalId: 'load-1',
      transactionSize: null,
      transactionTimeoutMs: 60_000,
      acks: -1,
      idempotence: true,
    });
    const sized = config([
      '-t',
      't',
      '--transactional-id',
      'x',
      '--transaction-size',
      '500',
      '--transaction-timeout',
      '9000',
    ]);
    expect(sized).toMatchObject({ transactionSize: 500, transactionTimeoutMs: 9000 });
  });

  it('takes --count, --interval and --duration as integers', () => {
    expect(config(['-t', 't', '--count', '5', '--interval', '0'])).toMatchObject({ count: 5, intervalMs: 0 });
    expect(config(['-t', 't', '--duration', '10']).durationMs).toBe(10_000);
  });

  it.each([
    [[], '--topic is required'],
    [['-t', ''], '--topic must be'],
    [['-t', '.'], 'not a valid topic name'],
    [['-t', '..'], 'not a valid topic name'],
    [['-t', 'a b'], '--topic must be'],
    [['-t', 'x'.repeat(250)], '--topic must be'],
    [['-t', 't', '--duration', '-1'], '--duration must be an integer from 0 to 31536000, not "-1"'],
    [['-t', 't', '--duration', '1.5'], '--duration must be an integer from 0 to'],
    [['-t', 't', '--count', 'ten'], '--count must be an integer from 0 to'],
    [['-t', 't', '--interval', '1e3'], '--interval must be an integer from 0 to 86400000'],
    [['-t', 't', '-b', ''], '--brokers must be'],
    [['-t', 't', '-b', 'a:1,,b:2'], '--brokers must be'],
    [['-t', 't', '-b', 'host:99999'], 'is not host:port'],
    [['-t', 't', '-b', 'ho st:1'], 'is not host:port'],
    [['-t', 't', '--acks', '2'], '--acks must be all, 1 or 0'],
    [['-t', 't', '--acks', '1', '--idempotence'], '--idempotence requires --acks all'],
    [['-t', 't', '--count', '1', '--duration', '1'], 'either --duration or --count'],
    [['-t', 't', '--timeout', '0'], '--timeout must be an integer from 1 to 86400000, not "0"'],
    [['-t', 't', '--bogus'], "unknown option '--bogus'"],
    [['-t'], 'argument missing'],
    [['-t', 't', '--compression', 'brotli'], '--compression must be one of none, gzip, snappy, lz4, zstd'],
    [['-t', 't', '--rate', '10', '--interval', '5'], 'either --interval or --rate'],
    [['-t', 't', '--rate', '0'], '--rate must be an integer from 1 to'],
    [['-t', 't', '--value-size', 'big'], '--value-size must be an integer from 0 to 10485760'],
    [['-t', 't', '--batch-size', '0'], '--batch-size must be an integer from 1 to 104857600'],
    [['-t', 't', '--header', 'novalue'], '--header must be key=value'],
    [['-t', 't', '--header', '=v'], '--header must be key=value'],
    [['-t', 't', '--partitions', '3'], '--partitions goes with --create-topic'],
    [
      ['-t', 't', '--create-topic', '--replication-factor', '0'],
      '--replication-factor must be an integer from 1 to 32767',
    ],
    [['-t', 't', '--partition', '-1'], '--partition must be an integer from 0 to'],
    [['-t', 't', '--key', '{nope}'], '--key: unknown placeholder {nope}'],
    [['-t', 't', '--transaction-size', '10'], '--transaction-size goes with --transactional-id'],
    [['-t', 't', '--transactional-id', ''], '--transactional-id must not be empty'],
    [['-t', 't', '--transactional-id', 'tx', '--acks', '1'], '--transactional-id requires --acks all'],
    [['-t', 't', '--transactional-id', 'tx', '--no-idempotence'], 'requires idempotence: drop --no-idempotence'],
    [['-t', 't', '--transactional-id', 'tx', '--max-in-flight', '5'], '--max-in-flight must be 1'],
    [['-t', 't', '--transactional-id', 'tx', '--transaction-size', '0'], '--transaction-size must be an integer'],
  ])('refuses %j with one line and exit 2', (argv, message) => {
    const { result, stderr } = parse(argv as string[]);
    expect(result).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^simple-produce: /);
  });
});
