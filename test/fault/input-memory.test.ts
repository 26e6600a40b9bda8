// Bounded memory whatever the input: 2 GB of records through a pipe, produced as fast as the
// cluster takes them, with every record delivered and the process's peak RSS (GNU time's) under
// 200 MB. Reading pauses while the producer's queue is full. Most of the peak is Node and kafkajs at
// rest, V8's young generation, and chunks of the input already sent, which V8 frees at its next full
// collection; the JS heap itself holds little.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { BIN } from '../support/cli.js';
import { endOffsets, freshTopic } from '../support/topics.js';

const TOTAL_BYTES = 2 * 1024 ** 3;
const LINE_BYTES = 4096;
const LINES = TOTAL_BYTES / LINE_BYTES;

// Writes LINES lines of LINE_BYTES (newline included) to stdout, as fast as the pipe takes them.
const generator = `
const value = 'x'.repeat(${LINE_BYTES});
let n = 0;
function more() {
  while (n < ${LINES}) {
    const key = String(n++) + '|';
    const ok = process.stdout.write(key + value.slice(0, ${LINE_BYTES} - key.length - 1) + '\\n');
    if (!ok) return process.stdout.once('drain', more);
  }
  process.stdout.end();
}
more();
`;

describe('--input - with 2 GB through a pipe', () => {
  it('delivers every record with a peak RSS under 200 MB', async () => {
    const topic = await freshTopic(6);
    const cli = [process.execPath, BIN, '-t', topic, '-b', BOOTSTRAP, '--input', '-', '-K', '|', '--quiet'];
    const pipeline = `'${process.execPath}' -e "$GENERATOR" | /usr/bin/time -f 'PEAK_RSS_KB=%M' ${cli.map((a) => `'${a}'`).join(' ')}`;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', pipeline], { env: { ...process.env, GENERATOR: generator } });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('close', (status) => resolve({ code: status, stderr: err }));
    });
    const summary = /^% done: .*$/m.exec(stderr)?.[0];
    const peakMb = Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1]) / 1024;
    console.log(`2 GB through a pipe: ${summary}; peak RSS ${peakMb.toFixed(0)} MB`);
    expect(code, stderr.slice(-2000)).toBe(0);
    expect(summary).toContain(`% done: ${LINES} sent, ${LINES} delivered, 0 failed`);
    const inLog = [...(await endOffsets(topic)).values()].reduce((a, b) => a + b, 0);
    expect(inLog).toBe(LINES);
    expect(peakMb).toBeLessThan(200);
  }, 600_000);
});
