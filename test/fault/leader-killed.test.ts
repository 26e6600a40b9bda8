// Scenario 1: kill -9 a node that leads some of the topic's partitions in the middle of a
// 300 000-message full-speed run (long enough, at 90 000 messages a second, for the kill to land
// mid-run); a trial killing node 1 and one killing node 3. Node 2 killed the same way is the
// compatibility suite's trial (test/compat/compat.test.ts), which npm test runs on the pinned release.
import { describe, expect, it } from 'vitest';
import { killNode, type NodeId, startNode } from '../../kafka/cluster.js';
import { freshTopic, fullSpeed, kafkaAdmin, runCli } from '../integration/helpers.js';
import { expectEachDeliveredOnce, judge, TABLE_HEADER } from './judge.js';

const MESSAGES = 300_000;

async function leaders(topic: string): Promise<number[]> {
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.map((p) => p.leader);
  } finally {
    await admin.disconnect();
  }
}

describe('a partition leader killed mid-run', () => {
  it.each([1, 3] as NodeId[])(
    'kill -9 node %d: all delivered once, every report where Kafka stored it',
    async (victim) => {
      const topic = await freshTopic(6);
      expect(await leaders(topic)).toContain(victim);
      const run = runCli([...fullSpeed(topic, MESSAGES), '--json', '--quiet']);
      await new Promise((r) => setTimeout(r, 800));
      await killNode(victim);
      const result = await run;
      await startNode(victim);
      console.log(TABLE_HEADER);
      const j = await judge(topic, result.stdout, `leader node ${victim} killed`);
      expect(result.code).toBe(0);
      expect(j.durationMs).toBeGreaterThan(1500); // the node died while the run was producing
      expectEachDeliveredOnce(j, MESSAGES);
    },
  );
});
