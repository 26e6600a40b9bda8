// The producing loop, whatever the records' source (generated messages, the user's input): records
// handed to the producer as fast as it takes them or paced (record n at start + n × interval),
// reading paused while its queue is full, delivery reports served between chunks and while the
// source is slow to come, transactions begun and ended, and a flush at the end. A record that is not
// one (its text did not parse) is reported failed, and the run goes on.
import { QueueFullError, SimpleProduceError } from './errors.js';
import type { LatencyHistogram } from './latency.js';
import {
  type DeliveryCallback,
  type DeliveryReport,
  failedReport,
  type ProduceRequest,
  type Producer,
} from './producer.js';
import { interruption, type Transactions, type TransactionsSetting, transactionsOf } from './transactions.js';
import { type Header, type Slices, sliceCopy, slicesOf } from './transport.js';

/** A record as its source gives it: its key and value as slices (see Slices), and what it asks for. */
export interface ProducerRecord extends Slices {
  headers: Header[] | null;
  partition?: number;
  /** CreateTime, ms since the epoch; default: when it is handed to the producer. */
  timestamp?: number;
  /** Why the source's text is not a record after all (it is reported failed, its other fields
   * unread); null or missing when it is one. */
  problem?: string | null;
}

/** The loop's one stage between a source and the producer: a record's key and value turned into the
 * bytes that are sent (a schema's encoding), for generated records and every input format alike. */
export interface RecordSerializer {
  /** Replaces the record's key and value slices with their encoding; why it cannot (the record is then
   * reported failed, unsent), or null. */
  serialize(record: ProducerRecord): string | null;
}

/** Where a run that wants no report of a delivered record counts them. */
export interface DeliveredCounter {
  /** One delivered record, with its latency. */
  add(latencyMs: number): void;
  /** A transaction's delivered records. */
  addAll(latencies: LatencyHistogram): void;
}

export interface ProduceLoopOptions<R extends ProducerRecord> {
  producer: Producer;
  topic: string;
  /** Chunks of records, pulled one at a time. A record is its report's opaque. */
  records: AsyncIterable<R[]>;
  /** Stop after this many records. */
  count?: number | null;
  /** Stop when this much time (ms) is used: with an interval, once record n's time falls past it. */
  durationMs?: number;
  /** Time between records, in ms; 0: as fast as the producer takes them. */
  intervalMs?: number;
  /** Every record to this partition (over the record's own). */
  partition?: number;
  /** Added after each record's own headers (--header). */
  headers?: Header[];
  /** Encodes each record before it is handed over; none: its bytes go as they are. */
  serializer?: RecordSerializer;
  /** Aborting stops producing; what is already queued is still flushed. */
  signal?: AbortSignal;
  /** How long the final flush may take, in ms. */
  flushTimeoutMs?: number;
  onDelivery?: DeliveryCallback;
  /** For a run that wants no report of a delivered record of its own: its delivered records are
   * counted here, and not reported to onDelivery; a failed record still is. Without a transaction a
   * delivered record is added as it is served, with no report made for it (see
   * DeliveryCallback.counted); a transaction's come together when it commits (see
   * TransactionsOptions.countDelivered). */
  countDelivered?: DeliveredCounter;
  /** The producer's queue is full (the walk-through's BufferError): the loop polls and tries the same
   * record again. */
  onQueueFull?: (queued: number) => void;
  /** Before the final flush, with the number of records not yet reported. */
  onWaiting?: (outstanding: number) => void;
  /** A transactional run: `size` records a transaction (null: one for the whole run). A failed
   * record aborts its transaction. */
  transactions?: TransactionsSetting;
  /** When the whole run's one transaction is aborted: true reports every record after it failed,
   * unsent, so that the failed reports account for the whole input; false stops the run there. */
  failRestOnAbort?: boolean;
  /** What a record's report carries as its opaque (default: the record). A source whose reports need
   * less of it says what: the queue then holds that, not the record (and what the record holds, such
   * as the chunk it was read in), until the report is served. */
  opaqueOf?(record: R): unknown;
}

/** What a source gives the loop: its records, and what else belongs to that kind of run. */
export type RecordSource<R extends ProducerRecord = ProducerRecord> = Pick<
  ProduceLoopOptions<R>,
  'records' | 'durationMs' | 'onQueueFull' | 'failRestOnAbort' | 'opaqueOf'
>;

export interface RunResult {
  sent: number;
  delivered: number;
  failed: number;
  /** Records the final flush could not get reported within its timeout. */
  undelivered: number;
  elapsedMs: number;
}

const WAITING = Symbol('no records yet');
/** How often reports are served while the source is slow to come, or the queue full. */
const SERVE_EVERY_MS = 50;
/** At full speed, records are handed over this many at a time: sockets and timers run between the
 * runs, and the reports they bring are served then (a poll per record would find none). */
const YIELD_EVERY = 512;

export class ProduceLoop<R extends ProducerRecord> {
  private handedOver = 0;
  private delivered = 0;
  private failed = 0;
  /** Why the source could not be read to its end, if it could not. */
  readError: SimpleProduceError | null = null;
  private readonly transactions: Transactions | null;
  /** The whole run's transaction was aborted: every record after is reported failed, unsent. */
  private unsent: SimpleProduceError | null = null;
  private start = 0;
  private readonly request: ProduceRequest & { slices: Slices };

  constructor(private readonly options: ProduceLoopOptions<R>) {
    const { transactions, producer, topic, flushTimeoutMs, countDelivered: counter } = options;
    this.request = { topic, slices: slicesOf(null, null) };
    const countDelivered =
      counter &&
      ((latencies: LatencyHistogram) => {
        this.delivered += latencies.count;
        counter.addAll(latencies);
      });
    this.transactions = transactionsOf(transactions, {
      producer,
      topic,
      onDelivery: this.deliveryCallback,
      flushTimeoutMs,
      countDelivered,
    });
    if (counter !== undefined && this.transactions === null) {
      const counted = (latencyMs: number) => {
        this.delivered++;
        counter.add(latencyMs);
      };
      this.directReports = Object.assign((report: DeliveryReport) => this.deliveryCallback(report), { counted });
    }
  }

  /** Why the run stopped before its end: a transaction that fenced us or could not end. */
  get stopped(): SimpleProduceError | null {
    return this.transactions?.fatal ?? null;
  }

  /** Records handed to the producer (or reported failed unsent) so far. */
  get sent(): number {
    return this.handedOver;
  }

  /** Where a record's report goes first: its transaction's, or straight to the count. */
  private get reports(): DeliveryCallback {
    return this.transactions === null ? this.directReports : this.transactions.hold;
  }

  private readonly deliveryCallback: DeliveryCallback = (report) => {
    if (report.error === null) this.delivered++;
    else this.failed++;
    this.options.onDelivery?.(report);
  };

  /** The callback of a record without a transaction: the delivery callback, or one that counts. */
  private directReports: DeliveryCallback = this.deliveryCallback;

  /** Whether another record is wanted: not aborted, the count not reached, the time not used up. */
  private wanted(): boolean {
    const { count, durationMs, intervalMs = 0, signal } = this.options;
    if (signal?.aborted) return false;
    if (count !== undefined && count !== null) return this.handedOver < count;
    if (durationMs === undefined) return true;
    if (intervalMs > 0) return this.handedOver * intervalMs < durationMs;
    return performance.now() - this.start < durationMs;
  }

  /** The next chunk; reports are served while it is on its way. null at the end, or when aborted. */
  private async nextChunk(iterator: AsyncIterator<R[]>): Promise<R[] | null> {
    const { producer, signal } = this.options;
    const next = iterator.next();
    for (;;) {
      const got = await Promise.race([next, producer.poll(SERVE_EVERY_MS).then(() => WAITING)]);
      if (signal?.aborted) return null;
      if (typeof got === 'symbol') continue;
      return got.done ? null : got.value;
    }
  }

  private failUnsent(record: R, error: SimpleProduceError, report: DeliveryCallback): void {
    // The record's report carries what a sent record's would, its key copied (a source may fill the
    // record again, and a transaction holds its reports until it ends).
    report(unsentReport(this.options.topic, record, this.opaqueOf(record), error));
  }

  /** What a record's report carries: what the source says of it, or the record itself. */
  private opaqueOf(record: R): unknown {
    const { opaqueOf } = this.options;
    return opaqueOf === undefined ? record : opaqueOf(record);
  }

  /** Hands the record to the producer; false when its queue is full. */
  private tryHandOver(record: R): boolean {
    const { producer, partition, headers } = this.options;
    // One request filled again for each record: produce() keeps nothing of the request itself.
    const request = this.request;
    request.slices = record;
    request.headers =
      headers === undefined || record.headers === null
        ? (headers ?? record.headers ?? undefined)
        : [...record.headers, ...headers];
    request.partition = partition ?? record.partition;
    request.timestamp = record.timestamp;
    request.opaque = this.opaqueOf(record);
    request.onDelivery = this.reports;
    try {
      producer.produce(request);
      return true;
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      this.options.onQueueFull?.(err.queued);
      return false;
    }
  }

  /** Waits for record n's time (start + n × interval); false when aborted meanwhile. */
  private async paced(intervalMs: number): Promise<boolean> {
    const { producer, signal } = this.options;
    const due = this.start + this.handedOver * intervalMs;
    for (let wait = due - performance.now(); wait > 0 && !signal?.aborted; wait = due - performance.now()) {
      await producer.poll(wait);
    }
    return !signal?.aborted;
  }

  /** Hands every record of a chunk over; false when producing is to stop. */
  private async handOver(chunk: R[]): Promise<boolean> {
    const { producer, signal, intervalMs = 0 } = this.options;
    const transactions = this.transactions;
    // Indexed: an iterator's result object a record, kept across the awaits below, is a record's
    // garbage (some 33 MB for a million).
    for (let i = 0; i < chunk.length; i++) {
      const record = chunk[i];
      if (!this.wanted()) return false;
      if (this.unsent !== null) {
        this.failUnsent(record, this.unsent, this.deliveryCallback);
        this.handedOver++;
        continue;
      }
      if (transactions !== null && !transactions.isOpen && !(await transactions.begin())) return false;
      if (intervalMs > 0 && !(await this.paced(intervalMs))) return false;
      const problem = problemOf(record, this.options.serializer);
      if (problem !== null) this.failUnsent(record, invalidRecord(problem), this.reports);
      else {
        // The queue is full: reading waits (that bounds memory) while reports come in.
        while (!this.tryHandOver(record)) {
          await producer.poll(SERVE_EVERY_MS);
          if (signal?.aborted) return false;
        }
      }
      this.handedOver++;
      if (transactions?.handedOver() && !(await this.endTransaction(transactions))) return false;
      if (intervalMs > 0) await producer.poll(0);
      else if (this.handedOver % YIELD_EVERY === 0) {
        await new Promise(setImmediate);
        await producer.poll(0);
      }
    }
    return this.wanted();
  }

  /** Ends the open transaction; false when the run is to stop. */
  private async endTransaction(transactions: Transactions, stop: SimpleProduceError | null = null): Promise<boolean> {
    const end = await transactions.end(stop);
    if (transactions.fatal !== null) return false;
    if (end?.error != null && transactions.size === null) {
      if (!this.options.failRestOnAbort) return false;
      this.unsent = new SimpleProduceError(
        'DELIVERY',
        `TRANSACTION_ABORTED: not sent: the transaction of the whole input was aborted (${end.error.message})`,
        false,
        'TRANSACTION_ABORTED',
      );
    }
    return true;
  }

  async produce(): Promise<RunResult> {
    const { producer, signal, records } = this.options;
    const interrupt = () => producer.interrupt();
    signal?.addEventListener('abort', interrupt);
    const iterator = records[Symbol.asyncIterator]();
    // The first transaction begins before anything is read: an id the cluster refuses is refused at once.
    await this.transactions?.begin();
    this.start = performance.now();
    try {
      for (let chunk = await this.nextChunk(iterator); chunk !== null; chunk = await this.nextChunk(iterator)) {
        if (!(await this.handOver(chunk))) break;
      }
    } catch (err) {
      if (!(err instanceof SimpleProduceError)) throw err;
      this.readError = err;
    }
    // Not awaited: a reader waiting on a terminal would hold the flush until the next line.
    void iterator.return?.(undefined)?.catch(() => {});
    signal?.removeEventListener('abort', interrupt);
    this.options.onWaiting?.(producer.length);
    const undelivered = await producer.flush(this.options.flushTimeoutMs);
    if (this.transactions !== null) {
      // Interrupted, or the source not read to its end: the open transaction is aborted.
      await this.endTransaction(this.transactions, interruption(signal) ?? this.readError);
    }
    return {
      sent: this.handedOver,
      delivered: this.delivered,
      failed: this.failed,
      undelivered,
      elapsedMs: performance.now() - this.start,
    };
  }
}

/** Why a record cannot be sent (its input's verdict, or the serializer's), or null. */
export function problemOf(record: ProducerRecord, serializer: RecordSerializer | undefined | null): string | null {
  if (typeof record.problem === 'string') return record.problem;
  return serializer?.serialize(record) ?? null;
}

/** The error of a record its input or serializer refused: failed, never sent. */
export const invalidRecord = (problem: string) => new SimpleProduceError('INPUT', problem, false, 'INVALID_RECORD');

/** The report of a record that failed before it was sent: its key a copy of the record's. */
export const unsentReport = (
  topic: string,
  { keyBytes, keyStart, keyEnd }: Slices,
  opaque: unknown,
  error: SimpleProduceError,
): DeliveryReport => failedReport(topic, error, opaque, false, sliceCopy(keyBytes, keyStart, keyEnd));
