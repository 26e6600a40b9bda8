// --verify's read-back on a stand-in for kafkajs's Cluster: a leader that moves mid-read is followed
// on fresh metadata, and a partition that cannot be read gives up after the patience, with the reason.
import { describe, expect, it } from 'vitest';
import { type KafkaJsCluster, ReadBack } from '../../../src/kafkajs/read-back.js';

type Fetch = (fetchOffset: number) => { messages: number[]; errorCode?: number } | Error;

function cluster(fetch: Fetch) {
  const calls = { refreshMetadata: 0, fetches: 0 };
  const stand: KafkaJsCluster = {
    connect: async () => {},
    disconnect: async () => {},
    addTargetTopic: async () => {},
    refreshMetadata: async () => {
      calls.refreshMetadata++;
    },
    findLeaderForPartitions: () => ({ '1': [0] }),
    findBroker: async () => ({
      fetch: async (request: unknown) => {
        calls.fetches++;
        const offset = Number(
          (request as { topics: { partitions: { fetchOffset: string }[] }[] }).topics[0].partitions[0].fetchOffset,
        );
        const answer = fetch(offset);
        if (answer instanceof Error) throw answer;
        const messages = answer.messages.map((o) => ({ offset: String(o), key: null, value: Buffer.from(`v${o}`) }));
        return {
          responses: [
            { partitions: [{ partition: 0, errorCode: answer.errorCode ?? 0, highWatermark: '99', messages }] },
          ],
        };
      },
    }),
  };
  return { stand, calls };
}

const notLeader = () =>
  Object.assign(new Error('This server is not the leader'), { type: 'NOT_LEADER_FOR_PARTITION', retriable: true });

describe('ReadBack', () => {
  it('follows a leader that moved: refreshes metadata and reads on', async () => {
    let moved = false;
    const { stand, calls } = cluster((offset) => {
      if (offset === 2 && !moved) {
        moved = true;
        return notLeader();
      }
      return { messages: [offset, offset + 1].filter((o) => o <= 4) };
    });
    const records = await new ReadBack(stand).range('t', 0, 0, 4, 5000);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(calls.refreshMetadata).toBe(1);
  });

  it("treats an error code in the partition's answer as retriable, not as the end of the log", async () => {
    let answered = 0;
    const { stand } = cluster((offset) => (answered++ === 0 ? { messages: [], errorCode: 6 } : { messages: [offset] }));
    expect((await new ReadBack(stand).range('t', 0, 0, 0, 5000)).map((r) => r.offset)).toEqual([0]);
  });

  it('gives up after its patience with the last reason, and at once on a refusal that retrying cannot cure', async () => {
    const { stand, calls } = cluster(() => notLeader());
    const started = performance.now();
    await expect(new ReadBack(stand).range('t', 0, 0, 3, 300)).rejects.toThrow('not the leader');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(calls.fetches).toBeGreaterThan(1);
    const refused = cluster(() =>
      Object.assign(new Error('denied'), { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false }),
    );
    await expect(new ReadBack(refused.stand).range('t', 0, 0, 3, 60_000)).rejects.toThrow('denied');
    expect(refused.calls.fetches).toBe(1);
  });

  it('stops once the rest of the range is not in the log, after its patience', async () => {
    const { stand } = cluster((offset) => ({ messages: offset <= 1 ? [offset] : [] }));
    expect((await new ReadBack(stand).range('t', 0, 0, 3, 200)).map((r) => r.offset)).toEqual([0, 1]);
  });
});
