// Start-up: most of a one-message run is V8 compiling the bundle (kafkajs above all), as it is for any
// Node CLI. Node 22 keeps compiled code between runs (module.enableCompileCache); Node 20 does not, so
// the launcher does what it does: runs the CommonJS bundle through vm.Script with V8's code cache,
// kept beside the bundle as Python keeps __pycache__. The cache is written when the first run gets
// its first delivery report, so it holds the functions a real run compiles, not only the option
// parser; not at exit, since V8 drops the bytecode of functions unused for a while (those of start-up,
// in a long run). It is written again whenever V8 rejects it (another Node, other flags). No cache, or
// an unwritable folder, only means compiling as usual.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { firstDeliveryChannel } from './first-delivery.js';

const debug = debuglog('simple-produce');

/** Where the cache of a bundle lives: a name that changes with the bundle's content (its hash, taken
 * by the build: npm gives every file of a package the same time, and V8 checks little more than the
 * source's length, so two releases of one size must not share a cache), the Node version and the CPU. */
export function cacheFileFor(bundle: string, contentHash: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  const dir = env.SIMPLE_PRODUCE_COMPILE_CACHE || join(dirname(bundle), '.compile-cache');
  return join(dir, `cli-${process.version}-${process.arch}-${contentHash}.v8cache`);
}

function readCache(file: string | null): Buffer | undefined {
  if (file === null) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written beside, then renamed: a run that starts meanwhile reads the old file or the new, never half of one. */
function writeCache(file: string, data: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, data);
    renameSync(partial, file);
    debug('compile cache: wrote %s (%d bytes)', file, data.length);
  } catch (err) {
    debug('compile cache: cannot write %s: %s', file, (err as Error).message);
  }
}

/** Runs a CommonJS bundle as require() would, with V8's code cache. */
export function runWithCompileCache(bundle: string, contentHash: string): void {
  const source = readFileSync(bundle, 'utf8');
  const file = cacheFileFor(bundle, contentHash);
  const cachedData = readCache(file);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: bundle, cachedData });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  debug('compile cache: %s', file === null ? 'off' : accepted ? `used ${file}` : cachedData ? 'rejected' : 'none');
  if (file !== null && !accepted) {
    const onWarm = () => {
      firstDeliveryChannel.unsubscribe(onWarm);
      writeCache(file, script.createCachedData());
    };
    firstDeliveryChannel.subscribe(onWarm);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}
