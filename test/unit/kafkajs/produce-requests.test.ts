// ProduceRequests (src/kafkajs/produce-requests.ts) on our patched kafkajs producer, against scripted
// brokers that keep each partition's log as a broker does for an idempotent producer: a batch whose
// sequence number it already wrote is answered with that write's offset, not written again.
import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { ProduceBatch } from '../../../src/core/transport.js';
import { AfterSharedFailure, ProduceRequests } from '../../../src/kafkajs/produce-requests.js';
import { type Internals, loadKafkajs, scriptedCluster, silentLogger } from '../../support/kafkajs-bundle.js';

const entry = `module.exports = {
  createProducer: require('kafkajs/src/producer'),
  createErrorFromCode: require('kafkajs/src/protocol/error').createErrorFromCode,
  KafkaJSConnectionClosedError: require('kafkajs/src/errors').KafkaJSConnectionClosedError,
}`;

const NOT_LEADER_FOR_PARTITION = 6;

/** Partitions 0 and 1 led by node 1, partition 2 by node 2. */
const LEADERS: Record<number, number> = { 0: 1, 1: 1, 2: 2 };

interface Sent {
  nodeId: number;
  partitions: { partition: number; firstSequence: number; count: number }[];
}

/** Brokers that write what they are sent, except a partition in `refusing` (refused unwritten, the
 * others of its request written) or every partition while `closing` (the connection lost). */
function writingCluster(kafkajs: Internals) {
  const requests: Sent[] = [];
  const logs = new Map<number, { end: number; written: Map<number, number> }>();
  const script = { refusing: new Set<number>(), closing: false };
  const broker = (nodeId: number) => ({
    nodeId,
    initProducerId: async () => ({ producerId: 7, producerEpoch: 0 }),
    // biome-ignore lint/suspicious/noExplicitAny: kafkajs's request shape
    produce: async ({ topicData }: { topicData: any[] }) => {
      const partitions = topicData.flatMap(({ partitions }) =>
        // biome-ignore lint/suspicious/noExplicitAny: kafkajs's request shape
        partitions.map((p: any) => ({
          partition: p.partition as number,
          firstSequence: p.firstSequence as number,
          count: p.messages[0].preEncoded.count as number,
        })),
      );
      requests.push({ nodeId, partitions });
      if (script.closing) throw new kafkajs.KafkaJSConnectionClosedError('Connection closed', { host: 'h', port: 1 });
      const answers = partitions.map(({ partition, firstSequence, count }) => {
        if (script.refusing.has(partition)) return { partition, errorCode: NOT_LEADER_FOR_PARTITION };
        const log = logs.get(partition) ?? { end: 0, written: new Map() };
        logs.set(partition, log);
        let baseOffset = log.written.get(firstSequence);
        if (baseOffset === undefined) {
          baseOffset = log.end;
          log.written.set(firstSequence, baseOffset);
          log.end += count;
        }
        return { partition, errorCode: 0, baseOffset: String(baseOffset), logAppendTime: '-1' };
      });
      // As kafkajs's produce response does: the first partition's error is thrown, whose it is unsaid.
      const refused = answers.find((a) => a.errorCode !== 0);
      if (refused !== undefined) throw kafkajs.createErrorFromCode(refused.errorCode);
      return { topics: [{ topicName: 't', partitions: answers }], throttleTime: 0 };
    },
  });
  const cluster = scriptedCluster(new Map([1, 2].map((id) => [id, broker(id)])), LEADERS);
  return { cluster, requests, logs, script };
}

async function setUp() {
  const kafkajs = await loadKafkajs(entry, true);
  const scripted = writingCluster(kafkajs);
  const producer = kafkajs.createProducer({
    cluster: scripted.cluster,
    logger: silentLogger,
    idempotent: true,
    retry: { retries: 0 },
    createPartitioner:
      () =>
      ({ message }: { message: { partition: number } }) =>
        message.partition,
  }) as Producer;
  await producer.connect();
  return { ...scripted, producer, requests: scripted.requests, send: new ProduceRequests(-1, 0) };
}

const batch = (partition: number, count: number): ProduceBatch => ({
  topic: 't',
  partition,
  count,
  bytes: Buffer.alloc(61),
  end: 61,
  firstTimestamp: 0,
  maxTimestamp: 0,
});

describe('ProduceRequests', () => {
  it("sends the batches ready in one turn a request per leader, each partition's under its own sequence", async () => {
    const { producer, requests, send } = await setUp();
    const results = await Promise.all([
      send.send(producer, batch(0, 3), 1000),
      send.send(producer, batch(1, 4), 1000),
      send.send(producer, batch(2, 5), 1000),
    ]);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 0, 0]);
    expect(requests).toEqual([
      {
        nodeId: 1,
        partitions: [
          { partition: 0, firstSequence: 0, count: 3 },
          { partition: 1, firstSequence: 0, count: 4 },
        ],
      },
      { nodeId: 2, partitions: [{ partition: 2, firstSequence: 0, count: 5 }] },
    ]);
    // The next turn's batches follow each partition's sequence.
    const next = await Promise.all([send.send(producer, batch(0, 2), 1000), send.send(producer, batch(1, 1), 1000)]);
    expect(next.map((r) => r.baseOffset)).toEqual([3, 4]);
    expect(requests[2].partitions.map((p) => p.firstSequence)).toEqual([3, 4]);
  });

  it('sends each batch again alone when its request of several is refused for one: the one written gets its first offsets, the other fails as after a shared failure', async () => {
    const { producer, requests, logs, script, send } = await setUp();
    script.refusing.add(1);
    const [written, refused] = await Promise.allSettled([
      send.send(producer, batch(0, 3), 1000),
      send.send(producer, batch(1, 4), 1000),
    ]);
    expect(written).toEqual({ status: 'fulfilled', value: { baseOffset: 0, logAppendTime: -1 } });
    expect(refused.status).toBe('rejected');
    const reason = (refused as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(AfterSharedFailure);
    expect(reason.error).toMatchObject({ cause: { type: 'NOT_LEADER_FOR_PARTITION' } });
    // The shared request, then each batch alone under the same sequence number.
    expect(requests.map((r) => r.partitions.map((p) => `${p.partition}#${p.firstSequence}`))).toEqual([
      ['0#0', '1#0'],
      ['0#0'],
      ['1#0'],
    ]);
    // Partition 0's batch was written once, by the shared request.
    expect(logs.get(0)?.end).toBe(3);
  });

  it('fails every batch of a request whose connection was lost with that error as it is: each may be written', async () => {
    const { producer, requests, script, send } = await setUp();
    script.closing = true;
    const settled = await Promise.allSettled([
      send.send(producer, batch(0, 1), 1000),
      send.send(producer, batch(1, 1), 1000),
    ]);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const reason = (s as PromiseRejectedResult).reason;
      expect(reason).not.toBeInstanceOf(AfterSharedFailure);
      expect(reason).toMatchObject({ cause: { name: 'KafkaJSConnectionClosedError' } });
    }
    expect(requests).toHaveLength(1);
  });

  it("sends each batch alone while its producer's cluster has no metadata yet (a producer just connected)", async () => {
    const { producer, cluster, requests, send } = await setUp();
    const metadata = cluster.findTopicPartitionMetadata;
    cluster.findTopicPartitionMetadata = () => {
      throw new Error('Topic metadata not loaded');
    };
    // kafkajs loads the topic's metadata as it sends.
    cluster.addMultipleTargetTopics = async () => {
      cluster.findTopicPartitionMetadata = metadata;
    };
    const results = await Promise.all([send.send(producer, batch(0, 3), 1000), send.send(producer, batch(1, 4), 1000)]);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 0]);
    expect(requests.map((r) => r.partitions.map((p) => p.partition))).toEqual([[0], [1]]);
  });
});
