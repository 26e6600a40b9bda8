// The progress line, on a real terminal (script(1) gives the CLI a pseudo-terminal), and never elsewhere.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { BIN, runCli } from '../support/cli.js';
import { freshTopic } from '../support/topics.js';

const exec = promisify(execFile);

describe('progress line', () => {
  it('is redrawn in place on a terminal for a run of a few seconds, and cleared before the summary', async () => {
    const topic = await freshTopic(3);
    const command = `${process.execPath} ${BIN} -t ${topic} -b ${BOOTSTRAP} --count 30 --interval 100 --no-color`;
    const { stdout: screen } = await exec('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm' },
    });
    const redraws = screen.split('\r\x1b[K').filter((s) => s.startsWith('sent '));
    expect(redraws.length).toBeGreaterThan(2);
    expect(redraws[redraws.length - 1]).toMatch(
      /^sent \d+, delivered \d+, failed 0, \d+ msg\/s, \d+\.\d s, ETA \d+\.\d s/,
    );
    // In place: a progress line never ends in a newline; whatever follows it first erases it.
    for (const line of redraws) expect(line).not.toContain('\n');
    expect(screen.lastIndexOf('% done: 30 sent, 30 delivered')).toBeGreaterThan(screen.lastIndexOf('\r\x1b[Ksent '));
  });

  it('is never drawn when stderr is not a terminal', async () => {
    const topic = await freshTopic(3);
    const run = await runCli(['-t', topic, '--count', '30', '--interval', '100']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('\x1b[K');
    expect(run.stderr).not.toMatch(/^sent /m);
  });
});
