import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../../src/launch/compile-cache.js';

describe('cacheFileFor', () => {
  const bundle = join('/opt', 'sp', 'dist', 'cli.cjs');
  const hash = '0123456789abcdef';

  it("keeps the cache beside the bundle, named by Node version, CPU and the bundle's content hash", () => {
    expect(cacheFileFor(bundle, hash, {})).toBe(
      join('/opt', 'sp', 'dist', '.compile-cache', `cli-${process.version}-${process.arch}-${hash}.v8cache`),
    );
  });

  it('names another file for another bundle, whatever its size and time', () => {
    expect(cacheFileFor(bundle, 'fedcba9876543210', {})).not.toBe(cacheFileFor(bundle, hash, {}));
  });

  it('uses SIMPLE_PRODUCE_COMPILE_CACHE as the folder, and is off with NODE_DISABLE_COMPILE_CACHE', () => {
    expect(cacheFileFor(bundle, hash, { SIMPLE_PRODUCE_COMPILE_CACHE: '/tmp/c' })?.startsWith('/tmp/c/cli-')).toBe(
      true,
    );
    expect(cacheFileFor(bundle, hash, { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeNull();
  });
});
