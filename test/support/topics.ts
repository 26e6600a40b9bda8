// Topics for tests against the real local cluster: each test's own, random and deleted when it is
// done, and what Kafka's own tools say of them.
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, onTestFinished } from 'vitest';
import { BOOTSTRAP, untilEveryBrokerKnows } from '../../kafka/cluster.js';
import { runTool } from './oracles.js';

export function kafkaAdmin() {
  return new kafkajs.Kafka({ brokers: BOOTSTRAP.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
}

// Topics made outside a test (in a beforeAll), deleted when their file's tests are done.
const leftovers = new Set<string>();
afterAll(async () => {
  await deleteTopics([...leftovers]);
  leftovers.clear();
});

/** Deletes topics, best effort and bounded: a test that stopped nodes may leave the cluster slow to answer. */
export async function deleteTopics(topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafkaAdmin();
  const work = admin
    .connect()
    .then(() => admin.deleteTopics({ topics, timeout: 10_000 }))
    .catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
  clearTimeout(timer);
  await admin.disconnect().catch(() => {});
}

/** Deletes the topic once the current test has finished (or, outside a test, once its file has). */
export function deleteWhenDone(topic: string): void {
  try {
    onTestFinished(() => deleteTopics([topic]));
  } catch {
    leftovers.add(topic);
  }
}

/** A topic name no other test uses: prefix, then random hex. */
export const uniqueTopic = (prefix = 'test') => `${prefix}.${randomBytes(6).toString('hex')}`;

/** A new topic with a random name, so tests never see each other's messages; deleted when the test
 * that made it is done, so a long-lived local cluster does not collect them. */
export async function freshTopic(partitions = 6, configs: Record<string, string> = {}): Promise<string> {
  const topic = uniqueTopic();
  deleteWhenDone(topic);
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    // Not kafkajs's wait for leaders: see untilEveryBrokerKnows.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: partitions,
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  await untilEveryBrokerKnows(topic, partitions);
  return topic;
}

/** Each partition's end offset, from Kafka's own kafka-get-offsets. */
export async function endOffsets(topic: string): Promise<Map<number, number>> {
  const out = await runTool('kafka-get-offsets', ['--bootstrap-server', BOOTSTRAP, '--topic', topic]);
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(':'))
      .map(([, partition, offset]) => [Number(partition), Number(offset)]),
  );
}

/** Each partition's leader (a node id), in partition order. */
export async function leaders(topic: string): Promise<number[]> {
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader);
  } finally {
    await admin.disconnect();
  }
}
