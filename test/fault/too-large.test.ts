// One message too large for the topic among normal ones fails with a clear reason; the
// others deliver; exit 1. Value "x"×1000 + n: messages 0-9 make 1072-byte record batches, 10 makes 1074.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, STATE_DIR } from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { judge, TABLE_HEADER } from '../support/judge.js';
import { runTool } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

describe('a message too large for the topic', () => {
  it('fails alone with MESSAGE_TOO_LARGE while the others of its batch deliver, exit 1', async () => {
    const topic = `test.large.${Date.now()}`;
    await runTool('kafka-topics', [
      '--bootstrap-server',
      BOOTSTRAP,
      '--create',
      '--topic',
      topic,
      '--partitions',
      '1',
      '--config',
      'max.message.bytes=1073',
    ]);
    const result = await runCli([...fullSpeed(topic, 11), '--value', `${'x'.repeat(1000)}{n}`, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '% Message failed delivery: MESSAGE_TOO_LARGE: the message is larger than the topic accepts (max.message.bytes)\n',
    );
    console.log(TABLE_HEADER);
    const j = await judge(topic, result.stdout, 'one message too large');
    expect(j).toMatchObject({
      sent: 11,
      delivered: 10,
      failed: 1,
      inLog: 10,
      duplicates: 0,
      lost: 0,
      misplaced: 0,
      failedInLog: 0,
    });
    const failed = result.stdout.split('\n').filter((l) => l.includes('"event":"failed"'));
    expect(failed.map((l) => JSON.parse(l))).toEqual([
      {
        event: 'failed',
        key: '10',
        error: expect.stringContaining('MESSAGE_TOO_LARGE'),
        code: 'MESSAGE_TOO_LARGE',
        retriable: false,
        possiblyPersisted: false,
      },
    ]);
  });
});

// --batch-size counts what a batch takes in the log, framing included: batches packed to the topic's
// max.message.bytes are all written the first time. (Counted as keys and values alone, a batch of
// small records outgrew the limit by its framing, was refused, and went again in pieces.)
describe('batches packed to the limit', () => {
  it("fill --batch-size as Kafka counts it and are never refused: kafka-dump-log's batch sizes", async () => {
    const limit = 100_000;
    const topic = await freshTopic(1, { 'max.message.bytes': String(limit) });
    const records = 20_000;
    const input = join(mkdtempSync(join(tmpdir(), 'simple-produce-packed-')), 'records.txt');
    writeFileSync(input, Array.from({ length: records }, (_, n) => `${n}|value ${n} ${'v'.repeat(40)}\n`).join(''));
    // A long linger: every batch closes because it is full, not because its time ran out.
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '-K',
      '|',
      '--linger-ms',
      '5000',
      '--batch-size',
      String(limit),
      '--quiet',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const log = join(STATE_DIR, 'node-1', 'data', `${topic}-0`, '00000000000000000000.log');
    const dump = await runTool('kafka-dump-log', ['--files', log]);
    const batches = [...dump.matchAll(/count: (\d+) .*? size: (\d+)/g)].map((m) => ({
      count: Number(m[1]),
      size: Number(m[2]),
    }));
    expect(batches.reduce((sum, b) => sum + b.count, 0)).toBe(records);
    // Within the limit, and full: each batch but the last within one record (some 60 bytes) of it.
    for (const batch of batches) expect(batch.size).toBeLessThanOrEqual(limit);
    for (const batch of batches.slice(0, -1)) expect(batch.size).toBeGreaterThan(limit - 100);
  });
});
