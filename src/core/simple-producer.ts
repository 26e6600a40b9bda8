// The seed's SimpleProducer: message n (key "n", value "hello world: n") at start + n × interval,
// poll() between messages so reports arrive as Kafka acknowledges, flush() before returning.
import { QueueFullError, type SimpleProduceError } from './errors.js';
import type { DeliveryCallback, DeliveryReport, Producer } from './producer.js';
import { interruption, type Transactions, type TransactionsSetting, transactionsOf } from './transactions.js';
import type { Header } from './transport.js';

export interface SimpleProducerOptions {
  producer: Producer;
  topic: string;
  /** How long to produce, in ms (the seed's duration, in seconds, × 1000). Ignored when count is set. */
  durationMs?: number;
  /** Send exactly this many messages instead. */
  count?: number | null;
  /** Time between messages, in ms; 0 sends as fast as the producer takes them. */
  intervalMs?: number;
  key?: (n: number) => string;
  value?: (n: number) => string;
  headers?: Header[];
  /** Pin every message to this partition instead of the key's. */
  partition?: number;
  /** Aborting stops producing; what is already queued is still flushed. */
  signal?: AbortSignal;
  /** How long the final flush may take, in ms. */
  flushTimeoutMs?: number;
  onDelivery?: DeliveryCallback;
  /** The local queue is full: the seed's BufferError. We poll and try the same message again. */
  onQueueFull?: (queued: number) => void;
  /** Before the final flush, with the number of messages not yet reported. */
  onWaiting?: (outstanding: number) => void;
  /** A transactional run: `size` messages a transaction (null: one for the whole run). A failed
   * message aborts its transaction; with one for the whole run, the run stops there. */
  transactions?: TransactionsSetting;
}

export interface RunResult {
  sent: number;
  delivered: number;
  failed: number;
  /** Messages the final flush could not get reported within its timeout. */
  undelivered: number;
  elapsedMs: number;
}

const QUEUE_FULL_BACKOFF_MS = 50;
const seedKey = String;
const seedValue = (n: number) => `hello world: ${n}`;

export class SimpleProducer {
  readonly topic: string;
  readonly durationMs: number;
  private readonly producer: Producer;
  private delivered = 0;
  private failed = 0;
  private handedOver = 0;
  private readonly transactions: Transactions | null;

  constructor(private readonly options: SimpleProducerOptions) {
    this.producer = options.producer;
    this.topic = options.topic;
    this.durationMs = options.durationMs ?? 60_000;
    const { transactions, producer, flushTimeoutMs } = options;
    this.transactions = transactionsOf(transactions, { producer, onDelivery: this.deliveryCallback, flushTimeoutMs });
  }

  /** Why the run stopped before its end: a transaction that fenced us or could not end. */
  get stopped(): SimpleProduceError | null {
    return this.transactions?.fatal ?? null;
  }

  /** Messages handed to the producer so far. */
  get sent(): number {
    return this.handedOver;
  }

  private readonly deliveryCallback = (report: DeliveryReport): void => {
    if (report.error === null) this.delivered++;
    else this.failed++;
    this.options.onDelivery?.(report);
  };

  /** Whether message n is still to be sent: n < count, or its time falls within the duration. */
  private wanted(n: number, start: number): boolean {
    const { count, intervalMs = 1000, signal } = this.options;
    if (signal?.aborted) return false;
    if (count !== undefined && count !== null) return n < count;
    if (intervalMs > 0) return n * intervalMs < this.durationMs;
    return performance.now() - start < this.durationMs;
  }

  /** Hands message n to the producer; false when its queue is full (the seed's BufferError). */
  private tryHandOver(n: number): boolean {
    const { key = seedKey, value = seedValue, headers, partition } = this.options;
    try {
      this.producer.produce({
        topic: this.topic,
        key: key(n),
        value: value(n),
        headers,
        partition,
        onDelivery: this.transactions === null ? this.deliveryCallback : this.transactions.hold,
      });
      return true;
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      this.options.onQueueFull?.(err.queued);
      return false;
    }
  }

  /** The queue was full: polls and tries message n again until it fits. False if aborted. */
  private async handOverWhenRoom(n: number): Promise<boolean> {
    do {
      await this.producer.poll(QUEUE_FULL_BACKOFF_MS);
      if (this.options.signal?.aborted) return false;
    } while (!this.tryHandOver(n));
    return true;
  }

  async produce(): Promise<RunResult> {
    const { intervalMs = 1000, signal } = this.options;
    const producer = this.producer;
    const interrupt = () => producer.interrupt();
    signal?.addEventListener('abort', interrupt);
    const transactions = this.transactions;
    await transactions?.begin();
    const start = performance.now();
    let n = 0;
    while (this.wanted(n, start)) {
      if (transactions !== null && !transactions.isOpen && !(await transactions.begin())) break;
      // Fixed rate: message n is due at start + n × interval, whatever the previous ones cost.
      const due = start + n * intervalMs;
      for (let wait = due - performance.now(); wait > 0 && !signal?.aborted; wait = due - performance.now()) {
        await producer.poll(wait);
      }
      if (signal?.aborted) break;
      if (!this.tryHandOver(n) && !(await this.handOverWhenRoom(n))) break;
      this.handedOver = ++n;
      if (transactions?.handedOver()) {
        const end = await transactions.end();
        if (transactions.fatal !== null || (end?.error != null && transactions.size === null)) break;
      }
      if (intervalMs > 0) {
        await producer.poll(0);
      } else if (n % 512 === 0) {
        // At full speed, messages are handed over 512 at a time: sockets and timers run between the
        // runs, and the reports they bring are served then (a poll per message would find none).
        await new Promise(setImmediate);
        await producer.poll(0);
      }
    }
    signal?.removeEventListener('abort', interrupt);
    this.options.onWaiting?.(producer.length);
    const undelivered = await producer.flush(this.options.flushTimeoutMs);
    await transactions?.end(interruption(signal));
    return {
      sent: n,
      delivered: this.delivered,
      failed: this.failed,
      undelivered,
      elapsedMs: performance.now() - start,
    };
  }
}
