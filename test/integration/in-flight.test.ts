// --max-in-flight n: n idempotent producers, a partition keeping to one. Kafka's own
// kafka-dump-log shows it in the log: each partition's batches carry one producer id with unbroken
// sequence numbers from 0, and the topic as a whole carries n producer ids.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_DIR } from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { runTool } from '../support/oracles.js';
import { endOffsets, freshTopic } from '../support/topics.js';

interface Batch {
  baseOffset: number;
  count: number;
  baseSequence: number;
  lastSequence: number;
  producerId: number;
}

/** Every record batch of each partition, from node 1's replica (replication factor 3: it has them all). */
async function batches(topic: string, partitions: number): Promise<Map<number, Batch[]>> {
  const files = Array.from({ length: partitions }, (_, p) =>
    join(STATE_DIR, 'node-1', 'data', `${topic}-${p}`, '00000000000000000000.log'),
  );
  const dump = await runTool('kafka-dump-log', ['--files', files.join(',')]);
  const result = new Map<number, Batch[]>();
  let partition = -1;
  for (const line of dump.split('\n')) {
    const file = /^Dumping .*-(\d+)\/0+\.log$/.exec(line);
    if (file) {
      partition = Number(file[1]);
      result.set(partition, []);
      continue;
    }
    const field = (name: string) => Number(new RegExp(`\\b${name}: (-?\\d+)`).exec(line)?.[1]);
    if (line.startsWith('baseOffset:')) {
      result.get(partition)?.push({
        baseOffset: field('baseOffset'),
        count: field('count'),
        baseSequence: field('baseSequence'),
        lastSequence: field('lastSequence'),
        producerId: field('producerId'),
      });
    }
  }
  return result;
}

describe('--max-in-flight', () => {
  it.each([1, 2, 5])('%d: that many producer ids, one a partition, each with unbroken sequences', async (n) => {
    const topic = await freshTopic(6);
    const run = await runCli([
      ...fullSpeed(topic, 6000),
      '--quiet',
      '--max-in-flight',
      String(n),
      '--batch-size',
      '4000',
    ]);
    expect(run.code).toBe(0);
    const offsets = await endOffsets(topic);
    const log = await batches(topic, 6);
    const producerIds = new Set<number>();
    for (let p = 0; p < 6; p++) {
      const list = log.get(p) ?? [];
      expect(list.reduce((sum, b) => sum + b.count, 0)).toBe(offsets.get(p));
      expect(list.length).toBeGreaterThan(1); // several batches, so the sequences below are checked
      expect(new Set(list.map((b) => b.producerId)).size).toBe(1);
      let next = 0;
      for (const b of list) {
        expect(b.baseSequence).toBe(next);
        expect(b.lastSequence).toBe(next + b.count - 1);
        next += b.count;
      }
      producerIds.add(list[0].producerId);
    }
    expect(producerIds.size).toBe(Math.min(n, 6));
  });
});
