// The kafkajs producers a transport sends with, and which partition goes through which. Each has its
// own producer id; an idempotent one is replaced by a new one (a new producer id) when a batch's
// outcome became unknown, as librdkafka bumps its epoch.
import type { Kafka as KafkaClient, Producer } from 'kafkajs';
import type { KafkaJsTransportOptions } from './client.js';

/** What the transport uses of the kafkajs cluster that our patched producers show (kafkajs as
 * published does not; test/unit/kafkajs/internals.test.ts checks the patched one does). */
export interface ProducerCluster {
  connect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
}

/** The cluster of a kafkajs producer, as our patch shows it. */
export const clusterOf = (producer: Producer): ProducerCluster | undefined =>
  (producer as Producer & { cluster?: ProducerCluster }).cluster;

/** One kafkajs producer at a time: a new one, with a new producer id, once a batch's outcome is unknown. */
export class RenewableProducer {
  private producer: Producer;
  private connecting: Promise<void> | null = null;
  /** Set when a batch's outcome became unknown: the next send first starts a new producer. */
  private stale: Producer | null = null;

  constructor(private readonly make: () => Producer) {
    this.producer = make();
  }

  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((err: unknown) => {
      this.connecting = null;
      throw err;
    });
    return this.connecting;
  }

  /** A batch's outcome is unknown (timed out, connection lost): its sequence numbers cannot be reused,
   * so later batches go through a new producer with a new producer id. */
  renew(sentBy: Producer = this.producer): void {
    // A batch of a producer already replaced says nothing of the current one.
    if (sentBy === this.producer) this.stale ??= sentBy;
  }

  /** The producer to send with now: a new one when the last was renewed. */
  async current(): Promise<Producer> {
    await this.connect();
    const stale = this.stale;
    if (stale !== null) {
      const fresh = this.make();
      await fresh.connect().catch((err: unknown) => {
        void fresh.disconnect().catch(() => {});
        throw err;
      });
      if (this.stale === stale) {
        this.producer = fresh;
        this.connecting = Promise.resolve();
        this.stale = null;
        void stale.disconnect().catch(() => {});
      } else {
        void fresh.disconnect().catch(() => {});
      }
    }
    return this.producer;
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  cluster(): ProducerCluster | undefined {
    return clusterOf(this.producer);
  }
}

/** Our partitioner has already chosen every message's partition; kafkajs's is never asked. */
const chosenPartition =
  () =>
  ({ message }: { message: { partition?: number } }) =>
    message.partition ?? 0;

/** kafkajs lets an idempotent producer have one request in flight to each broker (a lock per broker
 * guards its sequence numbers), so --max-in-flight n means n producers. Each partition keeps to the
 * producer it first used, where its sequence numbers live; each broker then has at most n requests
 * in flight, and the producers after the first start when first needed. */
export class ProducerPool {
  private readonly producers: RenewableProducer[] = [];
  private readonly byPartition = new Map<string, RenewableProducer>();
  private readonly size: number;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: KafkaJsTransportOptions,
  ) {
    // A transaction is one producer id: one producer.
    this.size = options.transactionalId === undefined ? Math.max(1, options.maxInFlight ?? 1) : 1;
    this.producers.push(new RenewableProducer(() => this.newProducer()));
  }

  /** The first producer: the one that connects first, looks topics up, and runs the transactions. */
  get first(): RenewableProducer {
    return this.producers[0];
  }

  /** The partition's producer: the next one round-robin on its first batch, then always the same. */
  of({ topic, partition }: { topic: string; partition: number }): RenewableProducer {
    const key = `${topic}\u0000${partition}`;
    let producer = this.byPartition.get(key);
    if (producer === undefined) {
      const index = this.byPartition.size % this.size;
      if (index === this.producers.length) this.producers.push(new RenewableProducer(() => this.newProducer()));
      producer = this.producers[index];
      this.byPartition.set(key, producer);
    }
    return producer;
  }

  disconnect(): Promise<void>[] {
    return this.producers.map((producer) => producer.disconnect());
  }

  private newProducer(): Producer {
    const { transactionalId, transactionTimeoutMs, idempotence } = this.options;
    // No retry inside kafkajs (patched to allow it when idempotent): the transport sees every
    // attempt, knows which may have been written, and retries up to the deadline.
    const common = {
      allowAutoTopicCreation: false,
      createPartitioner: chosenPartition,
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 0 },
    };
    if (transactionalId !== undefined) {
      // Its transactions' messages are idempotent whatever `idempotent` says: kafkajs gives this
      // producer's own (non-transactional) send() an id of its own when set, which is never used.
      return this.kafka.producer({
        ...common,
        transactionalId,
        transactionTimeout: transactionTimeoutMs ?? 60_000,
        maxInFlightRequests: 1,
      });
    }
    // One request at a time on each of this producer's connections. An idempotent kafkajs producer
    // already sends one at a time to each broker (it locks the broker around its sequence numbers).
    return this.kafka.producer({
      ...common,
      idempotent: idempotence,
      ...(idempotence ? {} : { maxInFlightRequests: 1 }),
    });
  }
}
