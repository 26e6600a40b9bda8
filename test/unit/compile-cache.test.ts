import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileFor } from '../../src/compile-cache.js';

describe('cacheFileFor', () => {
  const bundle = join('/opt', 'sp', 'dist', 'cli.cjs');

  it('keeps the cache beside the bundle, named by Node version, CPU and source', () => {
    const file = cacheFileFor(bundle, 'a', {}) as string;
    expect(
      file.startsWith(join('/opt', 'sp', 'dist', '.compile-cache', `cli-${process.version}-${process.arch}-`)),
    ).toBe(true);
    expect(file.endsWith('.v8cache')).toBe(true);
  });

  it('names another file when the source changes, even by one byte of the same length', () => {
    expect(cacheFileFor(bundle, 'ab', {})).toBe(cacheFileFor(bundle, 'ab', {}));
    expect(cacheFileFor(bundle, 'ab', {})).not.toBe(cacheFileFor(bundle, 'ac', {}));
  });

  it('uses SIMPLE_PRODUCE_COMPILE_CACHE as the folder, and is off with NODE_DISABLE_COMPILE_CACHE', () => {
    expect(cacheFileFor(bundle, 'a', { SIMPLE_PRODUCE_COMPILE_CACHE: '/tmp/c' })?.startsWith('/tmp/c/cli-')).toBe(true);
    expect(cacheFileFor(bundle, 'a', { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeNull();
  });
});
