// librdkafka's asynchronous producer model on any Transport: produce() writes the message into its
// partition's batch and returns at once, a batch goes when full or its linger is up, and delivery
// reports wait in a queue until poll() or flush() serves them. length counts every message not yet
// reported, so not polling fills the queue. A queued message is its bytes in its batch and a few
// numbers beside them (batch.ts): its report is made when it is served.
import { type Appending, Batch } from './batch.js';
import { QueueFullError, SimpleProduceError, timedOutError } from './errors.js';
import { KAFKA_ERRORS, kafkaError } from './kafka-errors.js';
import { Partitioner, type PartitionerName } from './partitioner.js';
import { SpareStorage } from './spare-storage.js';
import type { Header, ProduceBatch, Slices, Transport } from './transport.js';
import { headerBytes, sliceCopy, slicesOf } from './transport.js';

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

export type DeliveryCallback = ((report: DeliveryReport) => void) & {
  /** Set on a callback that wants a delivered record as a count of its latency, not as a report: the
   * producer then makes no report for it (a failed record still gets one). */
  counted?: (latencyMs: number) => void;
};

/** The report of a record that failed with no place in a log: never sent (with its key, when it
 * had one), or its transaction aborted when only its count was kept. */
export function failedReport(
  topic: string,
  error: SimpleProduceError,
  opaque: unknown,
  possiblyPersisted = false,
  key: Buffer | null = null,
): DeliveryReport {
  return {
    error,
    topic,
    partition: -1,
    offset: OFFSET_INVALID,
    key,
    value: null,
    timestamp: Date.now(),
    latencyMs: 0,
    possiblyPersisted,
    opaque,
  };
}

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
  /** queue.buffering.max.kbytes, in bytes: their keys, values and headers (a message alone always fits). */
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
  /** No report is kept past its callback (nor its key or value read later): the buffer of a batch
   * whose reports are all served, delivered, is written again by a later batch, rather than left to
   * the garbage collector. Off by default. */
  reuseBuffers?: boolean;
}

/** The most buffers (and record arrays) of served and outgrown batches kept for reuse. */
const SPARE_BUFFERS = 8;

/** A report made when it is served, from its batch: its key and value are read from the batch's
 * bytes when asked. */
class BatchReport implements DeliveryReport {
  constructor(
    private readonly batch: Batch<DeliveryReport>,
    private readonly index: number,
    public error: SimpleProduceError | null,
    readonly topic: string,
    public partition: number,
    public offset: number,
    public timestamp: number,
    public latencyMs: number,
    public possiblyPersisted: boolean,
    readonly opaque: unknown,
  ) {}

  get key(): Buffer | null {
    return this.batch.key(this.index);
  }

  get value(): Buffer | null {
    return this.batch.value(this.index);
  }
}

/** How records [from, to) of a batch ended, waiting to be served as their reports. */
interface Outcome {
  batch: Batch<DeliveryReport>;
  from: number;
  to: number;
  error: SimpleProduceError | null;
  /** The first record's offset, when delivered with acks; null otherwise. */
  baseOffset: number | null;
  logAppendTime: number;
  possiblyPersisted: boolean;
  /** performance.now() when it ended. */
  at: number;
}

interface PartitionQueue {
  /** The batch records are written into, until it is full or its linger is up. */
  open: Batch<DeliveryReport> | null;
  /** Batches to send, in order, before the open one. */
  ready: Batch<DeliveryReport>[];
  inFlight: boolean;
  timer: NodeJS.Timeout | null;
  /** The last error a send to this partition met, retried or not; cleared by a success. */
  lastError: SimpleProduceError | null;
  /** The bytes and records of its last batch: the room a new batch starts with. */
  lastBytes: number;
  lastRecords: number;
}

/** A message produced before its topic's partition count is known (librdkafka's unassigned
 * partition): its bytes are written once its partition is chosen. */
interface Unassigned extends Appending<DeliveryReport> {
  partition: number;
  callback: DeliveryCallback | undefined;
}

interface TopicState {
  partitions: PartitionQueue[] | null;
  unassigned: Unassigned[];
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

/** A message that waits for its partition with bytes of its own: produce() has copied a message's
 * bytes by the time it returns, so a source may write its next records where these were. */
function ownCopy(message: Unassigned): Unassigned {
  const { keyBytes, keyStart, keyEnd, valueBytes, valueStart, valueEnd } = message.slices;
  const slices = slicesOf(sliceCopy(keyBytes, keyStart, keyEnd), sliceCopy(valueBytes, valueStart, valueEnd));
  const headers = message.headers?.map(([name, value]): Header => [Buffer.from(name), value && Buffer.from(value)]);
  return { ...message, slices, headers };
}

/** librdkafka's MSG_TIMED_OUT, with the last error the partition met. */
const timedOut = (queue: PartitionQueue | null, inFlight = false) => timedOutError(inFlight, queue?.lastError ?? null);
const IN_FLIGHT_TIMEOUT = Symbol('in flight past the delivery timeout');

export class Producer {
  /** The message produce() is placing (see there). */
  private readonly next: Unassigned = {
    slices: slicesOf(null, null),
    headers: undefined,
    partition: -1,
    timestamp: 0,
    queuedAt: 0,
    payload: 0,
    opaque: undefined,
    callback: undefined,
  };
  private readonly queueMaxMessages: number;
  private readonly queueMaxBytes: number;
  /** Bytes of keys, values and headers of the messages counted by outstanding. */
  private outstandingBytes = 0;
  private readonly lingerMs: number;
  private readonly batchMaxMessages: number;
  private readonly batchMaxBytes: number;
  private readonly deliveryTimeoutMs: number;
  private readonly partitioner: Partitioner;
  private readonly topics = new Map<string, TopicState>();
  private outcomes: Outcome[] = [];
  /** The storage of served batches, for new ones (reuseBuffers). */
  private readonly spare = new SpareStorage(SPARE_BUFFERS);
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

  /** Queues one message and returns at once, its bytes copied (its slices may be written over as soon
   * as it returns); throws QueueFullError when the local queue is full. */
  produce(request: ProduceRequest): void {
    if (this.closed) throw new SimpleProduceError('CLOSED', 'produce() after close()');
    if (this.outstanding >= this.queueMaxMessages) throw new QueueFullError(this.outstanding);
    const slices = request.slices ?? slicesOf(toBuffer(request.key), toBuffer(request.value));
    const headers = toHeaders(request.headers);
    let payload = slices.keyEnd - slices.keyStart + (slices.valueEnd - slices.valueStart);
    if (headers !== undefined) payload += headerBytes(headers);
    if (this.outstanding > 0 && this.outstandingBytes + payload > this.queueMaxBytes) {
      throw new QueueFullError(this.outstanding);
    }
    this.outstanding++;
    this.outstandingBytes += payload;
    // One object the producer fills again for each message, not one a message: place() and
    // failUnplaced() copy what they keep, and a message that waits for its topic gets its own copy.
    const message = this.next;
    message.slices = slices;
    message.headers = headers;
    message.partition = request.partition ?? -1;
    message.timestamp = request.timestamp ?? Date.now();
    message.queuedAt = performance.now();
    message.payload = payload;
    message.opaque = request.opaque;
    message.callback = request.onDelivery;
    const state = this.topicState(request.topic);
    if (state.partitions !== null) this.place(request.topic, state.partitions, message);
    else if (state.error !== null) this.failUnplaced(request.topic, message, state.error);
    else state.unassigned.push(ownCopy(message));
  }

  /** Serves queued delivery reports; waits up to timeoutMs for the first one. Returns how many were served. */
  async poll(timeoutMs = 0): Promise<number> {
    if (this.outcomes.length === 0 && timeoutMs > 0) await this.waitForReport(timeoutMs);
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
        open: null,
        ready: [],
        lastError: null,
        inFlight: false,
        timer: null,
        lastBytes: 0,
        lastRecords: 0,
      }));
    } catch (err) {
      state.error = err instanceof SimpleProduceError ? err : new SimpleProduceError('DELIVERY', String(err), false);
      // A lookup that failed is tried again by the next message to this topic.
      this.topics.delete(topic);
    }
    const waiting = state.unassigned;
    state.unassigned = [];
    for (const message of waiting) {
      if (state.partitions !== null) this.place(topic, state.partitions, message, false);
      else this.failUnplaced(topic, message, state.error as SimpleProduceError);
    }
    for (const queue of state.partitions ?? []) this.maybeSend(topic, queue);
  }

  /** Writes the message into its partition's open batch (a new one when that one is full). */
  private place(topic: string, partitions: PartitionQueue[], message: Unassigned, send = true): void {
    const { slices } = message;
    let { partition } = message;
    if (partition === -1) {
      partition = this.partitioner.partition(slices.keyBytes, partitions.length, slices.keyStart, slices.keyEnd);
    }
    const queue = partitions[partition];
    if (queue === undefined) {
      const unknown = `${KAFKA_ERRORS.UNKNOWN_PARTITION.message} ${partition}`;
      this.failUnplaced(topic, message, new SimpleProduceError('DELIVERY', unknown, false, 'UNKNOWN_PARTITION'));
      return;
    }
    const max = this.batchMaxBytes;
    let batch = queue.open;
    if (batch === null || !batch.tryAppend(message, max)) {
      if (batch !== null) this.seal(queue);
      const room = Math.min(max, Math.ceil(queue.lastBytes * 1.125));
      const spare = this.options.reuseBuffers ? this.spare : null;
      const records = queue.lastRecords;
      batch = new Batch(topic, partition, Math.max(room, message.payload + 32), records, spare, this.batchMaxMessages);
      batch.tryAppend(message);
      queue.open = batch;
    }
    if (batch.count >= this.batchMaxMessages || batch.size >= max) this.seal(queue);
    if (send) this.maybeSend(topic, queue);
  }

  /** The open batch takes no more records: it goes next after those before it. */
  private seal(queue: PartitionQueue): void {
    const batch = queue.open;
    if (batch === null) return;
    queue.ready.push(batch);
    queue.open = null;
    queue.lastBytes = batch.end;
    queue.lastRecords = batch.count;
  }

  private maybeSend(topic: string, queue: PartitionQueue): void {
    if (queue.inFlight || this.closed) return;
    if (queue.ready.length === 0) {
      const open = queue.open;
      // A batch whose linger timer is set waits for it: no clock to read (at full speed, with the
      // batch before it in flight, this is every message).
      if (open === null || (queue.timer !== null && this.flushing === 0)) return;
      const waited = performance.now() - open.queuedAt[0];
      if (this.flushing === 0 && waited < this.lingerMs) {
        queue.timer = this.lingerTimer(topic, queue, this.lingerMs - waited);
        return;
      }
      this.seal(queue);
    }
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = null;
    this.expire(queue);
    const batch = queue.ready.shift();
    if (batch !== undefined) this.sendBatch(topic, queue, batch);
  }

  /** Sends the partition's open batch when its linger ends. A function of its own: a closure made in
   * maybeSend, which runs for every message, would cost every call a context for what it captures. */
  private lingerTimer(topic: string, queue: PartitionQueue, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      queue.timer = null;
      this.maybeSend(topic, queue);
    }, ms);
  }

  private sendAllReady(): void {
    for (const [topic, state] of this.topics) {
      for (const queue of state.partitions ?? []) this.maybeSend(topic, queue);
    }
  }

  private sendBatch(topic: string, queue: PartitionQueue, batch: Batch<DeliveryReport>): void {
    queue.inFlight = true;
    const deadline = batch.queuedAt[0] + this.deliveryTimeoutMs;
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
    const sent: ProduceBatch = batch;
    Promise.race([this.transport.send(sent, deadline, onRetry), expired])
      .then(
        ({ baseOffset, logAppendTime }) => {
          queue.lastError = null;
          this.ended(batch, 0, batch.count, null, false, baseOffset, logAppendTime);
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
          if (batch.count > 1 && kafkaError(error.reason)?.tooLarge) {
            // Refused as too large: it goes again in halves (halved again if refused), so that only
            // a message too large alone fails.
            const half = Math.ceil(batch.count / 2);
            queue.ready.unshift(batch.slice(0, half), batch.slice(half, batch.count));
            return;
          }
          const possibly = ambiguous || err === IN_FLIGHT_TIMEOUT || !kafkaError(error.reason)?.unwritten;
          this.ended(batch, 0, batch.count, error, possibly);
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
    const timeout = this.deliveryTimeoutMs;
    const now = performance.now();
    let error: SimpleProduceError | null = null; // one for all that expire together, not one each
    for (;;) {
      const first = queue.ready.length > 0;
      const batch = first ? queue.ready[0] : queue.open;
      if (batch === null || batch.queuedAt[0] + timeout > now) return;
      let expired = 1;
      while (expired < batch.count && batch.queuedAt[expired] + timeout <= now) expired++;
      error ??= timedOut(queue);
      this.ended(batch, 0, expired, error, false);
      // The rest go on as a batch of their own.
      const rest = expired < batch.count ? batch.slice(expired, batch.count) : null;
      if (first) {
        if (rest === null) queue.ready.shift();
        else queue.ready[0] = rest;
      } else queue.open = rest;
      if (rest !== null) return;
    }
  }

  private expireQueued(): void {
    const now = performance.now();
    for (const [topic, state] of this.topics) {
      for (const queue of state.partitions ?? []) this.expire(queue);
      const waiting = state.unassigned;
      let error: SimpleProduceError | null = null;
      while (waiting.length > 0 && waiting[0].queuedAt + this.deliveryTimeoutMs <= now) {
        error ??= timedOut(null);
        this.failUnplaced(topic, waiting.shift() as Unassigned, error);
      }
    }
  }

  /** Fails a message that no partition's batch took. */
  private failUnplaced(topic: string, message: Unassigned, error: SimpleProduceError): void {
    const batch = new Batch<DeliveryReport>(topic, message.partition, message.payload);
    batch.tryAppend(message);
    this.ended(batch, 0, 1, error, false);
  }

  /** Records [from, to) of the batch have ended: their reports wait to be served. */
  private ended(
    batch: Batch<DeliveryReport>,
    from: number,
    to: number,
    error: SimpleProduceError | null,
    possiblyPersisted: boolean,
    baseOffset: number | null = null,
    logAppendTime = -1,
  ): void {
    this.outcomes.push({ batch, from, to, error, baseOffset, logAppendTime, possiblyPersisted, at: performance.now() });
    this.wake();
  }

  private serve(): number {
    const outcomes = this.outcomes;
    if (outcomes.length === 0) return 0;
    this.outcomes = [];
    let served = 0;
    for (const { batch, from, to, error, baseOffset, logAppendTime, possiblyPersisted, at } of outcomes) {
      const { topic, partition } = batch;
      this.outstandingBytes -= batch.payloadOf(from, to);
      for (let i = from; i < to; i++) {
        this.outstanding--;
        served++;
        const callback: DeliveryCallback | undefined = batch.callbackOf(i) ?? this.options.onDelivery;
        if (error === null && callback?.counted !== undefined) {
          callback.counted(at - batch.queuedAt[i]);
          continue;
        }
        const offset = error !== null || baseOffset === null ? OFFSET_INVALID : baseOffset + i;
        const timestamp = error === null && logAppendTime >= 0 ? logAppendTime : batch.timestamps[i];
        const latencyMs = at - batch.queuedAt[i];
        const report = new BatchReport(
          batch,
          i,
          error,
          topic,
          partition,
          offset,
          timestamp,
          latencyMs,
          possiblyPersisted,
          batch.opaqueOf(i),
        );
        callback?.(report);
      }
      // Delivered, every report served: no send holds its bytes any more.
      const whole = error === null && from === 0 && to === batch.count;
      if (whole) batch.release();
    }
    return served;
  }

  private waitForReport(timeoutMs: number): Promise<void> {
    if (this.outcomes.length > 0 || this.closed) return Promise.resolve();
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
    // Called for every batch that ends: nothing to do (and no array to make) when nobody waits.
    if (this.wakers.length === 0) return;
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}
