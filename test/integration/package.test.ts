// The packed tarball, installed into an empty folder and run through npx, as a CI script would.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP, ROOT } from '../../kafka/cluster.js';
import { consoleConsume } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

const exec = promisify(execFile);

describe('the npm package', () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-npx-'));
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed.files.map((f) => f.path);
    await exec('npm', ['init', '-y'], { cwd: dir });
    await exec('npm', ['install', '--no-audit', '--no-fund', join(dir, packed.filename)], { cwd: dir });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only what runs: built JS, the bin, the man page, README, LICENSE and package.json', () => {
    const top = [...new Set(files.map((f) => f.split('/')[0]))].sort();
    expect(top).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'man', 'package.json']);
    expect(files.some((f) => f.startsWith('dist/') && f.endsWith('.test.js'))).toBe(false);
    expect(readdirSync(join(dir, 'node_modules', 'simple-produce')).sort()).toEqual(
      ['LICENSE', 'README.md', 'bin', 'dist', 'man', 'package.json'].sort(),
    );
  });

  it('runs through npx: --help, --version and a real run', async () => {
    const help = await exec('npx', ['simple-produce', '--help'], { cwd: dir });
    expect(help.stdout).toContain('Exit codes:');
    const version = await exec('npx', ['simple-produce', '--version'], { cwd: dir });
    const { version: ours } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(ours);
    const topic = await freshTopic(6);
    const run = await exec('npx', ['simple-produce', '-t', topic, '-b', BOOTSTRAP, '--count', '3', '--interval', '0'], {
      cwd: dir,
    });
    expect(run.stderr).toContain('% done: 3 sent, 3 delivered, 0 failed');
    expect(await consoleConsume(topic, 3)).toHaveLength(3);
  });
});
