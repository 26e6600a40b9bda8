// The Transport on kafkajs: idempotent kafkajs producers (the lanes) for the batches, one admin for
// metadata.
import { createRequire } from 'node:module';
import { isIP, connect as netConnect } from 'node:net';
import type * as Tls from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import kafkajs, {
  type Admin,
  type ISocketFactory,
  type ITopicConfig,
  type Kafka as KafkaClient,
  type LogEntry,
  type Message,
  type Producer,
  type SASLOptions,
  type Transaction,
} from 'kafkajs';
import { SimpleProduceError } from '../core/errors.js';
import { KAFKA_ERRORS, kafkaError } from '../core/kafka-errors.js';
import { counted } from '../core/plural.js';
import type { Acks, BatchResult, ProduceBatch, StoredRecord, TopicSpec, Transport } from '../core/transport.js';
import { PLAINTEXT, type Security } from '../security/settings.js';
import { translateConnectError, translateSendError } from './errors.js';
import { ReadBack } from './read-back.js';

// kafkajs is CommonJS: not all of its exports are visible to an ESM named import.
const { ConfigResourceTypes, Kafka, logLevel } = kafkajs;

export interface KafkaJsTransportOptions {
  brokers: string[];
  clientId: string;
  acks: Acks;
  idempotence: boolean;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** A kafkajs CompressionTypes value, its codec registered (compression.ts). */
  compression?: number;
  /** kafkajs's own log lines, to this sink (the CLI's --debug); without it kafkajs prints nothing. */
  debug?: (line: string) => void;
  /** Most produce requests in flight to one broker (default 1); a partition never has more than one.
   * On the benchmark machine, whose brokers share its two cores, 5 was 15-20% slower than 1: more,
   * smaller requests. Brokers a network away, where round trips dominate, gain from more. */
  maxInFlight?: number;
  /** TLS and SASL; plaintext when missing. */
  security?: Security;
  /** Transactional: one producer (one lane) with this transactional.id, whose batches go in the
   * transactions begun and ended by beginTransaction() and commitTransaction() or abortTransaction(). */
  transactionalId?: string;
  /** transaction.timeout.ms: the coordinator aborts a transaction open longer (default 60000). */
  transactionTimeoutMs?: number;
}

/** Our security settings as kafkajs takes them. */
export function kafkaJsSecurity({ sasl, tls }: Security): { ssl?: ConnectionOptions; sasl?: SASLOptions } {
  const settings: { ssl?: ConnectionOptions; sasl?: SASLOptions } = {};
  if (tls !== null) {
    settings.ssl = {
      ca: tls.ca ?? undefined,
      cert: tls.cert ?? undefined,
      key: tls.key ?? undefined,
      passphrase: tls.keyPassword?.reveal(),
      rejectUnauthorized: tls.verifyCertificate,
      ...(tls.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
    };
  }
  if (sasl !== null) {
    const mechanism = sasl.mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512';
    settings.sasl = { mechanism, username: sasl.username, password: sasl.password.reveal() };
  }
  return settings;
}

const requireBuiltin = createRequire(import.meta.url);

/** kafkajs's own socket factory, except that node:tls is loaded for a TLS connection only, where
 * kafkajs loads it with the client: a plaintext run, a short one above all, does without it. */
const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? (requireBuiltin('node:tls') as typeof Tls).connect(
        { host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl },
        onConnect,
      )
    : netConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  return socket;
};

function logCreator(debug: ((line: string) => void) | undefined) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = log;
      const name = Object.keys(logLevel).find((k) => logLevel[k as keyof typeof logLevel] === level);
      debug?.(`kafkajs ${name} [${namespace}] ${message} ${JSON.stringify(extra)}`);
    };
}

/** A batch whose delivery timeout passed before its first attempt. */
const localTimeout = () =>
  new SimpleProduceError('TIMED_OUT', KAFKA_ERRORS.MSG_TIMED_OUT.message, true, 'MSG_TIMED_OUT');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a transaction may take to begin while nodes are lost (a killed node is fenced after 9 s). */
const TRANSACTION_BEGIN_MS = 30_000;
/** How long a topic just created may take to show a leader for each partition. */
const TOPIC_READY_MS = 30_000;

/** What the transport uses of the kafkajs cluster that our patched producers show (kafkajs as
 * published does not; test/unit/kafkajs/internals.test.ts checks the patched one does). */
interface ProducerCluster {
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): unknown[];
}

/** One kafkajs producer and its idempotent session. */
class Lane {
  private producer: Producer;
  private connecting: Promise<void> | null = null;
  /** Set when a batch's outcome became unknown: the next send first starts a new idempotent session. */
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
   * so later batches go through a new producer with a new producer id, as librdkafka bumps its epoch. */
  abandon(session: Producer = this.producer): void {
    // A batch of a session the lane has already left says nothing of the current one.
    if (session === this.producer) this.stale ??= session;
  }

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
    return (this.producer as Producer & { cluster?: ProducerCluster }).cluster;
  }
}

export class KafkaJsTransport implements Transport {
  private readonly kafka: KafkaClient;
  /** kafkajs lets an idempotent producer have one request in flight to each broker (a lock per
   * broker guards its sequence numbers), so --max-in-flight n means n producers, the lanes. Each
   * partition keeps to the lane it first used, where its sequence numbers live; each broker then has
   * at most n requests in flight, one a lane, and the lanes after the first start when first needed. */
  private readonly lanes: Lane[] = [];
  private readonly laneOf = new Map<string, Lane>();
  private readonly admin: Admin;
  private adminConnected: Promise<void> | null = null;
  private readBack: ReadBack | null = null;
  private readonly security: Security;
  private readonly maxInFlight: number;
  /** Idempotent, and not transactional: a batch whose outcome is unknown moves its lane to a new session. */
  private readonly renewsSessions: boolean;
  /** The open transaction of a transactional transport, and when it began (performance.now()). */
  private transaction: Transaction | null = null;
  private transactionBegan = 0;

  constructor(private readonly options: KafkaJsTransportOptions) {
    this.security = options.security ?? PLAINTEXT;
    // A transaction is one producer id: one lane.
    this.maxInFlight = options.transactionalId === undefined ? Math.max(1, options.maxInFlight ?? 1) : 1;
    this.renewsSessions = options.idempotence && options.transactionalId === undefined;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      logLevel: options.debug ? logLevel.DEBUG : logLevel.NOTHING,
      logCreator: logCreator(options.debug),
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 2 },
      socketFactory,
      ...kafkaJsSecurity(this.security),
    });
    this.lanes.push(new Lane(() => this.newProducer()));
    this.admin = this.kafka.admin({ retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 3 } });
  }

  private newProducer(): Producer {
    const { transactionalId, transactionTimeoutMs } = this.options;
    if (transactionalId !== undefined) {
      // Its transactions' messages are idempotent whatever `idempotent` says: kafkajs gives this
      // producer's own (non-transactional) send() an id of its own when set, which is never used.
      return this.kafka.producer({
        transactionalId,
        transactionTimeout: transactionTimeoutMs ?? 60_000,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner:
          () =>
          ({ message }) =>
            message.partition ?? 0,
        retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 0 },
      });
    }
    return this.kafka.producer({
      idempotent: this.options.idempotence,
      allowAutoTopicCreation: false,
      // One request at a time on each of this producer's connections. An idempotent kafkajs producer
      // already sends one at a time to each broker (it locks the broker around its sequence numbers).
      ...(this.options.idempotence ? {} : { maxInFlightRequests: 1 }),
      // Our partitioner has already chosen every message's partition; this one is never asked.
      createPartitioner:
        () =>
        ({ message }) =>
          message.partition ?? 0,
      // No retry inside kafkajs (patched to allow it when idempotent): send() sees every attempt,
      // and knows which may have been written, and retries up to the deadline.
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 0 },
    });
  }

  /** The partition's lane: the next one round-robin on its first batch, then always the same. */
  private lane({ topic, partition }: { topic: string; partition: number }): Lane {
    const key = `${topic}\u0000${partition}`;
    let lane = this.laneOf.get(key);
    if (lane === undefined) {
      const index = this.laneOf.size % this.maxInFlight;
      if (index === this.lanes.length) this.lanes.push(new Lane(() => this.newProducer()));
      lane = this.lanes[index];
      this.laneOf.set(key, lane);
    }
    return lane;
  }

  abandon(batch: { topic: string; partition: number }): void {
    // A transaction's batch whose outcome is unknown fails the transaction, whose abort starts a new
    // session: the session stays until then.
    if (this.renewsSessions) this.lane(batch).abandon();
  }

  connect(): Promise<void> {
    return this.connecting(this.lanes[0].connect());
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

  async partitionCount(topic: string): Promise<number> {
    const known = await this.producerPartitionCount(topic);
    if (known > 0) return known;
    await this.connectAdmin();
    const count = await this.fetchPartitionCount(topic);
    if (count > 0) return count;
    // A producer's metadata request creates a missing topic where the brokers allow it; kafkajs's
    // admin never asks for that, so we create it as the broker would: with its defaults.
    if (!(await this.brokersAutoCreateTopics())) {
      throw new SimpleProduceError(
        'TOPIC',
        `topic "${topic}" does not exist and the cluster does not create topics on first use (pass --create-topic)`,
      );
    }
    // The brokers may be creating it already (our producer's metadata request asked them to).
    const { partitions } = await this.createTopicAndWait({ topic }).catch((err: unknown) => {
      throw translateSendError(err, this.security);
    });
    return partitions;
  }

  /** The topic's partitions from the first lane's own metadata, which it needs to send anyway: a run
   * whose topic exists makes no admin connection. 0 when the topic is missing. */
  private async producerPartitionCount(topic: string): Promise<number> {
    await this.connect();
    const cluster = this.lanes[0].cluster();
    if (cluster === undefined) {
      throw new Error(
        'kafkajs internals: the producer does not show its cluster (src/kafkajs/patches.mjs did not apply)',
      );
    }
    try {
      await cluster.addMultipleTargetTopics([topic]);
      return cluster.findTopicPartitionMetadata(topic).length;
    } catch (err) {
      if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return 0;
      throw translateSendError(err, this.security);
    }
  }

  private async fetchPartitionCount(topic: string): Promise<number> {
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]?.partitions.length ?? 0;
    } catch (err) {
      if ((err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return 0;
      throw translateSendError(err, this.security);
    }
  }

  private async brokersAutoCreateTopics(): Promise<boolean> {
    try {
      const { brokers } = await this.admin.describeCluster();
      const { resources } = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.BROKER,
            name: String(brokers[0].nodeId),
            configNames: ['auto.create.topics.enable'],
          },
        ],
      });
      return resources[0]?.configEntries[0]?.configValue === 'true';
    } catch (err) {
      throw translateSendError(err, this.security);
    }
  }

  /** Sends one batch, retrying what the broker calls retriable until the deadline (performance.now() ms). */
  async send(
    batch: ProduceBatch,
    deadline = Number.POSITIVE_INFINITY,
    onRetry?: (error: SimpleProduceError) => void,
  ): Promise<BatchResult> {
    let backoff = 100;
    // The session (producer id) of the attempts so far, and whether one of them may have been
    // written: then only that session may send the batch again, since the broker recognises a
    // duplicate by the producer id and sequence. If the lane has started a new session meanwhile
    // (another batch's outcome became unknown), the batch fails as possibly persisted instead.
    let session: Producer | null = null;
    let unknown: SimpleProduceError | null = null;
    let last: SimpleProduceError | null = null;
    let final: SimpleProduceError | null = null;
    for (;;) {
      let sending = false;
      try {
        const producer = await this.lane(batch).current();
        if (unknown !== null && producer !== session) throw unknown;
        // Starting a new session can take a while: past the deadline, the producer core has already
        // reported the batch failed, and may be sending the partition's next batch.
        if (performance.now() >= deadline) {
          final = unknown ?? last ?? localTimeout();
          throw final;
        }
        session = producer;
        sending = true;
        return await this.sendOnce(producer, batch, this.ackTimeout(deadline));
      } catch (err) {
        if (err === unknown || err === final) throw err;
        const error = this.translate(err);
        last = error;
        // Sent, and not refused unwritten by the broker: the batch's outcome is unknown.
        if (sending && !kafkaError(error.reason)?.unwritten) unknown = error;
        if (!error.retriable || performance.now() + backoff >= deadline) {
          if (unknown !== null && session !== null && this.renewsSessions) this.lane(batch).abandon(session);
          throw error;
        }
        onRetry?.(error);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }

  /** How long the broker may wait for in-sync replicas: short enough that its answer (and a retry of
   * ours) arrives before the deadline, so a failure carries the broker's reason. */
  private ackTimeout(deadline: number): number {
    const remaining = deadline - performance.now() - 500;
    return Math.max(100, Math.min(this.options.requestTimeoutMs, Math.floor(remaining / 2)));
  }

  private async sendOnce(producer: Producer, { topic, messages }: ProduceBatch, timeout: number) {
    const sender = this.options.transactionalId === undefined ? producer : this.openTransaction();
    const [result] = await sender.send({
      topic,
      acks: this.options.acks,
      compression: this.options.compression,
      timeout,
      // The producer core's messages as they are: each has its partition, key, value, headers (as
      // pairs, which our record encoder writes) and timestamp (a number, which it takes as it is).
      messages: messages as unknown as Message[],
    });
    if (result === undefined) return { baseOffset: null, logAppendTime: -1 } satisfies BatchResult;
    return {
      baseOffset: Number(result.baseOffset),
      logAppendTime: Number(result.logAppendTime ?? -1),
    } satisfies BatchResult;
  }

  async createTopic(topic: string, { partitions, replicationFactor }: TopicSpec): Promise<void> {
    await this.connectAdmin();
    const { created } = await this.createTopicAndWait({
      topic,
      numPartitions: partitions ?? -1,
      replicationFactor: replicationFactor ?? -1,
    }).catch((err: unknown) => {
      const reason = translateSendError(err, this.security).message;
      throw new SimpleProduceError('TOPIC', `cannot create topic "${topic}": ${reason}`);
    });
    if (created) return;
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const have = topics[0]?.partitions ?? [];
    const rf = have[0]?.replicas.length ?? 0;
    if (
      (partitions !== null && have.length !== partitions) ||
      (replicationFactor !== null && rf !== replicationFactor)
    ) {
      throw new SimpleProduceError(
        'TOPIC',
        `topic "${topic}" already exists with ${counted(have.length, 'partition')} and replication factor ${rf}, ` +
          `not ${partitions ?? have.length} and ${replicationFactor ?? rf}`,
      );
    }
  }

  /** Creates the topic (created: false when it existed) and waits until the brokers' metadata shows
   * each of its partitions with a leader; gives its partition count. kafkajs's own wait
   * (waitForLeaders) gives up on the first UNKNOWN_TOPIC_OR_PARTITION: in KRaft the controller answers
   * CreateTopics before every broker has learnt of the topic, so a broker asked at once may not know
   * it yet (seen on 3.9). */
  private async createTopicAndWait(config: ITopicConfig): Promise<{ created: boolean; partitions: number }> {
    const created = await this.admin.createTopics({ topics: [config], waitForLeaders: false }).catch((err: unknown) => {
      if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return false;
      throw err;
    });
    const deadline = performance.now() + TOPIC_READY_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [config.topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) {
          return { created, partitions: partitions.length };
        }
      } catch (err) {
        const type = (err as { type?: string }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw err;
      }
      if (performance.now() + wait > deadline) {
        throw new SimpleProduceError(
          'TOPIC',
          `topic "${config.topic}" was created but has no leader after ${TOPIC_READY_MS / 1000} s`,
        );
      }
      await sleep(wait);
    }
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

  private openTransaction(): Transaction {
    if (this.transaction === null) {
      throw new SimpleProduceError('DELIVERY', 'a transactional producer sends only in a transaction (none is open)');
    }
    return this.transaction;
  }

  /** A kafkajs error as ours; a transactional session's stale epoch says why it is stale. */
  private translate(err: unknown): SimpleProduceError {
    const error = translateSendError(err, this.security);
    const { transactionalId, transactionTimeoutMs = 60_000 } = this.options;
    if (transactionalId === undefined) return error;
    if (error.reason !== 'INVALID_PRODUCER_EPOCH' && error.reason !== 'PRODUCER_FENCED') return error;
    // The coordinator bumps the epoch both when a new producer of the id starts and when it aborts
    // a transaction that was open past transaction.timeout.ms: the time open tells which.
    const open = Math.round(performance.now() - this.transactionBegan);
    if (this.transaction !== null && open >= transactionTimeoutMs) {
      return new SimpleProduceError(
        'DELIVERY',
        `TRANSACTION_TIMED_OUT: the broker aborted the transaction, open ${open} ms, longer than transaction.timeout.ms (${transactionTimeoutMs} ms)`,
        false,
        'TRANSACTION_TIMED_OUT',
        err,
      );
    }
    return new SimpleProduceError(
      'FENCED',
      `fenced: another producer with transactional id "${transactionalId}" has started (${error.reason})`,
      false,
      'PRODUCER_FENCED',
      err,
    );
  }

  /** A transaction of the lane's session; of a new session after an abort (see abortTransaction). */
  private async sessionTransaction(): Promise<Transaction> {
    const deadline = performance.now() + TRANSACTION_BEGIN_MS;
    for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1000)) {
      try {
        // A new session's first transaction registers the transactional id with its coordinator
        // (InitProducerId), which first aborts a transaction an earlier session of the id left open.
        return await (await this.lanes[0].current()).transaction();
      } catch (err) {
        // A node just lost (the new session's bootstrap, the coordinator): tried again meanwhile.
        const error = this.translate(err);
        if (!error.retriable || performance.now() + backoff > deadline) throw error;
        await sleep(backoff);
      }
    }
  }

  async beginTransaction(): Promise<void> {
    this.transaction = await this.sessionTransaction();
    this.transactionBegan = performance.now();
  }

  async commitTransaction(): Promise<void> {
    try {
      await this.openTransaction().commit();
    } catch (err) {
      throw this.translate(err);
    }
    this.transaction = null;
  }

  async abortTransaction(): Promise<void> {
    const transaction = this.openTransaction();
    const lane = this.lanes[0];
    try {
      if (transaction.isActive()) {
        await transaction.abort();
        return;
      }
    } catch (err) {
      const error = this.translate(err);
      // A fenced producer leaves the transaction to the one that fenced it.
      if (error.code === 'FENCED') throw error;
    } finally {
      // The next transaction is of a new session: InitProducerId bumps the epoch, so nothing of
      // this one (a batch whose answer never came) can land in it.
      this.transaction = null;
      lane.abandon();
    }
    // kafkajs could not end it (a commit that failed half-way, an epoch the broker bumped): a new
    // session of the id makes the coordinator abort it, and answers once that is done.
    const empty = await this.sessionTransaction();
    try {
      await empty.abort();
    } catch (err) {
      throw this.translate(err);
    }
  }

  async close(): Promise<void> {
    // Left open, a transaction would hold back read_committed consumers until the broker's timeout.
    if (this.transaction?.isActive()) await this.transaction.abort().catch(() => {});
    await Promise.allSettled([
      ...this.lanes.map((lane) => lane.disconnect()),
      this.admin.disconnect(),
      this.readBack?.close(),
    ]);
  }
}
