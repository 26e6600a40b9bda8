// The transactions of a transactional run: the records handed over between a begin and its end (the
// whole run, or every n) are one transaction, and their reports are held until it ends, so that each
// says what a read_committed consumer sees: delivered once the commit is done; failed, every record
// of it, when the transaction is aborted, whatever the broker had acknowledged.
import { SimpleProduceError } from './errors.js';
import { KAFKA_ERRORS } from './kafka-errors.js';
import { LatencyHistogram } from './latency.js';
import { type DeliveryCallback, type DeliveryReport, failedReport, OFFSET_INVALID, type Producer } from './producer.js';

/** Where a committed transaction's records are in one partition: offsets first to last. */
export interface PartitionRange {
  topic: string;
  partition: number;
  first: number;
  last: number;
}

export interface TransactionEnd {
  /** Its number in the run, from 1. */
  number: number;
  /** Its records' reports (all of its records, unless the flush ran out of time). */
  records: number;
  /** Committed: where its records are. Empty when aborted. */
  partitions: PartitionRange[];
  /** null when committed; why it was aborted. */
  error: SimpleProduceError | null;
}

/** A run's transactions, as the produce loop takes them. */
export interface TransactionsSetting {
  /** Records a transaction; null: one for the whole run. */
  size: number | null;
  onEnd?: (end: TransactionEnd) => void;
}

export interface TransactionsOptions {
  producer: Producer;
  /** The run's topic, for the reports of counted records. */
  topic: string;
  /** Records per transaction; null: one transaction for the whole run. */
  size: number | null;
  /** Where the reports go once their transaction has ended. */
  onDelivery: DeliveryCallback;
  /** After the reports of a transaction that ended. */
  onEnd?: (end: TransactionEnd) => void;
  flushTimeoutMs?: number;
  /** For a run that wants no report of a delivered record of its own (--quiet, without --json): its
   * delivered records are counted, not held, and a committed transaction's come here as their
   * latencies, so that a transaction of any size holds no object a record. Those of an aborted
   * transaction still go to onDelivery, failed, one by one (without their partition, key or value). */
  countDelivered?: (latencies: LatencyHistogram) => void;
}

/** The transactions of a run with this setting (null: a run without them). */
export const transactionsOf = (
  setting: TransactionsSetting | undefined,
  options: Omit<TransactionsOptions, 'size' | 'onEnd'>,
): Transactions | null => (setting === undefined ? null : new Transactions({ ...options, ...setting }));

const asError = (err: unknown): SimpleProduceError =>
  err instanceof SimpleProduceError ? err : new SimpleProduceError('DELIVERY', String(err));

/** The error of every record of an aborted transaction that had not failed itself. */
const abortedBy = (cause: SimpleProduceError): SimpleProduceError =>
  new SimpleProduceError(
    cause.kind === 'FENCED' ? 'FENCED' : 'DELIVERY',
    `TRANSACTION_ABORTED: ${KAFKA_ERRORS.TRANSACTION_ABORTED.message} (${cause.message})`,
    false,
    'TRANSACTION_ABORTED',
  );

/** Why the open transaction is aborted when a signal stopped the run; null when none did. */
export const interruption = (signal: AbortSignal | undefined): SimpleProduceError | null =>
  signal?.aborted
    ? new SimpleProduceError('DELIVERY', `interrupted (${String(signal.reason)})`, false, 'TRANSACTION_ABORTED')
    : null;

/** Where the delivered records of a transaction are: each partition's first and last offset. */
class Ranges {
  private readonly byTopic = new Map<string, (PartitionRange | undefined)[]>();

  add(topic: string, partition: number, offset: number): void {
    if (offset < 0) return;
    let ranges = this.byTopic.get(topic);
    if (ranges === undefined) {
      ranges = [];
      this.byTopic.set(topic, ranges);
    }
    const range = ranges[partition];
    if (range === undefined) ranges[partition] = { topic, partition, first: offset, last: offset };
    else {
      range.first = Math.min(range.first, offset);
      range.last = Math.max(range.last, offset);
    }
  }

  /** By topic, then partition. */
  list(): PartitionRange[] {
    const topics = [...this.byTopic.keys()].sort((a, b) => a.localeCompare(b));
    return topics.flatMap((topic) => (this.byTopic.get(topic) ?? []).filter((range) => range !== undefined));
  }
}

export class Transactions {
  private held: DeliveryReport[] = [];
  /** The delivered records counted, not held (countDelivered). */
  private counted = new LatencyHistogram();
  private ranges = new Ranges();
  private open = false;
  private number = 0;
  /** Records handed to the open transaction. */
  private records = 0;
  /** The first failure among the open transaction's records: it is to be aborted. */
  private failure: SimpleProduceError | null = null;
  /** Why no further transaction can begin (fenced, or one that could not be ended); null while one can. */
  fatal: SimpleProduceError | null = null;

  constructor(private readonly options: TransactionsOptions) {}

  /** The delivery callback of the records of a transaction: their reports wait for its end. */
  readonly hold: DeliveryCallback = (report) => {
    if (report.error !== null) this.failure ??= report.error;
    else this.ranges.add(report.topic, report.partition, report.offset);
    if (report.error === null && this.options.countDelivered !== undefined) this.counted.add(report.latencyMs);
    else this.held.push(report);
  };

  get size(): number | null {
    return this.options.size;
  }

  /** Begins a transaction unless one is open. The first one's failure (the id refused, the
   * coordinator out of reach) is thrown; a later one's makes it `fatal`, and false. */
  async begin(): Promise<boolean> {
    if (this.open) return true;
    try {
      await this.options.producer.beginTransaction();
    } catch (err) {
      if (this.number === 0) throw err;
      this.fatal = asError(err);
      return false;
    }
    this.open = true;
    this.number++;
    return true;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Counts a record handed to the open transaction; true when the transaction is due to end: it
   * holds `size` records, or one of its records failed (none more joins a transaction that will be
   * aborted). */
  handedOver(): boolean {
    this.records++;
    return this.due();
  }

  due(): boolean {
    return this.open && (this.failure !== null || (this.options.size !== null && this.records >= this.options.size));
  }

  /** Flushes, then commits the open transaction, or aborts it when one of its records failed or
   * `stop` says why; serves its reports, then onEnd. null when none was open. */
  async end(stop: SimpleProduceError | null = null): Promise<TransactionEnd | null> {
    if (!this.open) return null;
    const { producer, flushTimeoutMs } = this.options;
    if (this.records === 0) {
      // Begun, and stopped before its first record: nothing to report (and kafkajs sends nothing).
      this.open = false;
      await this.abort(stop ?? new SimpleProduceError('DELIVERY', 'no records', false, 'TRANSACTION_ABORTED'));
      return null;
    }
    const left = await producer.flush(flushTimeoutMs);
    let cause = stop ?? this.failure;
    if (cause === null && left > 0) {
      cause = new SimpleProduceError('TIMED_OUT', `${left} of its records not reported within --flush-timeout`);
      this.fatal = cause;
    }
    // A commit that failed may still have been done (its answer lost): its records are then
    // "possibly persisted", as a batch whose answer never came.
    let commitUnknown = false;
    if (cause === null) {
      try {
        await producer.commitTransaction();
      } catch (err) {
        cause = asError(err);
        commitUnknown = cause.reason !== 'TRANSACTION_TIMED_OUT';
      }
    }
    if (cause !== null) await this.abort(cause);
    this.open = false;
    return this.release(cause, commitUnknown);
  }

  private async abort(cause: SimpleProduceError): Promise<void> {
    // A fenced producer leaves its transaction to the one that fenced it, which aborts it.
    if (cause.kind === 'FENCED') {
      this.fatal = cause;
      return;
    }
    try {
      await this.options.producer.abortTransaction();
    } catch (err) {
      const error = asError(err);
      this.fatal =
        error.kind === 'FENCED'
          ? error
          : new SimpleProduceError(
              error.kind,
              `the transaction could not be aborted (${error.message}); the broker aborts it after transaction.timeout.ms`,
              false,
              error.reason,
              error,
            );
    }
  }

  private release(cause: SimpleProduceError | null, possiblyPersisted: boolean): TransactionEnd {
    const { held, counted, ranges } = this;
    this.held = [];
    this.counted = new LatencyHistogram();
    this.ranges = new Ranges();
    this.failure = null;
    this.records = 0;
    const end: TransactionEnd = {
      number: this.number,
      records: held.length + counted.count,
      partitions: cause === null ? ranges.list() : [],
      error: cause,
    };
    const aborted = cause === null ? null : abortedBy(cause);
    const { onDelivery, countDelivered } = this.options;
    for (const report of held) {
      if (aborted !== null) {
        if (report.error === null) report.error = aborted;
        report.offset = OFFSET_INVALID;
        report.possiblyPersisted = possiblyPersisted;
      }
      onDelivery(report);
    }
    if (aborted === null) {
      if (counted.count > 0) countDelivered?.(counted);
    } else {
      const { topic } = this.options;
      for (let i = 0; i < counted.count; i++) onDelivery(failedReport(topic, aborted, undefined, possiblyPersisted));
    }
    this.options.onEnd?.(end);
    return end;
  }
}
