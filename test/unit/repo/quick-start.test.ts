// CI must prove the README's quick start, not more: whatever .ci/run checks for or installs, the quick
// start names, and .ci/run installs it with the quick start's own command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const quickStart = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';

// How the quick start names each command .ci/run needs.
const NAMED_AS: Record<string, string> = {
  node: 'Node 20+',
  npm: 'npm',
  java: 'Java 17+',
  mvn: 'Maven',
  openssl: 'openssl',
  setsid: '`setsid`',
  kcat: '`kcat`',
  python3: 'Python 3',
};

describe("the README's quick start and .ci/run", () => {
  it('has a quick start with the two commands', () => {
    expect(quickStart).toContain('npm install && npm run demo');
    expect(quickStart).toMatch(/^npm test\b/m);
  });

  it('names every command .ci/run needs', () => {
    const needed = [...ciRun.matchAll(/^need (\S+) /gm)].map((m) => m[1]);
    expect(needed.length).toBeGreaterThan(0);
    for (const command of needed) {
      expect(NAMED_AS[command], `.ci/run needs ${command}: name it in the quick start and here`).toBeDefined();
      expect(quickStart, `the quick start does not name ${command}`).toContain(NAMED_AS[command]);
    }
  });

  it("installs only with the quick start's own commands", () => {
    // Lines that run an installer, not those that only mention one in a quoted message.
    const installs = ciRun
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .filter((line) =>
        /\b(apt-get|apt|dnf|yum|pip3?|npm (i|install) -g|curl|wget)\b/.test(line.replace(/"[^"]*"/g, '')),
      );
    const installCommands = installs.map((line) => /\{ (apt-get .*?); \}/.exec(line)?.[1]);
    expect(installCommands.length).toBeGreaterThan(0);
    for (const [i, command] of installCommands.entries()) {
      expect(command, `.ci/run: "${installs[i].trim()}" is not the quick start's install command`).toBeDefined();
      expect(quickStart).toContain(command as string);
    }
  });

  it("runs the quick start's test command", () => {
    expect(ciRun).toMatch(/^\s*npm test$/m);
  });
});
