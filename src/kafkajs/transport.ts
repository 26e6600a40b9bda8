// The Transport on kafkajs, put together from its parts: the client (client.ts), the producers the
// batches go through (producers.ts), sending with retries (send.ts), topic metadata and creation
// (topics.ts), transactions (transactions.ts) and reading back for --verify (read-back.ts).
import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import { SimpleProduceError } from '../core/errors.js';
import type {
  BatchResult,
  ProduceBatch,
  RecordReader,
  StoredRecord,
  TopicCreator,
  TopicSpec,
  Transport,
} from '../core/transport.js';
import { PLAINTEXT, type Security } from '../security/settings.js';
import { type KafkaJsTransportOptions, kafkaClient } from './client.js';
import { translateConnectError, translateSendError } from './errors.js';
import { ProducerPool } from './producers.js';
import { ReadBack } from './read-back.js';
import { BatchSender } from './send.js';
import { Topics } from './topics.js';
import { KafkaJsTransactions } from './transactions.js';

export { type KafkaJsTransportOptions, kafkaJsSecurity } from './client.js';

export class KafkaJsTransport implements Transport, TopicCreator, RecordReader {
  private readonly kafka: KafkaClient;
  private readonly security: Security;
  private readonly producers: ProducerPool;
  private readonly admin: Admin;
  private adminConnected: Promise<void> | null = null;
  private readonly topics: Topics;
  private readonly transactions: KafkaJsTransactions | null;
  private readonly sender: BatchSender;
  private readBack: ReadBack | null = null;

  constructor(private readonly options: KafkaJsTransportOptions) {
    this.security = options.security ?? PLAINTEXT;
    this.kafka = kafkaClient(options, this.security);
    this.producers = new ProducerPool(this.kafka, options);
    this.admin = this.kafka.admin({ retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 3 } });
    const translateSend = (err: unknown) => translateSendError(err, this.security);
    this.topics = new Topics(this.admin, this.producers.first, () => this.connectAdmin(), translateSend);
    const { transactionalId, transactionTimeoutMs = 60_000 } = options;
    this.transactions =
      transactionalId === undefined
        ? null
        : new KafkaJsTransactions(this.producers.first, transactionalId, transactionTimeoutMs, translateSend);
    this.sender = new BatchSender(
      options,
      this.producers,
      this.transactions,
      this.transactions?.translate ?? translateSend,
    );
  }

  connect(): Promise<void> {
    return this.connecting(this.producers.first.connect());
  }

  partitionCount(topic: string): Promise<number> {
    return this.topics.partitionCount(topic);
  }

  createTopic(topic: string, spec: TopicSpec): Promise<void> {
    return this.topics.create(topic, spec);
  }

  send(batch: ProduceBatch, deadline?: number, onRetry?: (error: SimpleProduceError) => void): Promise<BatchResult> {
    return this.sender.send(batch, deadline, onRetry);
  }

  abandon(batch: { topic: string; partition: number }): void {
    // A transaction's batch whose outcome is unknown fails the transaction, whose abort starts a new
    // producer epoch: the producer stays until then.
    if (this.sender.renewsProducers) this.producers.of(batch).renew();
  }

  async readRange(
    topic: string,
    partition: number,
    from: number,
    to: number,
    patienceMs = 10_000,
  ): Promise<StoredRecord[]> {
    this.readBack ??= ReadBack.of(this.kafka);
    try {
      return await this.readBack.range(topic, partition, from, to, patienceMs);
    } catch (err) {
      const reason = translateSendError(err, this.security).message;
      throw new SimpleProduceError('VERIFY', `cannot read partition ${partition} of ${topic} back: ${reason}`);
    }
  }

  beginTransaction(): Promise<void> {
    return this.transactional().begin();
  }

  commitTransaction(): Promise<void> {
    return this.transactional().commit();
  }

  abortTransaction(): Promise<void> {
    return this.transactional().abort();
  }

  async close(): Promise<void> {
    await this.transactions?.close();
    await Promise.allSettled([...this.producers.disconnect(), this.admin.disconnect(), this.readBack?.close()]);
  }

  private transactional(): KafkaJsTransactions {
    if (this.transactions === null) {
      throw new SimpleProduceError('USAGE', 'this transport has no transactional id: it has no transactions');
    }
    return this.transactions;
  }

  /** The admin's connection, made once, when a topic is missing, to be created or read back. */
  private connectAdmin(): Promise<void> {
    this.adminConnected ??= this.connecting(this.admin.connect());
    return this.adminConnected;
  }

  /** A connection whose failure reads as ours: which brokers could not be reached, or why we were refused. */
  private connecting(connection: Promise<void>): Promise<void> {
    return connection.catch((err: unknown) => {
      throw translateConnectError(err, this.options.brokers, this.security);
    });
  }
}
