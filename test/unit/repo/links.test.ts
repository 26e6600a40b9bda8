// Every relative link of the README, CONTRIBUTING, the CHANGELOG and docs/ points at a file that
// exists, and at a heading of it when it names one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (markdown: string) =>
  new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );

/** The relative links of a Markdown document (outside code) that point at nothing, as `target`. */
function brokenLinks(file: string, markdown: string, read: (path: string) => string | null): string[] {
  const broken: string[] = [];
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#');
    const resolved = path === '' ? file : join(dirname(file), path);
    const content = path === '' ? markdown : read(resolved);
    if (content === null) broken.push(target);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(content).has(anchor)) broken.push(target);
  }
  return broken;
}

const readFromRepo = (path: string): string | null => {
  const full = join(ROOT, path);
  if (!existsSync(full)) return null;
  return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8');
};

describe('the documents’ links', () => {
  it.each(DOCUMENTS)('%s links only to what exists', (file) => {
    expect(brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'), readFromRepo)).toEqual([]);
  });

  it('are checked: a link to a missing page or heading is found', () => {
    const page = '# Title\n\nSee [a](other.md), [b](docs/input.md#no-such-heading), [c](#title), `[d](x.md)`.';
    expect(brokenLinks('README.md', page, readFromRepo)).toEqual(['other.md', 'docs/input.md#no-such-heading']);
  });

  it('cover every page of docs/', () => {
    expect(DOCUMENTS.filter((d) => d.startsWith('docs/')).length).toBeGreaterThan(5);
  });
});
