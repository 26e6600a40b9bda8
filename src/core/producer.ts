// librdkafka's asynchronous producer model on any Transport: produce() queues and returns at once,
// batches per partition with a linger, and delivery reports wait in a queue until poll() or flush()
// serves them. length counts every message not yet reported, so not polling fills the queue.
import { QueueFullError, SimpleProduceError, timedOutError } from './errors.js';
import { KAFKA_ERRORS, kafkaError } from './kafka-errors.js';
import { Partitioner, type PartitionerName } from './partitioner.js';
import {
  type Header,
  type ProduceBatch,
  SlicedRecord,
  type Slices,
  slicesOf,
  type Transport,
  type WireMessage,
} from './transport.js';

/** librdkafka's RD_KAFKA_OFFSET_INVALID: the offset of a message delivered with acks=0. */
export const OFFSET_INVALID = -1001;

export interface DeliveryReport {
  /** null when delivered; the reason when it failed. */
  error: SimpleProduceError | null;
  topic: string;
  /** The partition the message was written to (or was meant for); -1 if none was chosen. */
  partition: number;
  /** Where Kafka stored the message; OFFSET_INVALID when it failed or with acks=0. */
  offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** CreateTime, or the broker's LogAppendTime for topics that use it. */
  timestamp: number;
  /** From produce() to the broker's acknowledgement (or failure), in milliseconds. */
  latencyMs: number;
  /** Failed, but it may have been written: a request whose answer never came, or that met an
   * error which does not say the batch was refused unwritten (librdkafka's POSSIBLY_PERSISTED).
   * Sending it again may duplicate it. false when delivered. */
  possiblyPersisted: boolean;
  /** The request's opaque, handed back as it was (librdkafka's msg_opaque). */
  opaque: unknown;
}

export type DeliveryCallback = (report: DeliveryReport) => void;

interface RequestCommon {
  topic: string;
  /** Headers in order (pairs), or as an object of names (an array value repeats the name). */
  headers?: Header[] | Record<string, string | Buffer | (string | Buffer)[]>;
  partition?: number;
  /** CreateTime, ms since the epoch; default: the time of produce(). */
  timestamp?: number;
  /** Anything, handed back in the delivery report. */
  opaque?: unknown;
  onDelivery?: DeliveryCallback;
}

export type ProduceRequest = RequestCommon &
  (
    | { key?: string | Buffer | null; value: string | Buffer | null; slices?: undefined }
    /** The key and value as where their bytes lie (an input's chunk), read from it when sent. */
    | { slices: Slices }
  );

export interface ProducerOptions {
  /** queue.buffering.max.messages: messages produced and not yet reported. */
  queueMaxMessages?: number;
  /** queue.buffering.max.kbytes, in bytes: their keys and values (a message alone always fits). */
  queueMaxBytes?: number;
  /** linger.ms: how long a partition's first queued message waits for others to join its batch. */
  lingerMs?: number;
  /** batch.num.messages */
  batchMaxMessages?: number;
  /** batch.size: the most bytes of one record batch as Kafka stores it (its header, each record's
   * framing, key, value and headers), so that a full batch stays within the broker's max.message.bytes. */
  batchMaxBytes?: number;
  /** delivery.timeout.ms: a message not acknowledged by then is reported failed. */
  deliveryTimeoutMs?: number;
  /** The default delivery callback, for messages produced without one. */
  onDelivery?: DeliveryCallback;
  /** Where messages without a partition go (default murmur2, the Java client's). */
  partitioner?: PartitionerName;
}

/** A message from produce() to its report, and then its report: one object a message, which the
 * transport sends as it is and the callback receives (a full-speed run makes a million). Its key and
 * value are slices (see Slices): a report's key and value are Buffers made when asked. */
class QueuedMessage extends SlicedRecord implements WireMessage, DeliveryReport {
  error: SimpleProduceError | null = null;
  offset = OFFSET_INVALID;
  latencyMs = 0;
  possiblyPersisted = false;
  readonly deadline: number;

  constructor(
    readonly topic: string,
    public partition: number,
    slices: Slices,
    readonly headers: Header[] | undefined,
    public timestamp: number,
    readonly opaque: unknown,
    readonly size: number,
    readonly queuedAt: number,
    deliveryTimeoutMs: number,
    readonly onDelivery: DeliveryCallback | undefined,
  ) {
    super(slices.keyBytes, slices.keyStart, slices.keyEnd, slices.valueBytes, slices.valueStart, slices.valueEnd);
    this.deadline = queuedAt + deliveryTimeoutMs;
  }
}

interface PartitionQueue {
  messages: QueuedMessage[];
  bytes: number;
  inFlight: boolean;
  timer: NodeJS.Timeout | null;
  /** After a batch was refused as too large, its messages go again in batches of half as many (and
   * those halved again if refused), so that only a message too large alone fails. */
  split: { most: number; remaining: number } | null;
  /** The last error a send to this partition met, retried or not; cleared by a success. */
  lastError: SimpleProduceError | null;
}

interface TopicState {
  partitions: PartitionQueue[] | null;
  /** Messages waiting for the topic's partition count (librdkafka's unassigned partition). */
  unassigned: QueuedMessage[];
  error: SimpleProduceError | null;
  /** The lookup of the partition count; a state whose lookup failed is dropped, so the next message asks again. */
  loaded: Promise<void>;
}

const toBuffer = (data: string | Buffer | null | undefined): Buffer | null =>
  data === null || data === undefined ? null : typeof data === 'string' ? Buffer.from(data) : data;

function toHeaders(headers: ProduceRequest['headers']): Header[] | undefined {
  if (headers === undefined || Array.isArray(headers)) return headers;
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): Header => [Buffer.from(name), toBuffer(v)]),
  );
}

/** librdkafka's MSG_TIMED_OUT, with the last error the partition met. */
const timedOut = (queue: PartitionQueue | null, inFlight = false) => timedOutError(inFlight, queue?.lastError ?? null);
const IN_FLIGHT_TIMEOUT = Symbol('in flight past the delivery timeout');

export class Producer {
  private readonly queueMaxMessages: number;
  private readonly queueMaxBytes: number;
  /** Bytes of keys and values of the messages counted by outstanding. */
  private outstandingBytes = 0;
  private readonly lingerMs: number;
  private readonly batchMaxMessages: number;
  private readonly batchMaxBytes: number;
  private readonly deliveryTimeoutMs: number;
  private readonly partitioner: Partitioner;
  private readonly topics = new Map<string, TopicState>();
  private reports: QueuedMessage[] = [];
  private wakers: (() => void)[] = [];
  private outstanding = 0;
  private flushing = 0;
  private closed = false;
  private connected: Promise<void> | null = null;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly transport: Transport,
    private readonly options: ProducerOptions = {},
  ) {
    this.queueMaxMessages = options.queueMaxMessages ?? 100_000;
    this.queueMaxBytes = options.queueMaxBytes ?? 1024 * 1024 * 1024;
    this.lingerMs = options.lingerMs ?? 5;
    this.batchMaxMessages = options.batchMaxMessages ?? 10_000;
    this.batchMaxBytes = options.batchMaxBytes ?? 1_000_000;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 120_000;
    this.partitioner = new Partitioner(options.partitioner);
    this.sweeper = setInterval(() => this.expireQueued(), Math.min(1000, this.deliveryTimeoutMs));
    this.sweeper.unref();
  }

  /** Messages produced and not yet reported by poll() or flush(): the walk-through's len(producer). */
  get length(): number {
    return this.outstanding;
  }

  /** Connects once; produce() works without it, this is for failing early and clearly. */
  connect(): Promise<void> {
    this.connected ??= this.transport.connect();
    return this.connected;
  }

  /** Looks the topic up (once) so its partitions are known before the first message. */
  async prepareTopic(topic: string): Promise<number> {
    const state = this.topicState(topic);
    if (state.partitions !== null) return state.partitions.length;
    await state.loaded;
    if (state.error !== null) throw state.error;
    return (state.partitions as PartitionQueue[] | null)?.length ?? 0;
  }

  /** Queues one message and returns at once; throws QueueFullError when the local queue is full. */
  produce(request: ProduceRequest): void {
    if (this.closed) throw new SimpleProduceError('CLOSED', 'produce() after close()');
    if (this.outstanding >= this.queueMaxMessages) throw new QueueFullError(this.outstanding);
    const slices = request.slices ?? slicesOf(toBuffer(request.key), toBuffer(request.value));
    const headers = toHeaders(request.headers);
    let size = slices.keyEnd - slices.keyStart + (slices.valueEnd - slices.valueStart);
    if (headers !== undefined) for (const [name, v] of headers) size += name.length + (v?.length ?? 0);
    if (this.outstanding > 0 && this.outstandingBytes + size > this.queueMaxBytes) {
      throw new QueueFullError(this.outstanding);
    }
    const message = new QueuedMessage(
      request.topic,
      request.partition ?? -1,
      slices,
      headers,
      request.timestamp ?? Date.now(),
      request.opaque,
      size,
      performance.now(),
      this.deliveryTimeoutMs,
      request.onDelivery,
    );
    this.outstanding++;
    this.outstandingBytes += size;
    const state = this.topicState(request.topic);
    if (state.partitions !== null) this.enqueue(state.partitions, message);
    else if (state.error !== null) this.fail(message, state.error);
    else state.unassigned.push(message);
  }

  /** Serves queued delivery reports; waits up to timeoutMs for the first one. Returns how many were served. */
  async poll(timeoutMs = 0): Promise<number> {
    if (this.reports.length === 0 && timeoutMs > 0) await this.waitForReport(timeoutMs);
    return this.serve();
  }

  /** Sends everything queued at once and serves reports until none is outstanding or the time is up.
   * Returns how many messages are still not reported, as librdkafka's flush() does. */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    this.flushing++;
    try {
      this.sendAllReady();
      for (;;) {
        this.serve();
        const remaining = deadline - performance.now();
        if (this.outstanding === 0 || remaining <= 0) return this.outstanding;
        await this.waitForReport(Math.min(remaining, 2 ** 31 - 1));
      }
    } finally {
      this.flushing--;
    }
  }

  /** librdkafka's begin_transaction (with init_transactions before the first): the messages produced
   * until commitTransaction() or abortTransaction() are one transaction. Needs a transactional
   * transport. */
  async beginTransaction(): Promise<void> {
    await this.connect();
    await this.transactionStep('beginTransaction');
  }

  /** Commits the open transaction. Every message of it must be reported first (flush()): a
   * transaction whose messages did not all arrive is aborted, never committed. */
  async commitTransaction(): Promise<void> {
    if (this.outstanding > 0) {
      throw new SimpleProduceError('DELIVERY', `commit with ${this.outstanding} messages not reported: flush first`);
    }
    await this.transactionStep('commitTransaction');
  }

  /** Aborts the open transaction; flush() first, so that none of its batches is still in flight. */
  abortTransaction(): Promise<void> {
    return this.transactionStep('abortTransaction');
  }

  private transactionStep(step: 'beginTransaction' | 'commitTransaction' | 'abortTransaction'): Promise<void> {
    const call = this.transport[step];
    if (call === undefined) throw new SimpleProduceError('USAGE', 'this transport has no transactions');
    return call.call(this.transport);
  }

  /** Wakes a poll() that is waiting, as librdkafka's yield does. */
  interrupt(): void {
    this.wake();
  }

  /** Stops timers and disconnects; reports not yet served are dropped (flush first). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const state of this.topics.values()) {
      for (const queue of state.partitions ?? []) if (queue.timer) clearTimeout(queue.timer);
    }
    this.wake();
    await this.transport.close();
  }

  private topicState(topic: string): TopicState {
    let state = this.topics.get(topic);
    if (state === undefined) {
      const created: TopicState = { partitions: null, unassigned: [], error: null, loaded: Promise.resolve() };
      created.loaded = this.loadTopic(topic, created);
      this.topics.set(topic, created);
      state = created;
    }
    return state;
  }

  private async loadTopic(topic: string, state: TopicState): Promise<void> {
    try {
      // A transport may look the topic up while it connects; ours looks on the producer's own
      // connection, once it is made.
      const [, count] = await Promise.all([this.connect(), this.transport.partitionCount(topic)]);
      state.partitions = Array.from({ length: count }, () => ({
        messages: [],
        bytes: 0,
        split: null,
        lastError: null,
        inFlight: false,
        timer: null,
      }));
    } catch (err) {
      state.error = err instanceof SimpleProduceError ? err : new SimpleProduceError('DELIVERY', String(err), false);
      // A lookup that failed is tried again by the next message to this topic.
      this.topics.delete(topic);
    }
    const waiting = state.unassigned;
    state.unassigned = [];
    for (const message of waiting) {
      if (state.partitions !== null) this.enqueue(state.partitions, message, false);
      else this.fail(message, state.error as SimpleProduceError);
    }
    for (const queue of state.partitions ?? []) this.maybeSend(topic, queue);
  }

  private enqueue(partitions: PartitionQueue[], message: QueuedMessage, send = true): void {
    if (message.partition === -1) {
      const { keyBytes, keyStart, keyEnd } = message;
      message.partition = this.partitioner.partition(keyBytes, partitions.length, keyStart, keyEnd);
    }
    const queue = partitions[message.partition];
    if (queue === undefined) {
      this.fail(
        message,
        new SimpleProduceError(
          'DELIVERY',
          `${KAFKA_ERRORS.UNKNOWN_PARTITION.message} ${message.partition}`,
          false,
          'UNKNOWN_PARTITION',
        ),
      );
      return;
    }
    queue.messages.push(message);
    queue.bytes += message.size;
    if (send) this.maybeSend(message.topic, queue);
  }

  private maybeSend(topic: string, queue: PartitionQueue): void {
    if (queue.inFlight || queue.messages.length === 0 || this.closed) return;
    const waited = performance.now() - queue.messages[0].queuedAt;
    const full = queue.messages.length >= this.batchMaxMessages || queue.bytes >= this.batchMaxBytes;
    if (full || this.flushing > 0 || waited >= this.lingerMs) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = null;
      this.sendBatch(topic, queue);
    } else if (queue.timer === null) {
      queue.timer = setTimeout(() => {
        queue.timer = null;
        this.maybeSend(topic, queue);
      }, this.lingerMs - waited);
    }
  }

  private sendAllReady(): void {
    for (const [topic, state] of this.topics) {
      for (const queue of state.partitions ?? []) this.maybeSend(topic, queue);
    }
  }

  private takeBatch(queue: PartitionQueue): QueuedMessage[] {
    const { messages, split } = queue;
    const most = split === null ? this.batchMaxMessages : Math.min(split.most, split.remaining);
    let count = 0;
    let payload = 0;
    let stored = RECORD_BATCH_HEADER_BYTES;
    const firstTimestamp = messages[0]?.timestamp ?? 0;
    while (count < messages.length && count < most) {
      const message = messages[count];
      const size = storedRecordBytes(message, count, message.timestamp - firstTimestamp);
      if (count > 0 && stored + size > this.batchMaxBytes) break;
      stored += size;
      payload += message.size;
      count++;
    }
    if (split !== null) {
      split.remaining -= count;
      if (split.remaining <= 0) queue.split = null;
    }
    queue.bytes -= payload;
    return messages.splice(0, count);
  }

  private sendBatch(topic: string, queue: PartitionQueue): void {
    this.expire(queue);
    const batch = this.takeBatch(queue);
    if (batch.length === 0) return;
    queue.inFlight = true;
    const partition = batch[0].partition;
    const deadline = batch[0].deadline;
    // An answer that has not come by the batch's delivery timeout is not waited for: the batch is
    // reported failed, and may still have been written (librdkafka's "possibly persisted").
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(IN_FLIGHT_TIMEOUT), Math.max(0, deadline - performance.now()));
    });
    // Whether some attempt may have been written: then a failure in the end is "possibly persisted".
    let ambiguous = false;
    const onRetry = (error: SimpleProduceError) => {
      queue.lastError = error;
      if (!kafkaError(error.reason)?.unwritten) ambiguous = true;
    };
    const sent: ProduceBatch = { topic, partition, messages: batch };
    Promise.race([this.transport.send(sent, deadline, onRetry), expired])
      .then(
        ({ baseOffset, logAppendTime }) => {
          queue.lastError = null;
          const now = performance.now();
          for (let i = 0; i < batch.length; i++) {
            const message = batch[i];
            const offset = baseOffset === null ? OFFSET_INVALID : baseOffset + i;
            const timestamp = logAppendTime >= 0 ? logAppendTime : message.timestamp;
            this.report(message, null, offset, timestamp, now);
          }
        },
        (err: unknown) => {
          if (err === IN_FLIGHT_TIMEOUT) this.transport.abandon(sent);
          const error =
            err === IN_FLIGHT_TIMEOUT
              ? timedOut(queue, true)
              : err instanceof SimpleProduceError
                ? err
                : new SimpleProduceError('DELIVERY', String(err));
          if (error.kind !== 'TIMED_OUT') queue.lastError = error;
          if (batch.length > 1 && kafkaError(error.reason)?.tooLarge) {
            queue.messages.unshift(...batch);
            for (const message of batch) queue.bytes += message.size;
            queue.split = { most: Math.ceil(batch.length / 2), remaining: batch.length };
            return;
          }
          const possibly = ambiguous || err === IN_FLIGHT_TIMEOUT || !kafkaError(error.reason)?.unwritten;
          for (const message of batch) this.fail(message, error, possibly);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        queue.inFlight = false;
        this.maybeSend(topic, queue);
      });
  }

  /** Fails the queued (not in-flight) messages whose delivery timeout has passed, oldest first. */
  private expire(queue: PartitionQueue): void {
    const now = performance.now();
    let error: SimpleProduceError | null = null; // one for all that expire together, not one each
    while (queue.messages.length > 0 && queue.messages[0].deadline <= now) {
      const message = queue.messages.shift() as QueuedMessage;
      queue.bytes -= message.size;
      error ??= timedOut(queue);
      this.fail(message, error);
    }
  }

  private expireQueued(): void {
    const now = performance.now();
    for (const state of this.topics.values()) {
      for (const queue of state.partitions ?? []) this.expire(queue);
      const waiting = state.unassigned;
      let error: SimpleProduceError | null = null;
      while (waiting.length > 0 && waiting[0].deadline <= now) {
        error ??= timedOut(null);
        this.fail(waiting.shift() as QueuedMessage, error);
      }
    }
  }

  private fail(message: QueuedMessage, error: SimpleProduceError, possiblyPersisted = false): void {
    this.report(message, error, OFFSET_INVALID, message.timestamp, performance.now(), possiblyPersisted);
  }

  private report(
    message: QueuedMessage,
    error: SimpleProduceError | null,
    offset: number,
    timestamp: number,
    now: number,
    possiblyPersisted = false,
  ): void {
    message.error = error;
    message.offset = offset;
    message.timestamp = timestamp;
    message.latencyMs = now - message.queuedAt;
    message.possiblyPersisted = possiblyPersisted;
    this.reports.push(message);
    this.wake();
  }

  private serve(): number {
    const ready = this.reports;
    if (ready.length === 0) return 0;
    this.reports = [];
    for (const message of ready) {
      this.outstanding--;
      this.outstandingBytes -= message.size;
      const callback = message.onDelivery ?? this.options.onDelivery;
      callback?.(message);
    }
    return ready.length;
  }

  private waitForReport(timeoutMs: number): Promise<void> {
    if (this.reports.length > 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.wakers.push(done);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private wake(): void {
    // Called for every message reported: nothing to do (and no array to make) when nobody waits.
    if (this.wakers.length === 0) return;
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

/** A record batch's header in Kafka's format (magic 2): base offset to records count. */
const RECORD_BATCH_HEADER_BYTES = 61;

/** The bytes of a varint holding n zig-zag encoded, as Kafka's records write lengths and deltas. */
function varintBytes(n: number): number {
  let zigzag = n >= 0 ? n * 2 : -n * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes++;
  }
  return bytes;
}

/** The bytes a message takes in a record batch: its framing (length, attributes, timestamp and
 * offset deltas, key and value lengths, headers count), its key, value and headers. */
function storedRecordBytes(message: QueuedMessage, offsetDelta: number, timestampDelta: number): number {
  const key = message.keyBytes === null ? -1 : message.keyEnd - message.keyStart;
  const value = message.valueBytes === null ? -1 : message.valueEnd - message.valueStart;
  let body =
    1 +
    varintBytes(timestampDelta) +
    varintBytes(offsetDelta) +
    varintBytes(key) +
    Math.max(key, 0) +
    varintBytes(value) +
    Math.max(value, 0);
  const { headers } = message;
  body += varintBytes(headers?.length ?? 0);
  if (headers !== undefined) {
    for (const [name, v] of headers) {
      body += varintBytes(name.length) + name.length + varintBytes(v === null ? -1 : v.length) + (v?.length ?? 0);
    }
  }
  return varintBytes(body) + body;
}
