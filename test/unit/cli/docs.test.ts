// The README's option and exit-code tables are what `npm run docs` writes from the code's lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeTable, optionTable, withGeneratedParts } from '../../../src/cli/docs.js';
import { manPage } from '../../../src/cli/man-page.js';
import { optionSpecs } from '../../../src/cli/options.js';

const README = join(import.meta.dirname, '..', '..', '..', 'README.md');
const readme = readFileSync(README, 'utf8');

describe("the README's generated tables", () => {
  it('are current: npm run docs would change nothing', () => {
    expect(withGeneratedParts(readme)).toBe(readme);
  });

  it('are told apart from a README with one row edited', () => {
    const edited = readme.replace('| `--linger-ms <ms>` | how long', '| `--linger-ms <ms>` | how very long');
    expect(edited).not.toBe(readme);
    expect(withGeneratedParts(edited)).not.toBe(edited);
  });

  it('have a row for every option --help lists, and for every exit code', () => {
    const table = optionTable();
    for (const spec of optionSpecs.filter((s) => !s.hidden)) expect(table).toContain(`--${spec.long}`);
    expect(table).not.toContain('--sasl-password <');
    for (const code of ['0', '1', '2', '3', '4', '130 / 143', '141']) expect(exitCodeTable()).toContain(`| ${code} |`);
  });

  it('refuse a README that lost a marker', () => {
    expect(() => withGeneratedParts(readme.replace('<!-- /options -->', ''))).toThrow('options');
  });
});

describe('the man page', () => {
  const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const page = readFileSync(join(import.meta.dirname, '..', '..', '..', 'man', 'simple-produce.1'), 'utf8');

  it('is current: npm run docs would change nothing', () => {
    expect(manPage(version)).toBe(page);
  });

  it('has every option --help lists, each example and each exit code, in roff', () => {
    for (const spec of optionSpecs.filter((s) => !s.hidden)) {
      expect(page).toContain(`\\-\\-${spec.long.replaceAll('-', '\\-')}`);
    }
    expect(page).toContain('.SH EXAMPLES');
    expect(page).toContain('.B 130 / 143');
    expect(page).not.toMatch(/^[.'](?![A-Z]{1,2}\b|\\")/m);
  });
});
