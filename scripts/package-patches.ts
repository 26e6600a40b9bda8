// Applies the patches of the packages we fork (src/kafkajs/patches/, src/cli/commander-patch.ts) as
// their files load: in the build (an esbuild plugin) and in the integration tests (a require hook,
// test/support/shipped-kafkajs.ts). Each change must find its text exactly as often as it says, and
// the build fails unless every patched file of a package it must cover is in the bundle: a package
// whose code moved or changed stops the build, never a silent skip.
import { readFileSync } from 'node:fs';
import { buildSync, type Plugin } from 'esbuild';
import { commanderLazyChildProcess } from '../src/cli/commander-patch.js';
import { KAFKAJS_PATCHES } from '../src/kafkajs/patches/index.js';
import type { Change, FileChange } from '../src/kafkajs/patches/patch.js';

const PATCHES = [...KAFKAJS_PATCHES, commanderLazyChildProcess];
const CODE = new URL('../src/kafkajs/patches/code/', import.meta.url);

/** Replaces each change's text, and fails unless it occurs exactly as many times as the change says. */
export function replaced(path: string, source: string, changes: Change[]): string {
  let out = source;
  for (const [from, to, times = 1] of changes) {
    const found = out.split(from).length - 1;
    if (found !== times) {
      throw new Error(
        `package patches: ${path} has ${found} of ${JSON.stringify(from.slice(0, 60))}, expected ${times}`,
      );
    }
    out = out.replaceAll(from, to);
  }
  return out;
}

const compiledCode = new Map<string, string>();

/** A module of the patches' code, compiled to a statement that gives the file these names. It may import
 * other modules of ./code (bundled in) and types, never a package: the file gives it what it needs. */
function codeStatement({ module, names }: NonNullable<FileChange['code']>): string {
  let code = compiledCode.get(module);
  if (code === undefined) {
    const { outputFiles } = buildSync({
      entryPoints: [new URL(module, CODE).pathname],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__patchCode',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    code = outputFiles[0].text;
    if (/\brequire\(/.test(code))
      throw new Error(`package patches: ${module} requires a module: pass it what it needs`);
    compiledCode.set(module, code);
  }
  return `const { ${names.join(', ')} } = (() => {\n${code}return __patchCode\n})()\n`;
}

function patchedFile(path: string, source: string, change: FileChange): string {
  const prelude = change.code === undefined ? '' : codeStatement(change.code);
  if (change.exports !== undefined) return `${prelude}module.exports = ${change.exports}\n`;
  return prelude + replaced(path, source, change.changes ?? []);
}

const SEPARATOR = String.raw`[\\/]`;

/** The path as a pattern: either separator, from a folder's start to the end. */
const filterFor = (path: string) =>
  new RegExp(`(^|${SEPARATOR})${path.replaceAll('.', String.raw`\.`).split('/').join(SEPARATOR)}$`);

const byFile = new Map<string, FileChange[]>();
for (const patch of PATCHES)
  for (const change of patch.files) byFile.set(change.file, [...(byFile.get(change.file) ?? []), change]);
const files = [...byFile].map(([path, changes]) => ({ path, changes, filter: filterFor(path) }));

/** Each patched file, by its path below node_modules (kafkajs/src/..., commander/lib/...). */
export const patchedPaths: string[] = files.map(({ path }) => path);

/** A file's patched source, or null when it is not one we patch. */
export function patchSource(file: string, source: string): { path: string; contents: string } | null {
  const found = files.find(({ filter }) => filter.test(file));
  if (found === undefined) return null;
  const contents = found.changes.reduce((text, change) => patchedFile(file, text, change), source);
  return { path: found.path, contents };
}

/** The esbuild plugin. Every patched file of each package in `complete` must be in the bundle: a file
 * the package moved or renamed fails the build instead of going out unpatched. */
export function packagePatches({ complete = [] }: { complete?: ('kafkajs' | 'commander')[] } = {}): Plugin {
  return {
    name: 'package-patches',
    setup(b) {
      const applied = new Set<string>();
      b.onStart(() => applied.clear());
      for (const { path, filter } of files) {
        b.onLoad({ filter }, (args) => {
          const patched = patchSource(args.path, readFileSync(args.path, 'utf8'));
          applied.add(path);
          return { loader: 'js', contents: patched?.contents };
        });
      }
      b.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missing = patchedPaths.filter(
          (p) => complete.some((name) => p.startsWith(`${name}/`)) && !applied.has(p),
        );
        if (missing.length > 0) {
          return { errors: [{ text: `package patches: not in the bundle, so not applied: ${missing.join(', ')}` }] };
        }
      });
    },
  };
}
