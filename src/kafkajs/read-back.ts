// Reads records back from exact partition offsets, without a consumer group: kafkajs's consumer always
// joins a group, so this asks the partition leader directly through kafkajs's Cluster and Broker.
// Those are internals of kafkajs 2.2 (pinned in package.json); --verify's integration tests cover them.
import type { Kafka } from 'kafkajs';
import type { StoredRecord } from '../core/transport.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface FetchedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

export interface KafkaJsBroker {
  fetch(request: unknown): Promise<{
    responses: {
      partitions: { partition: number; errorCode: number; highWatermark: string; messages: FetchedMessage[] }[];
    }[];
  }>;
}

export interface KafkaJsCluster {
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
  private connected = false;

  /** Reads through a kafkajs Cluster: the client's own (`ReadBack.of`), or any with its methods. */
  constructor(private readonly cluster: KafkaJsCluster) {}

  static of(kafka: Kafka): ReadBack {
    return new ReadBack(createCluster(kafka));
  }

  /** Every record of one partition from offset `from` to `to` (inclusive), in offset order. A fetch
   * that fails retriably (the leader moved, a broker restarts) or comes back short of `to` is tried
   * again on fresh metadata until it has failed for `patienceMs`; then the last reason is thrown. */
  async range(topic: string, partition: number, from: number, to: number, patienceMs: number): Promise<StoredRecord[]> {
    const records: StoredRecord[] = [];
    let next = from;
    let failingSince: number | null = null;
    let backoff = 100;
    let lastError: unknown = null;
    while (next <= to) {
      const before = next;
      try {
        next = await this.fetchInto(records, topic, partition, next, to);
      } catch (err) {
        lastError = err;
        if ((err as { retriable?: boolean }).retriable === false) throw err;
      }
      if (next > before) {
        failingSince = null;
        backoff = 100;
        continue;
      }
      failingSince ??= performance.now();
      if (performance.now() - failingSince >= patienceMs) {
        // Nothing more came: the rest of the range is not in the log, or could not be read.
        if (lastError !== null) throw lastError;
        break;
      }
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 1000);
      await this.cluster.refreshMetadata().catch(() => {});
    }
    return records;
  }

  /** One fetch from the partition's leader; adds what it returns in the range, and says where to go on. */
  private async fetchInto(records: StoredRecord[], topic: string, partition: number, next: number, to: number) {
    if (!this.connected) {
      await this.cluster.connect();
      this.connected = true;
    }
    await this.cluster.addTargetTopic(topic);
    const leaders = this.cluster.findLeaderForPartitions(topic, [partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined)
      throw Object.assign(new Error(`partition ${partition} of ${topic} has no leader`), { retriable: true });
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
    // kafkajs throws for a partition's error code; this is the guard should it ever pass one through.
    if (fetched !== undefined && fetched.errorCode !== 0) {
      throw Object.assign(new Error(`partition ${partition}: Kafka error code ${fetched.errorCode}`), {
        retriable: true,
      });
    }
    let at = next;
    for (const m of fetched?.messages ?? []) {
      const offset = Number(m.offset);
      if (offset < at || offset > to) continue;
      records.push({ offset, key: m.key, value: m.value });
      at = offset + 1;
    }
    return at;
  }

  async close(): Promise<void> {
    if (this.connected) await this.cluster.disconnect();
  }
}
