// Bad input. Every invalid invocation exits 2 with one line, no stack trace, and opens no
// connection: --brokers points at a local socket that counts connections, and it must count 0.
import { createServer, type Server } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argvs, asksForHelpOrVersion, parse } from '../support/argv-generators.js';
import { runCli } from '../support/cli.js';

let server: Server;
let connections = 0;
let broker = '';

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  broker = `127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const long = 'x'.repeat(250);
const INVALID: string[][] = [
  [],
  ['--topic'],
  ['-t', ''],
  ['-t', '.'],
  ['-t', '..'],
  ['-t', 'has space'],
  ['-t', 'slash/topic'],
  ['-t', 'ümlaut'],
  ['-t', long],
  ['-t', 't', '--duration', '-1'],
  ['-t', 't', '--duration', '1.5'],
  ['-t', 't', '--duration', 'ten'],
  ['-t', 't', '--duration', ''],
  ['-t', 't', '--duration', '1e3'],
  ['-t', 't', '--duration', '0x10'],
  ['-t', 't', '--count', '-5'],
  ['-t', 't', '--count', 'NaN'],
  ['-t', 't', '--count', '99999999999999999999'],
  ['-t', 't', '--count', '1', '--duration', '1'],
  ['-t', 't', '--interval', '-1'],
  ['-t', 't', '--interval', '0.5'],
  ['-t', 't', '--interval', 'fast'],
  ['-t', 't', '--brokers', ''],
  ['-t', 't', '--brokers', ','],
  ['-t', 't', '--brokers', 'a:1,,b:2'],
  ['-t', 't', '--brokers', 'host:0'],
  ['-t', 't', '--brokers', 'host:65536'],
  ['-t', 't', '--brokers', 'host:port'],
  ['-t', 't', '--brokers', 'ho st:9092'],
  ['-t', 't', '--brokers', 'http://host:9092'],
  ['-t', 't', '--brokers', '[::1:9092'],
  ['-t', 't', '--acks', '2'],
  ['-t', 't', '--acks', 'none'],
  ['-t', 't', '--acks', ''],
  ['-t', 't', '--acks', '1', '--idempotence'],
  ['-t', 't', '--acks', '0', '--idempotence'],
  ['-t', 't', '--client-id', ''],
  ['-t', 't', '--client-id', 'tab\there'],
  ['-t', 't', '--timeout', '0'],
  ['-t', 't', '--timeout', '-1'],
  ['-t', 't', '--delivery-timeout', 'soon'],
  ['-t', 't', '--flush-timeout', '-3'],
  ['-t', 't', '--header', 'novalue'],
  ['-t', 't', '--header', '=value'],
  ['-t', 't', '--partition', '-1'],
  ['-t', 't', '--partition', 'first'],
  ['-t', 't', '--partitions', '3'],
  ['-t', 't', '--replication-factor', '3'],
  ['-t', 't', '--create-topic', '--partitions', '0'],
  ['-t', 't', '--create-topic', '--replication-factor', '0'],
  ['-t', 't', '--key', '{nope}'],
  ['-t', 't', '--value', 'v{N}'],
  ['-t', 't', '--bogus'],
  ['-t', 't', '-Z'],
  ['-t', 't', 'extra-argument'],
  ['--count', '5'],
  ['-t', 't', '--security-protocol', 'TLS'],
  ['-t', 't', '--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'GSSAPI'],
  ['-t', 't', '--security-protocol', 'SASL_SSL', '--sasl-username', 'u'],
  ['-t', 't', '--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'PLAIN'],
  ['-t', 't', '--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'PLAIN', '--sasl-username', 'u'],
  ['-t', 't', '--sasl-username', 'u'],
  ['-t', 't', '--sasl-password', 'hunter2'],
  ['-t', 't', '--sasl-password-file', '/nonexistent/password'],
  ['-t', 't', '--security-protocol', 'SSL', '--ssl-ca', '/nonexistent/ca.pem'],
  ['-t', 't', '--security-protocol', 'SSL', '--ssl-ca', '/etc/hostname'],
  ['-t', 't', '--security-protocol', 'SSL', '--ssl-cert', '/etc/hostname'],
  ['-t', 't', '--ssl-skip-verify'],
  ['-t', 't', '--max-in-flight', '0'],
  ['-t', 't', '--command-config', '/nonexistent/client.properties'],
  ['-t', 't', '--command-config', '/etc'],
];

describe('bad input', () => {
  it(`has at least 50 invalid invocations in its table (${INVALID.length})`, () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(50);
  });

  it.each(INVALID.map((argv) => [argv.join(' '), argv]))(
    'refuses `%s`: exit 2, one line, no stack, no connection',
    async (_, argv) => {
      const run = await runCli(argv as string[], { KAFKA_BROKERS: broker });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^simple-produce: [^\n]+\n$/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(connections).toBe(0);
    },
  );
});

describe('the option parser, on generated invocations', () => {
  it('refuses the generated invalid ones through the real bin, without connecting', async () => {
    const invalid = fc
      .sample(argvs, { numRuns: 400, seed: 42 })
      .filter((argv) => !argv.some(asksForHelpOrVersion))
      .filter((argv) => parse(argv).result === 2)
      .slice(0, 25);
    expect(invalid.length).toBe(25);
    for (const argv of invalid) {
      const run = await runCli(argv, { KAFKA_BROKERS: broker });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^simple-produce: [^\n]+\n$/);
    }
    expect(connections).toBe(0);
  });
});
