// Reads records back from exact partition offsets, without a consumer group: kafkajs's consumer always
// joins a group, so this asks the partition leader directly through kafkajs's Cluster and Broker.
// Those are internals of kafkajs 2.2 (pinned in package.json); --verify's integration tests cover them.
import type { Kafka } from 'kafkajs';
import type { StoredRecord } from '../core/transport.js';

interface FetchedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

interface KafkaJsBroker {
  fetch(request: unknown): Promise<{
    responses: {
      partitions: { partition: number; errorCode: number; highWatermark: string; messages: FetchedMessage[] }[];
    }[];
  }>;
}

interface KafkaJsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<KafkaJsBroker>;
}

function createCluster(kafka: Kafka): KafkaJsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof create !== 'function') throw new Error('this kafkajs version has no Cluster factory to read back with');
  return create({ allowAutoTopicCreation: false });
}

export class ReadBack {
  private readonly cluster: KafkaJsCluster;
  private connected = false;

  constructor(kafka: Kafka) {
    this.cluster = createCluster(kafka);
  }

  /** Every record of one partition from offset `from` to `to` (inclusive), in offset order. */
  async range(topic: string, partition: number, from: number, to: number): Promise<StoredRecord[]> {
    if (!this.connected) {
      await this.cluster.connect();
      this.connected = true;
    }
    await this.cluster.addTargetTopic(topic);
    const records: StoredRecord[] = [];
    let next = from;
    while (next <= to) {
      const leaders = this.cluster.findLeaderForPartitions(topic, [partition]);
      const nodeId = Object.keys(leaders)[0];
      if (nodeId === undefined) throw new Error(`partition ${partition} of ${topic} has no leader`);
      const broker = await this.cluster.findBroker({ nodeId });
      const { responses } = await broker.fetch({
        replicaId: -1,
        isolationLevel: 1,
        maxWaitTime: 100,
        minBytes: 1,
        maxBytes: 16 * 1024 * 1024,
        topics: [{ topic, partitions: [{ partition, fetchOffset: String(next), maxBytes: 8 * 1024 * 1024 }] }],
      });
      const fetched = responses[0]?.partitions[0];
      const messages = fetched?.messages ?? [];
      const before = next;
      for (const m of messages) {
        const offset = Number(m.offset);
        if (offset < next || offset > to) continue;
        records.push({ offset, key: m.key, value: m.value });
        next = offset + 1;
      }
      // Nothing more to read: the rest of the range is not in the log.
      if (next === before && (messages.length === 0 || Number(fetched?.highWatermark ?? 0) <= next)) break;
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.connected) await this.cluster.disconnect();
  }
}
