// One error type for everything simple-produce reports, each of a kind (the command line maps each
// kind to an exit code: src/cli/exit-codes.ts) and with Kafka's name for it where it has one.

import { KAFKA_ERRORS } from './kafka-errors.js';
import { counted } from './plural.js';

export type ErrorKind =
  | 'USAGE' // a bad option or argument
  | 'TOPIC' // the topic does not exist and will not be created
  | 'CONNECT' // no broker could be reached within the connection timeout
  | 'AUTH' // a broker (or the schema registry) refused us
  | 'SCHEMA' // the schema registry lacks or refuses a schema we need
  | 'QUEUE_FULL' // the local queue holds queue.buffering.max.messages messages
  | 'TIMED_OUT' // a message was not delivered within its delivery timeout
  | 'DELIVERY' // the broker refused a message
  | 'INPUT' // a record of --input that does not parse in its --format
  | 'CLOSED' // produce() after close()
  | 'FENCED' // another producer with our transactional id started
  | 'VERIFY'; // --verify found the topic differs from the reports

export class SimpleProduceError extends Error {
  override name = 'SimpleProduceError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly retriable = false,
    /** Kafka's name for the error (MESSAGE_TOO_LARGE, NOT_ENOUGH_REPLICAS...) or a local one (MSG_TIMED_OUT). */
    readonly reason?: string,
    /** What it was translated from (kafkajs's error), shown by --debug. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** The walk-through's BufferError: produce() when the local queue is full. Poll, then try again. */
export class QueueFullError extends SimpleProduceError {
  override name = 'QueueFullError';
  constructor(readonly queued: number) {
    super(
      'QUEUE_FULL',
      `${KAFKA_ERRORS.QUEUE_FULL.message} (${counted(queued, 'message')} awaiting delivery)`,
      true,
      'QUEUE_FULL',
    );
  }
}

/** librdkafka's MSG_TIMED_OUT: the delivery timeout ran out, in flight (the broker may have written
 * the batch) or queued, with the last error met, which is usually the cause. */
export function timedOutError(inFlight: boolean, last: SimpleProduceError | null): SimpleProduceError {
  const where = inFlight ? ' (in flight: the broker may have written it)' : '';
  const cause = last === null ? '' : `; last error: ${last.message}`;
  return new SimpleProduceError(
    'TIMED_OUT',
    `${KAFKA_ERRORS.MSG_TIMED_OUT.message}${where}${cause}`,
    true,
    'MSG_TIMED_OUT',
    last ?? undefined,
  );
}

export const usageError = (message: string): SimpleProduceError => new SimpleProduceError('USAGE', message);

/** The error and the chain of causes under it, one line each, as --debug shows them. */
export function causes(err: unknown): string[] {
  const lines: string[] = [];
  for (let e = (err as Error | undefined)?.cause; e !== undefined && e !== null && lines.length < 5; ) {
    const { name, message, type } = e as Error & { type?: string };
    lines.push(`cause: ${name ?? 'Error'}${type ? ` (${type})` : ''}: ${String(message ?? e).replace(/\s+/g, ' ')}`);
    e = (e as Error).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return lines;
}

/** Why a file could not be read, in a word or two: "no such file", "a directory", or the errno code. */
export function unreadable(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? message);
}
