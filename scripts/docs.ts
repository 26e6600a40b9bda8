// npm run docs: rewrites the README's generated tables (options, exit codes) from the code's lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedParts } from '../src/cli/docs.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withGeneratedParts(before);
if (after === before) process.stdout.write('docs: README.md is current\n');
else {
  writeFileSync(file, after);
  process.stdout.write('docs: README.md rewritten\n');
}
