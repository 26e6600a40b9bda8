// --compression: each codec's batches are stored as that codec (Kafka's own kafka-dump-log says so and
// validates their CRC), and Kafka's console consumer decompresses every message.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_DIR } from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { consoleConsume, runTool } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

describe('--compression', () => {
  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('%s: stored with that codec, read back by Kafka', async (codec) => {
    const topic = await freshTopic(1);
    const run = await runCli([...fullSpeed(topic, 300), '--quiet', '--compression', codec]);
    expect(run.code).toBe(0);
    const records = await consoleConsume(topic, 300);
    expect(records.map((r) => r.value).sort()).toEqual(
      Array.from({ length: 300 }, (_, n) => `hello world: ${n}`).sort(),
    );
    const node = readdirSync(STATE_DIR).find(
      (d) => d.startsWith('node-') && readdirSync(join(STATE_DIR, d, 'data')).includes(`${topic}-0`),
    );
    const segment = join(STATE_DIR, node as string, 'data', `${topic}-0`, '00000000000000000000.log');
    const dump = await runTool('kafka-dump-log', ['--files', segment]);
    const batches = dump.split('\n').filter((l) => l.startsWith('baseOffset:'));
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) {
      expect(batch).toContain(`compresscodec: ${codec}`);
      expect(batch).toContain('isvalid: true');
    }
  });
});
