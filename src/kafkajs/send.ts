// Sending one batch: an attempt at a time through its partition's producer, retried while the broker
// calls the error retriable and the deadline allows, and never sent again under a new producer id
// once an attempt may have been written.
import type { Producer } from 'kafkajs';
import { SimpleProduceError, timedOutError } from '../core/errors.js';
import { KAFKA_ERRORS, kafkaError } from '../core/kafka-errors.js';
import type { BatchResult, ProduceBatch } from '../core/transport.js';
import { type KafkaJsTransportOptions, sleep } from './client.js';
import { AfterSharedFailure, batchResultOf, carrierOf, ProduceRequests } from './produce-requests.js';
import type { ProducerPool } from './producers.js';
import type { KafkaJsTransactions } from './transactions.js';

/** A batch whose delivery timeout passed before its first attempt. */
const localTimeout = () =>
  new SimpleProduceError('TIMED_OUT', KAFKA_ERRORS.MSG_TIMED_OUT.message, true, 'MSG_TIMED_OUT');

/** The error of a batch whose delivery timeout ran out: the timeout, as librdkafka says, unless every
 * attempt was refused unwritten by the broker (then the last refusal, since the batch is certainly not
 * in the log). */
function outOfTime(unknown: SimpleProduceError | null, last: SimpleProduceError | null): SimpleProduceError {
  if (last === null) return localTimeout();
  if (last.reason === 'MSG_TIMED_OUT') return last;
  if (unknown === null && kafkaError(last.reason)?.unwritten) return last;
  return timedOutError(unknown !== null, last);
}

export class BatchSender {
  /** Idempotent, and not transactional: a batch whose outcome is unknown renews its producer. */
  readonly renewsProducers: boolean;
  /** An idempotent producer's batches, sent a request per broker; null: a request per batch. */
  private readonly requests: ProduceRequests | null;

  constructor(
    private readonly options: KafkaJsTransportOptions,
    private readonly producers: ProducerPool,
    private readonly transactions: KafkaJsTransactions | null,
    /** A kafkajs error as ours. */
    private readonly translate: (err: unknown) => SimpleProduceError,
  ) {
    this.renewsProducers = options.idempotence && transactions === null;
    this.requests = this.renewsProducers ? new ProduceRequests(options.acks, options.compression ?? 0) : null;
  }

  /** Sends one batch, retrying what the broker calls retriable until the deadline (performance.now() ms). */
  async send(
    batch: ProduceBatch,
    deadline = Number.POSITIVE_INFINITY,
    onRetry?: (error: SimpleProduceError) => void,
  ): Promise<BatchResult> {
    let backoff = 100;
    // The producer (producer id) of the attempts so far, and whether one of them may have been
    // written: then only that producer may send the batch again, since the broker recognises a
    // duplicate by the producer id and sequence. If the partition's producer was renewed meanwhile
    // (another batch's outcome became unknown), the batch fails as possibly persisted instead.
    let sentBy: Producer | null = null;
    let unknown: SimpleProduceError | null = null;
    let last: SimpleProduceError | null = null;
    let final: SimpleProduceError | null = null;
    for (;;) {
      let sending = false;
      try {
        const producer = await this.producers.of(batch).current();
        if (unknown !== null && producer !== sentBy) throw unknown;
        // Starting a new producer can take a while: past the deadline, the producer core has already
        // reported the batch failed, and may be sending the partition's next batch.
        if (performance.now() >= deadline) {
          final = this.givenUp(batch, sentBy, unknown, outOfTime(unknown, last));
          throw final;
        }
        sentBy = producer;
        sending = true;
        return await this.sendOnce(producer, batch, this.ackTimeout(deadline));
      } catch (err) {
        if (err === unknown || err === final) throw err;
        const shared = err instanceof AfterSharedFailure;
        const error = this.translate(shared ? err.error : err);
        last = error;
        // Sent, and not refused unwritten by the broker: the batch's outcome is unknown. So is that of
        // a batch refused when sent alone after its request with others failed, which may have
        // written it; unless it is too large, which it was in that request too.
        const known = kafkaError(error.reason);
        if (sending && (!known?.unwritten || (shared && !known.tooLarge))) unknown = error;
        if (!error.retriable) throw this.givenUp(batch, sentBy, unknown, error);
        // Out of time to try again.
        if (performance.now() + backoff >= deadline) {
          throw this.givenUp(batch, sentBy, unknown, outOfTime(unknown, error));
        }
        onRetry?.(error);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }

  /** The error a batch fails with; a batch whose outcome is unknown renews its partition's producer. */
  private givenUp(
    batch: ProduceBatch,
    sentBy: Producer | null,
    unknown: SimpleProduceError | null,
    error: SimpleProduceError,
  ): SimpleProduceError {
    if (unknown !== null && sentBy !== null && this.renewsProducers) this.producers.of(batch).renew(sentBy);
    return error;
  }

  /** How long the broker may wait for in-sync replicas: short enough that its answer (and a retry of
   * ours) arrives before the deadline, so a failure carries the broker's reason. */
  private ackTimeout(deadline: number): number {
    const remaining = deadline - performance.now() - 500;
    return Math.max(100, Math.min(this.options.requestTimeoutMs, Math.floor(remaining / 2)));
  }

  private async sendOnce(producer: Producer, batch: ProduceBatch, timeout: number): Promise<BatchResult> {
    if (this.requests !== null) return this.requests.send(producer, batch, timeout);
    const sender = this.transactions === null ? producer : this.transactions.open();
    const [result] = await sender.send({
      topic: batch.topic,
      acks: this.options.acks,
      compression: this.options.compression,
      timeout,
      messages: [carrierOf(batch)],
    });
    return batchResultOf(result);
  }
}
