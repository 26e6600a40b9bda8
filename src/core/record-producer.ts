// The user's own records (--input), through the same producer as the seed's loop: as fast as the
// producer takes them (or paced, record n at start + n × interval), reading paused while its queue
// is full, reports served between chunks and while the input is slow to come (a terminal), and a
// flush at the end. A record that does not parse is reported failed, and the run goes on.
import { QueueFullError, SimpleProduceError } from './errors.js';
import { type DeliveryCallback, OFFSET_INVALID, type Producer } from './producer.js';
import type { RunResult } from './simple-producer.js';
import { interruption, type Transactions, type TransactionsSetting, transactionsOf } from './transactions.js';
import { type Header, type Slices, slicesOf } from './transport.js';

interface RecordFields {
  headers: Header[] | null;
  partition?: number;
  timestamp?: number;
  /** Why the item is not a record after all (it is reported failed, its other fields unread); null
   * or missing when it is one. */
  problem?: string | null;
}

/** A record to send: its key and value as Buffers, or as slices (see Slices). */
export type OwnRecord = RecordFields & ({ key: Buffer | null; value: Buffer | null; keyBytes?: undefined } | Slices);

/** Why an item is not a record: it is reported failed. */
export interface Problem {
  problem: string;
}

const isProblem = (record: OwnRecord | Problem): record is Problem => typeof record.problem === 'string';

export interface RecordProducerOptions<T> {
  producer: Producer;
  topic: string;
  /** Chunks of items, pulled one at a time. */
  records: AsyncIterable<T[]>;
  /** An item's record (or why it is not one). The item is the report's opaque. */
  recordOf: (item: T) => OwnRecord | Problem;
  /** Stop after this many items. */
  count?: number | null;
  /** Time between records, in ms; 0: as fast as the producer takes them. */
  intervalMs?: number;
  /** Every record to this partition (over the record's own). */
  partition?: number;
  /** Added after each record's own headers (--header). */
  headers?: Header[];
  signal?: AbortSignal;
  flushTimeoutMs?: number;
  onDelivery?: DeliveryCallback;
  onWaiting?: (outstanding: number) => void;
  /** A transactional run: `size` records a transaction (null: one for the whole input). A failed
   * record aborts its transaction; with one for the whole input, the records after it are then
   * reported failed unsent (the input as a whole did not land). */
  transactions?: TransactionsSetting;
}

const WAITING = Symbol('no input yet');
/** How often reports are served while the input is slow to come. */
const SERVE_EVERY_MS = 100;

export class RecordProducer<T> {
  private handedOver = 0;
  private delivered = 0;
  private failed = 0;
  /** Why the input could not be read to its end, if it could not. */
  readError: SimpleProduceError | null = null;
  private readonly transactions: Transactions | null;
  /** The whole input's transaction was aborted: every record after is reported failed, unsent. */
  private unsent: SimpleProduceError | null = null;

  constructor(private readonly options: RecordProducerOptions<T>) {
    const { transactions, producer, flushTimeoutMs } = options;
    this.transactions = transactionsOf(transactions, { producer, onDelivery: this.deliveryCallback, flushTimeoutMs });
  }

  /** Why the run stopped before the end of its input: a transaction that fenced us or could not end. */
  get stopped(): SimpleProduceError | null {
    return this.transactions?.fatal ?? null;
  }

  /** Where a record's report goes first: its transaction's, or straight to the count. */
  private get reports(): DeliveryCallback {
    return this.transactions === null ? this.deliveryCallback : this.transactions.hold;
  }

  get sent(): number {
    return this.handedOver;
  }

  private readonly deliveryCallback: DeliveryCallback = (report) => {
    if (report.error === null) this.delivered++;
    else this.failed++;
    this.options.onDelivery?.(report);
  };

  /** The next chunk; reports are served while it is on its way. null at the end, or when aborted. */
  private async nextChunk(iterator: AsyncIterator<T[]>): Promise<T[] | null> {
    const { producer, signal } = this.options;
    const next = iterator.next();
    for (;;) {
      const got = await Promise.race([next, producer.poll(SERVE_EVERY_MS).then(() => WAITING)]);
      if (signal?.aborted) return null;
      if (typeof got === 'symbol') continue;
      return got.done ? null : got.value;
    }
  }

  private failInput(item: T, error: SimpleProduceError, report: DeliveryCallback): void {
    report({
      error,
      topic: this.options.topic,
      partition: -1,
      offset: OFFSET_INVALID,
      key: null,
      value: null,
      timestamp: Date.now(),
      latencyMs: 0,
      possiblyPersisted: false,
      opaque: item,
    });
  }

  private tryHandOver(item: T, record: OwnRecord): boolean {
    const { producer, topic, partition, headers } = this.options;
    try {
      producer.produce({
        topic,
        slices: record.keyBytes === undefined ? slicesOf(record.key, record.value) : record,
        headers: headers === undefined ? (record.headers ?? undefined) : [...(record.headers ?? []), ...headers],
        partition: partition ?? record.partition,
        timestamp: record.timestamp,
        opaque: item,
        onDelivery: this.reports,
      });
      return true;
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      return false;
    }
  }

  /** Hands every item of a chunk over; false when producing is to stop (count reached, aborted). */
  private async handOver(chunk: T[], start: number): Promise<boolean> {
    const { producer, signal, count, intervalMs = 0, recordOf } = this.options;
    const transactions = this.transactions;
    for (const item of chunk) {
      if (signal?.aborted || (count !== undefined && count !== null && this.handedOver >= count)) return false;
      if (this.unsent !== null) {
        this.failInput(item, this.unsent, this.deliveryCallback);
        this.handedOver++;
        continue;
      }
      if (transactions !== null && !transactions.isOpen && !(await transactions.begin())) return false;
      if (intervalMs > 0) {
        const due = start + this.handedOver * intervalMs;
        for (let wait = due - performance.now(); wait > 0 && !signal?.aborted; wait = due - performance.now()) {
          await producer.poll(wait);
        }
        if (signal?.aborted) return false;
      }
      const record = recordOf(item);
      if (isProblem(record)) {
        this.failInput(item, new SimpleProduceError('INPUT', record.problem, false, 'INVALID_RECORD'), this.reports);
      } else {
        // The queue is full: reading waits (that bounds memory) while reports come in.
        while (!this.tryHandOver(item, record)) {
          await producer.poll(SERVE_EVERY_MS);
          if (signal?.aborted) return false;
        }
      }
      this.handedOver++;
      if (transactions?.handedOver() && !(await this.endTransaction(transactions))) return false;
      if (intervalMs > 0) await producer.poll(0);
      else if (this.handedOver % 512 === 0) {
        await new Promise(setImmediate);
        await producer.poll(0);
      }
    }
    return !(count !== undefined && count !== null && this.handedOver >= count);
  }

  /** Ends the open transaction; false when the run is to stop (no transaction can follow). */
  private async endTransaction(transactions: Transactions, stop: SimpleProduceError | null = null): Promise<boolean> {
    const end = await transactions.end(stop);
    if (transactions.fatal !== null) return false;
    if (end?.error != null && transactions.size === null) {
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
    const start = performance.now();
    const iterator = records[Symbol.asyncIterator]();
    // The first transaction begins before anything is read: an id the cluster refuses is refused at once.
    await this.transactions?.begin();
    try {
      for (let chunk = await this.nextChunk(iterator); chunk !== null; chunk = await this.nextChunk(iterator)) {
        if (!(await this.handOver(chunk, start))) break;
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
      // Interrupted, or the input not read to its end: the open transaction is aborted.
      await this.endTransaction(this.transactions, interruption(signal) ?? this.readError);
    }
    return {
      sent: this.handedOver,
      delivered: this.delivered,
      failed: this.failed,
      undelivered,
      elapsedMs: performance.now() - start,
    };
  }
}
