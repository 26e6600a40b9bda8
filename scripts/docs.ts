// npm run docs: rewrites the README's generated tables (options, exit codes) and the man page from the
// code's lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedParts } from '../src/cli/docs.js';
import { manPage } from '../src/cli/man-page.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Writes the file when its new text differs, and says which. */
function rewrite(file: URL, name: string, make: (before: string) => string): void {
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {}
  const after = make(before);
  if (after === before) process.stdout.write(`docs: ${name} is current\n`);
  else {
    writeFileSync(file, after);
    process.stdout.write(`docs: ${name} rewritten\n`);
  }
}

rewrite(new URL('../README.md', import.meta.url), 'README.md', withGeneratedParts);
rewrite(new URL('../man/simple-produce.1', import.meta.url), 'man/simple-produce.1', () => manPage(version));
