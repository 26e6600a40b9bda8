// The bin's compile cache (src/launch/compile-cache.ts), in a folder of the test's own: written by the first
// run that reached Kafka, used by the next, and a damaged one is only compiled past and rewritten.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../kafka/cluster.js';
import { runCli } from '../support/cli.js';
import { freshTopic } from '../support/topics.js';

describe('the compile cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sp-cache-'));
  const env = { SIMPLE_PRODUCE_COMPILE_CACHE: dir, NODE_DEBUG: 'simple-produce' };
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not written by a run that never reached a broker', async () => {
    const version = await runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stderr).toMatch(/compile cache: none/);
    const unreachable = await runCli(['-t', 'x', '-b', '127.0.0.1:1', '--timeout', '500'], env);
    expect(unreachable.code).toBe(3);
    expect(files()).toEqual([]);
  });

  it('is written by the first real run, used by the next, and rewritten when damaged', async () => {
    const topic = await freshTopic(1);
    const run = () => runCli(['-t', topic, '--count', '1'], env);

    const first = await run();
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/compile cache: none/);
    expect(first.stderr).toMatch(/compile cache: wrote /);
    const [file] = files();
    // Named by the bundle's content: a release of the same size and time gets a cache of its own.
    const hash = createHash('sha256')
      .update(readFileSync(join(ROOT, 'dist', 'cli.cjs')))
      .digest('hex')
      .slice(0, 16);
    expect(file).toBe(`cli-${process.version}-${process.arch}-${hash}.v8cache`);

    const second = await run();
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/compile cache: used /);
    expect(second.stderr).not.toMatch(/compile cache: wrote/);
    expect(second.stderr).toContain(`% Message delivered to ${topic} [0] @ 1\n`);

    writeFileSync(join(dir, file), Buffer.alloc(4096, 7));
    const damaged = await run();
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toMatch(/compile cache: rejected/);
    expect(damaged.stderr).toMatch(/compile cache: wrote /);
    expect(damaged.stderr).toContain(`% Message delivered to ${topic} [0] @ 2\n`);
    expect((await run()).stderr).toMatch(/compile cache: used /);
  });

  it('written by a run that lasts, is used by the next one (the heap flag a long run sets comes after it)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'sp-cache-long-'));
    try {
      const topic = await freshTopic(1);
      const longEnv = { ...env, SIMPLE_PRODUCE_COMPILE_CACHE: own };
      // Long past the first report and the 200 ms after which the launcher sets V8's heap flag.
      const long = await runCli(['-t', topic, '--count', '4', '--interval', '250'], longEnv);
      expect(long.code).toBe(0);
      expect(long.stderr).toMatch(/compile cache: wrote /);
      const next = await runCli(['-t', topic, '--count', '1'], longEnv);
      expect(next.stderr).toMatch(/compile cache: used /);
      expect(next.stderr).not.toMatch(/compile cache: (rejected|wrote)/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE', async () => {
    const topic = await freshTopic(1);
    const off = await runCli(['-t', topic, '--count', '1'], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.code).toBe(0);
    expect(off.stderr).toMatch(/compile cache: off/);
    expect(off.stderr).not.toMatch(/compile cache: wrote/);
  });
});
