// An in-memory Transport for unit tests of the producer core: partitions are arrays, sends can be
// held (to model a slow or frozen broker) and failed on demand.
import { SimpleProduceError } from '../../src/core/errors.js';
import { type ReadRecord, readRecords } from '../../src/core/record-batch.js';
import type {
  BatchResult,
  ProduceBatch,
  RecordReader,
  StoredRecord,
  TopicCreator,
  TopicSpec,
  Transport,
} from '../../src/core/transport.js';

export class MemoryTransport implements Transport, TopicCreator, RecordReader {
  readonly logs = new Map<string, ReadRecord[][]>();
  readonly batches: ProduceBatch[] = [];
  private held: (() => void)[] | null = null;
  private failures: SimpleProduceError[] = [];
  /** The topic's max.message.bytes, checked on values only. */
  maxMessageBytes = Number.POSITIVE_INFINITY;

  constructor(topics: Record<string, number>) {
    for (const [topic, count] of Object.entries(topics)) {
      this.logs.set(
        topic,
        Array.from({ length: count }, () => []),
      );
    }
  }

  async connect(): Promise<void> {}

  async partitionCount(topic: string): Promise<number> {
    const log = this.logs.get(topic);
    if (log === undefined) throw new SimpleProduceError('TOPIC', `topic "${topic}" does not exist`);
    return log.length;
  }

  /** Sends wait until release(). */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const go of held) go();
  }

  /** The next send fails with this error. */
  failNext(error: SimpleProduceError): void {
    this.failures.push(error);
  }

  async send(batch: ProduceBatch): Promise<BatchResult> {
    this.batches.push(batch);
    if (this.held !== null) {
      const held = this.held;
      await new Promise<void>((go) => held.push(go));
    }
    const failure = this.failures.shift();
    if (failure) throw failure;
    const records = readRecords(batch);
    if (records.length !== batch.count) throw new Error(`${records.length} records in a batch of ${batch.count}`);
    if (records.some((m) => (m.value?.length ?? 0) > this.maxMessageBytes)) {
      throw new SimpleProduceError('DELIVERY', 'MESSAGE_TOO_LARGE: too large', false, 'MESSAGE_TOO_LARGE');
    }
    const log = this.logs.get(batch.topic)?.[batch.partition];
    if (log === undefined) throw new SimpleProduceError('DELIVERY', 'UNKNOWN_TOPIC_OR_PARTITION');
    if (this.transactions.length > 0 && this.open === null) throw new Error('a send outside a transaction');
    this.open?.batches.push(batch);
    const baseOffset = log.length;
    log.push(...records);
    return { baseOffset, logAppendTime: -1 };
  }

  async createTopic(topic: string, { partitions }: TopicSpec): Promise<void> {
    if (!this.logs.has(topic))
      this.logs.set(
        topic,
        Array.from({ length: partitions ?? 1 }, () => []),
      );
  }

  async readRange(topic: string, partition: number, from: number, to: number): Promise<StoredRecord[]> {
    const log = this.logs.get(topic)?.[partition] ?? [];
    return log.slice(from, to + 1).map((m, i) => ({ offset: from + i, key: m.key, value: m.value }));
  }

  /** Every transaction begun, in order, with the batches written in it. */
  readonly transactions: { outcome: 'open' | 'committed' | 'aborted'; batches: ProduceBatch[] }[] = [];
  private open: MemoryTransport['transactions'][number] | null = null;
  /** The next commit fails with this error (and the transaction stays open). */
  failCommit: SimpleProduceError | null = null;

  async beginTransaction(): Promise<void> {
    if (this.open !== null) throw new Error('a transaction is already open');
    this.open = { outcome: 'open', batches: [] };
    this.transactions.push(this.open);
  }

  async commitTransaction(): Promise<void> {
    if (this.open === null) throw new Error('no open transaction');
    const failure = this.failCommit;
    this.failCommit = null;
    if (failure !== null) throw failure;
    this.open.outcome = 'committed';
    this.open = null;
  }

  async abortTransaction(): Promise<void> {
    if (this.open === null) throw new Error('no open transaction');
    this.open.outcome = 'aborted';
    this.open = null;
  }

  /** The values a read_committed consumer sees: those of the committed transactions, in order. */
  committedValues(topic: string): string[] {
    return this.transactions
      .filter(({ outcome }) => outcome === 'committed')
      .flatMap(({ batches }) => batches.filter((b) => b.topic === topic))
      .flatMap((batch) => readRecords(batch).map((m) => m.value?.toString() ?? 'null'));
  }

  abandoned = 0;

  abandon(): void {
    this.abandoned++;
  }

  async close(): Promise<void> {}
}
