// Generated command lines for the option parser's property tests: option names and values, valid
// and not, in any order.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { parseArgs } from '../../src/cli/args.js';

// Option names and values, valid and not, from which invocations are generated.
const flags = [
  '-t',
  '--topic',
  '-b',
  '--brokers',
  '-d',
  '--duration',
  '-c',
  '--count',
  '-i',
  '--interval',
  '--acks',
  '--idempotence',
  '--no-idempotence',
  '--client-id',
  '--timeout',
  '--delivery-timeout',
  '--flush-timeout',
  '-k',
  '--key',
  '--value',
  '-H',
  '--header',
  '-p',
  '--partition',
  '--create-topic',
  '--partitions',
  '--replication-factor',
  '--verify',
  '--json',
  '-q',
  '--quiet',
  '--no-color',
  '--debug',
  '--bogus',
  '-',
];
const values = [
  't',
  'pcy.simple.producer',
  '0',
  '1',
  '-1',
  '1.5',
  '',
  ' ',
  '.',
  '..',
  'all',
  'k=v',
  '=',
  '{n}',
  '{x}',
  'a:1',
  'a:0',
  'localhost',
  '[::1]:9092',
  '99999999999999999999',
  'x'.repeat(300),
];
export const argvs = fc.array(
  fc.oneof(fc.constantFrom(...flags), fc.constantFrom(...values), fc.string({ maxLength: 12 })),
  {
    maxLength: 8,
  },
);

export const asksForHelpOrVersion = (arg: string) => arg === '--help' || arg === '--version' || /^-[^-]*[hV]/.test(arg);

export function parse(argv: string[]) {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      stderr += chunk;
      done();
    },
  });
  return { result: parseArgs(argv, sink), stderr };
}
