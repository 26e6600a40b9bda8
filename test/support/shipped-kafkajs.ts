// The integration tests that import src/ run it on kafkajs as we ship it: this setup file patches
// kafkajs (and commander) as they load, with the same table and code as the build's esbuild plugin
// (scripts/package-patches.ts, src/kafkajs/patches/), so no test takes a path the bin never takes. It fails loudly if a patch
// did not take.
import { createRequire } from 'node:module';
import { addHook } from 'pirates';
import { patchedPaths, patchSource } from '../../scripts/package-patches.js';

const applied = new Set<string>();
addHook(
  (code, filename) => {
    const patched = patchSource(filename, code);
    if (patched === null) return code;
    applied.add(patched.path);
    return patched.contents;
  },
  { exts: ['.js'], ignoreNodeModules: false, matcher: (filename) => /[\\/](kafkajs|commander)[\\/]/.test(filename) },
);

// kafkajs as the tests will import it: a producer that shows its cluster is the patched one.
const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs') as typeof import('kafkajs');
// Silent: made only to be looked at, it would print kafkajs's default-partitioner notice in every test file.
const probe = new Kafka({ brokers: ['127.0.0.1:9'], logLevel: logLevel.NOTHING });
const producer = probe.producer() as unknown as { cluster?: unknown };
if (producer.cluster === undefined) {
  throw new Error('test/support/shipped-kafkajs.ts: kafkajs loaded unpatched (did something import it first?)');
}
export const appliedPatches = (): string[] => patchedPaths.filter((path) => applied.has(path));
