// One message too large for the topic among normal ones fails with a clear reason; the
// others deliver; exit 1. Value "x"×1000 + n: messages 0-9 make 1072-byte record batches, 10 makes 1074.
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { judge, TABLE_HEADER } from '../support/judge.js';
import { runTool } from '../support/oracles.js';

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
