import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../../src/launch/compile-cache.js';

describe('cacheFileFor', () => {
  const bundle = join('/opt', 'sp', 'dist', 'cli.cjs');
  const built = { size: 390_000, mtimeMs: 1_795_000_000_123.4 };

  it('keeps the cache beside the bundle, named by Node version, CPU and the build', () => {
    expect(cacheFileFor(bundle, built, {})).toBe(
      join(
        '/opt',
        'sp',
        'dist',
        '.compile-cache',
        `cli-${process.version}-${process.arch}-390000-1795000000123.v8cache`,
      ),
    );
  });

  it('names another file when the bundle is rebuilt, even to the same size', () => {
    expect(cacheFileFor(bundle, { ...built, mtimeMs: built.mtimeMs + 1000 }, {})).not.toBe(
      cacheFileFor(bundle, built, {}),
    );
    expect(cacheFileFor(bundle, { ...built, size: built.size + 1 }, {})).not.toBe(cacheFileFor(bundle, built, {}));
  });

  it('uses SIMPLE_PRODUCE_COMPILE_CACHE as the folder, and is off with NODE_DISABLE_COMPILE_CACHE', () => {
    expect(cacheFileFor(bundle, built, { SIMPLE_PRODUCE_COMPILE_CACHE: '/tmp/c' })?.startsWith('/tmp/c/cli-')).toBe(
      true,
    );
    expect(cacheFileFor(bundle, built, { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeNull();
  });
});
