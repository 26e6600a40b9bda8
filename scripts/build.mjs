// Bundles the CLI, its launcher and the library with esbuild, after tsc has written the .d.ts files.
// kafkajs and commander are patched on the way (scripts/package-patches.ts, src/kafkajs/patches/).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { packagePatches } from './package-patches.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Loaded when asked for, from node_modules: the codecs, and AWS's signer (with the AWS SDK under it).
  external: ['kafkajs-snappy', 'lz4js', 'lz4js/xxh32.js', '@bokuweb/zstd-wasm', 'aws-msk-iam-sasl-signer-js'],
  // Start-up is mostly compiling kafkajs: minified, there is less of it to parse.
  minify: true,
  keepNames: true,
  define: { __SIMPLE_PRODUCE_VERSION__: JSON.stringify(version) },
};

// The CLI: one CommonJS file, which the launcher runs through vm.Script with V8's code cache
// (src/launch/compile-cache.ts). The codecs' import() become require(): vm.Script has no ESM loader.
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  plugins: [packagePatches({ complete: ['kafkajs', 'commander'] })],
  format: 'cjs',
  outfile: 'dist/cli.cjs',
  supported: { 'dynamic-import': false },
  // import.meta.url made when first read: a file URL at load is some 0.2 ms of every start-up.
  define: { ...common.define, 'import.meta.url': '__importMeta.url' },
  banner: {
    js: "const __importMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
  },
});
// The launcher, with the bundle's content hash, which names its compile cache.
const cliHash = createHash('sha256').update(readFileSync('dist/cli.cjs')).digest('hex').slice(0, 16);
await build({
  ...common,
  entryPoints: ['src/launch/launch.ts'],
  format: 'cjs',
  outfile: 'dist/launch.cjs',
  define: { ...common.define, __CLI_BUNDLE_HASH__: JSON.stringify(cliHash) },
});

// The library, as ES modules.
await build({
  ...common,
  entryPoints: ['src/index.ts'],
  plugins: [packagePatches({ complete: ['kafkajs'] })],
  format: 'esm',
  outdir: 'dist',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
