// Bundles the CLI, its launcher and the library with esbuild, after tsc has written the .d.ts files.
// Two kafkajs behaviours are changed on the way:
// - groupMessagesPerPartition copies the partition's array for every message it adds, quadratic in
//   the batch size, which took a fifth of the CPU of a full-speed run with 10 000-message batches.
//   The replacement is linear and returns the same object.
// - kafkajs sends an empty topic list in a Metadata request as null, which Kafka reads as "every
//   topic": an idempotent producer's connect, which only needs the brokers and the controller, then
//   fetched and decoded the metadata of the whole cluster (20 KB and 12 ms for 144 topics,
//   and megabytes on a production cluster). Sent as an empty array, it means no topics, as the Java
//   client sends it. Nothing in this bundle asks kafkajs for every topic.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const linearGrouping = `module.exports = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    ;(result[partition] || (result[partition] = [])).push(message)
  }
  return result
}
`;

/** Replaces `from` by `to` in a file, and fails the build if kafkajs no longer has `from`. */
function replaced(path, from, to) {
  const source = readFileSync(path, 'utf8');
  if (!source.includes(from)) throw new Error(`build: ${path} no longer contains ${from}`);
  return source.replace(from, to);
}

const kafkajsPatches = {
  name: 'kafkajs-patches',
  setup(b) {
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]producer[\\/]groupMessagesPerPartition\.js$/ }, () => ({
      loader: 'js',
      contents: linearGrouping,
    }));
    b.onLoad(
      { filter: /kafkajs[\\/]src[\\/]protocol[\\/]requests[\\/]metadata[\\/]v[14][\\/]request\.js$/ },
      (args) => ({
        loader: 'js',
        contents: replaced(args.path, '.writeNullableArray(topics)', '.writeArray(topics)'),
      }),
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['kafkajs-snappy', 'lz4js', 'lz4js/xxh32.js', '@bokuweb/zstd-wasm'],
  plugins: [kafkajsPatches],
  // Start-up is mostly compiling kafkajs: minified, there is less of it to parse.
  minify: true,
  keepNames: true,
};

// The CLI: one CommonJS file, which the launcher runs through vm.Script with V8's code cache
// (src/compile-cache.ts). The codecs' import() become require(): vm.Script has no ESM loader.
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  format: 'cjs',
  outfile: 'dist/cli.cjs',
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...common, entryPoints: ['src/launch.ts'], format: 'cjs', outfile: 'dist/launch.cjs' });

// The library, as ES modules.
await build({
  ...common,
  entryPoints: ['src/index.ts'],
  format: 'esm',
  outdir: 'dist',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
