// The transactions of a transactional transport, on its one kafkajs producer: begin, commit and
// abort, a new producer epoch after every abort, and a stale epoch told apart as fenced or timed out.
import type { Transaction } from 'kafkajs';
import { SimpleProduceError } from '../core/errors.js';
import { sleep } from './client.js';
import type { RenewableProducer } from './producers.js';

/** How long a transaction may take to begin while nodes are lost (a killed node is fenced after 9 s). */
const TRANSACTION_BEGIN_MS = 30_000;

export class KafkaJsTransactions {
  /** The open transaction, and when it began (performance.now()). */
  private transaction: Transaction | null = null;
  private began = 0;

  constructor(
    private readonly producer: RenewableProducer,
    private readonly transactionalId: string,
    private readonly timeoutMs: number,
    /** A kafkajs error as ours, before the transactional reading of a stale epoch. */
    private readonly translateSend: (err: unknown) => SimpleProduceError,
  ) {}

  /** The open transaction, to send in. */
  open(): Transaction {
    if (this.transaction === null) {
      throw new SimpleProduceError('DELIVERY', 'a transactional producer sends only in a transaction (none is open)');
    }
    return this.transaction;
  }

  /** A kafkajs error as ours; a stale epoch says why it is stale. */
  readonly translate = (err: unknown): SimpleProduceError => {
    const error = this.translateSend(err);
    if (error.reason !== 'INVALID_PRODUCER_EPOCH' && error.reason !== 'PRODUCER_FENCED') return error;
    // The coordinator bumps the epoch both when a new producer of the id starts and when it aborts
    // a transaction that was open past transaction.timeout.ms: the time open tells which.
    const open = Math.round(performance.now() - this.began);
    if (this.transaction !== null && open >= this.timeoutMs) {
      return new SimpleProduceError(
        'DELIVERY',
        `TRANSACTION_TIMED_OUT: the broker aborted the transaction, open ${open} ms, longer than transaction.timeout.ms (${this.timeoutMs} ms)`,
        false,
        'TRANSACTION_TIMED_OUT',
        err,
      );
    }
    return new SimpleProduceError(
      'FENCED',
      `fenced: another producer with transactional id "${this.transactionalId}" has started (${error.reason})`,
      false,
      'PRODUCER_FENCED',
      err,
    );
  };

  async begin(): Promise<void> {
    this.transaction = await this.newTransaction();
    this.began = performance.now();
  }

  async commit(): Promise<void> {
    try {
      await this.open().commit();
    } catch (err) {
      throw this.translate(err);
    }
    this.transaction = null;
  }

  async abort(): Promise<void> {
    const transaction = this.open();
    try {
      if (transaction.isActive()) {
        await transaction.abort();
        return;
      }
    } catch (err) {
      const error = this.translate(err);
      // A fenced producer leaves the transaction to the one that fenced it.
      if (error.kind === 'FENCED') throw error;
    } finally {
      // The next transaction is of a new producer epoch (InitProducerId bumps it), so nothing of
      // this one (a batch whose answer never came) can land in it.
      this.transaction = null;
      this.producer.renew();
    }
    // kafkajs could not end it (a commit that failed half-way, an epoch the broker bumped): a new
    // epoch of the id makes the coordinator abort it, and answers once that is done.
    const empty = await this.newTransaction();
    try {
      await empty.abort();
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** Aborts a transaction still open: left open, it would hold back read_committed consumers until
   * the broker's timeout. */
  async close(): Promise<void> {
    if (this.transaction?.isActive()) await this.transaction.abort().catch(() => {});
  }

  /** A transaction of the producer; of a new epoch after an abort. */
  private async newTransaction(): Promise<Transaction> {
    const deadline = performance.now() + TRANSACTION_BEGIN_MS;
    for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1000)) {
      try {
        // A new producer's first transaction registers the transactional id with its coordinator
        // (InitProducerId), which first aborts a transaction an earlier producer of the id left open.
        return await (await this.producer.current()).transaction();
      } catch (err) {
        // A node just lost (the new producer's bootstrap, the coordinator): tried again meanwhile.
        const error = this.translate(err);
        if (!error.retriable || performance.now() + backoff > deadline) throw error;
        await sleep(backoff);
      }
    }
  }
}
