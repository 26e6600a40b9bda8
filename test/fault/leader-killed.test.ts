// Scenario 1: kill -9 a node that leads some of the topic's partitions in the middle of a
// 100 000-message full-speed run; three trials, each killing a different node.
import { describe, expect, it } from 'vitest';
import { killNode, type NodeId, startNode } from '../../kafka/cluster.js';
import { freshTopic, fullSpeed, kafkaAdmin, runCli } from '../integration/helpers.js';
import { expectEachDeliveredOnce, judge, TABLE_HEADER } from './judge.js';

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
  it.each([1, 2, 3] as NodeId[])(
    'kill -9 node %d: all delivered once, every report where Kafka stored it',
    async (victim) => {
      const topic = await freshTopic(6);
      expect(await leaders(topic)).toContain(victim);
      const run = runCli([...fullSpeed(topic, 100000), '--json', '--quiet']);
      await new Promise((r) => setTimeout(r, 1200));
      await killNode(victim);
      const result = await run;
      await startNode(victim);
      console.log(TABLE_HEADER);
      const j = await judge(topic, result.stdout, `leader node ${victim} killed`);
      expect(result.code).toBe(0);
      expect(j.durationMs).toBeGreaterThan(1500); // the node died while the run was producing
      expectEachDeliveredOnce(j, 100000);
    },
  );
});
