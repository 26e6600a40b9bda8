// The option list as data: every number has a range that is enforced at both ends, every
// client.properties key sets one option, and the connection keys are those security/from-file.ts reads.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.js';
import { OPTION_GROUPS, optionSpecs } from '../../../src/cli/options.js';
import { CONNECTION_KEYS } from '../../../src/security/connection-keys.js';

const NUMERIC_ARGS = new Set(['ms', 's', 'n', 'bytes', 'msgs/s']);
const numeric = optionSpecs.filter((spec) => NUMERIC_ARGS.has(spec.arg ?? ''));

function exitOf(argv: string[]): { code: number | 'config'; stderr: string } {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      stderr += chunk;
      done();
    },
  });
  const result = parseArgs(argv, sink);
  return { code: typeof result === 'number' ? result : 'config', stderr };
}

// Options that only mean something beside another one.
const companions: Record<string, string[]> = {
  partitions: ['--create-topic'],
  'replication-factor': ['--create-topic'],
  'transaction-size': ['--transactional-id', 'tx'],
};

describe('the option list', () => {
  it('gives every numeric option a range', () => {
    expect(numeric.length).toBeGreaterThanOrEqual(14);
    for (const spec of numeric) expect(spec.parse?.values, `--${spec.long}`).toMatch(/^\d+ to \d+$/);
  });

  it.each(numeric.map((spec) => [spec.long, spec]))(
    '--%s takes both ends of its range and nothing past them',
    (_, spec) => {
      const [min, max] = (spec.parse?.values ?? '').split(' to ').map(Number);
      const run = (value: string) => exitOf(['-t', 't', ...(companions[spec.long] ?? []), `--${spec.long}`, value]);
      expect(run(String(min)).code).toBe('config');
      expect(run(String(max)).code).toBe('config');
      for (const outside of [String(max + 1), ...(min > 0 ? [String(min - 1)] : ['-1'])]) {
        const refused = run(outside);
        expect(refused.code, `--${spec.long} ${outside}`).toBe(2);
        expect(refused.stderr).toBe(
          `simple-produce: --${spec.long} must be an integer from ${min} to ${max}, not "${outside}"\n`,
        );
      }
    },
  );

  it('declares each long and short name once', () => {
    const names = optionSpecs.flatMap((spec) => [spec.long, ...(spec.short ? [spec.short] : [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('maps each producer client.properties key to one option', () => {
    const keys = optionSpecs.filter((s) => !s.connection).flatMap((s) => s.properties ?? []);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists as connection keys exactly those security/from-file.ts and the registry read', () => {
    const listed = new Set(optionSpecs.filter((s) => s.connection).flatMap((s) => s.properties ?? []));
    const registry = [
      'basic.auth.user.info',
      'schema.registry.basic.auth.user.info',
      'schema.registry.ssl.ca.location',
      'schema.registry.ssl.truststore.location',
    ];
    expect([...listed].sort()).toEqual([...Object.keys(CONNECTION_KEYS), ...registry].sort());
  });
});

describe("--help's groups", () => {
  it('hold every option exactly once', () => {
    const grouped = OPTION_GROUPS.flatMap(({ options }) => options);
    expect([...grouped].sort()).toEqual(optionSpecs.map((s) => s.long).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});
