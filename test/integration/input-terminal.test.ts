// --input - on a terminal, under script(1)'s pseudo-terminal: each line typed is sent at once and its
// report printed before the next; Ctrl-D ends the input and flushes; Ctrl-C flushes and exits 130.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { BIN } from '../support/cli.js';
import { kcatRecords } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

/** The CLI on a pseudo-terminal; `typed` is what the terminal has shown so far. */
function onTerminal(args: string[]) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP, NO_COLOR: '1' },
  });
  const screen = { text: '' };
  child.stdout.on('data', (d) => {
    screen.text += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (pattern: RegExp, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(screen.text)) {
      if (Date.now() > deadline) throw new Error(`not on the terminal: ${pattern}\n${screen.text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { type: (text: string) => child.stdin.write(text), until, exited, screen };
}

const delivered = (topic: string, offset: number) =>
  new RegExp(`% Message delivered to ${topic.replaceAll('.', '\\.')} \\[0\\] @ ${offset}`);

describe('--input - on a terminal', () => {
  it('sends each line as it is typed and prints its report; Ctrl-D ends the input and exits 0', async () => {
    const topic = await freshTopic(1);
    const terminal = onTerminal(['-t', topic, '--input', '-', '-K', '|']);
    await terminal.until(/Ctrl-D ends the input/);
    terminal.type('k1|first\n');
    await terminal.until(delivered(topic, 0));
    // The first report is on the screen before the second line is typed.
    expect(terminal.screen.text).not.toMatch(delivered(topic, 1));
    terminal.type('k2|second\n');
    await terminal.until(delivered(topic, 1));
    terminal.type('\x04');
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen.text).toContain('% done: 2 sent, 2 delivered, 0 failed');
    expect((await kcatRecords(topic)).map((r) => `${r.key}|${r.value}`)).toEqual(['k1|first', 'k2|second']);
  });

  it('flushes and exits 130 on Ctrl-C, with what was typed delivered', async () => {
    const topic = await freshTopic(1);
    const terminal = onTerminal(['-t', topic, '--input', '-']);
    await terminal.until(/Ctrl-D ends the input/);
    terminal.type('only line\n');
    await terminal.until(delivered(topic, 0));
    terminal.type('\x03');
    expect(await terminal.exited).toBe(130);
    expect(terminal.screen.text).toContain('SIGINT: stopping');
    expect((await kcatRecords(topic)).map((r) => r.value?.toString())).toEqual(['only line']);
  });
});
