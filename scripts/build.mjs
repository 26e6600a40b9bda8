// Bundles the CLI, its launcher and the library with esbuild, after tsc has written the .d.ts files. One kafkajs function is replaced on the way: groupMessagesPerPartition
// copies the partition's array for every message it adds, quadratic in the batch size, which took a
// fifth of the CPU of a full-speed run with 10 000-message batches. The replacement is linear and
// returns the same object.
import { build } from 'esbuild';

const linearGrouping = {
  name: 'kafkajs-linear-grouping',
  setup(b) {
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]producer[\\/]groupMessagesPerPartition\.js$/ }, () => ({
      loader: 'js',
      contents: `module.exports = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    ;(result[partition] || (result[partition] = [])).push(message)
  }
  return result
}
`,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['kafkajs-snappy', 'lz4js', 'lz4js/xxh32.js', '@bokuweb/zstd-wasm'],
  plugins: [linearGrouping],
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
