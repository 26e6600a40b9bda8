// kill -9 a node that leads some of the topic's partitions in the middle of a 300 000-message
// full-speed run, once 30 000 are delivered; a trial killing node 1 and one killing node 3. Node 2
// killed the same way is the compatibility suite's trial (test/compat/compat.test.ts), which npm test
// runs on the pinned release.
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../kafka/cluster.js';
import { expectEachDeliveredOnce, leaderKilledMidRun } from '../support/judge.js';
import { freshTopic } from '../support/topics.js';

const MESSAGES = 300_000;

describe('a partition leader killed mid-run', () => {
  it.each([1, 3] as NodeId[])(
    'kill -9 node %d: all delivered once, every report where Kafka stored it',
    async (victim) => {
      const topic = await freshTopic(6);
      const { result, judgement } = await leaderKilledMidRun(
        topic,
        victim,
        MESSAGES,
        30_000,
        `leader node ${victim} killed`,
      );
      expect(result.code).toBe(0);
      expect(judgement.durationMs).toBeGreaterThan(1500); // the node died while the run was producing
      expectEachDeliveredOnce(judgement, MESSAGES);
    },
  );
});
