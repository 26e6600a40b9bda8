// The option parser on generated invocations: it accepts them, or refuses them with exit 2 and one
// line; it never throws. Pure: nothing runs or connects.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { argvs, asksForHelpOrVersion, parse } from '../../support/argv-generators.js';

describe('the option parser, on generated invocations', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('either accepts them or refuses them with exit 2 and one line; it never throws', () => {
    vi.stubEnv('KAFKA_BROKERS', '127.0.0.1:9');
    fc.assert(
      fc.property(argvs, (argv) => {
        const { result, stderr } = parse(argv);
        if (result === 0) {
          // Only a request for help or the version ends well without a run (commander also reads
          // combined short flags such as -qV).
          expect(argv.some(asksForHelpOrVersion)).toBe(true);
        } else if (typeof result === 'number') {
          expect(result).toBe(2);
          expect(stderr).toMatch(/^simple-produce: [^\n]+\n$/);
        } else {
          expect(stderr).toBe('');
          expect(result.topic).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
