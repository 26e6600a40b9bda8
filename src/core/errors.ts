// One error type for everything simple-produce reports, and the one table that maps it to exit codes.

import { KAFKA_ERRORS } from './kafka-errors.js';
import { counted } from './plural.js';

export const ExitCode = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  connect: 3,
  verifyFailed: 4,
  interrupted: 130,
  brokenPipe: 141,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means: --help's lines and the README's table (`npm run docs`) come from here. */
export const EXIT_CODE_MEANINGS: { codes: ExitCode[]; help: string; doc: string }[] = [
  { codes: [ExitCode.ok], help: 'every message was delivered', doc: 'every message was delivered' },
  {
    codes: [ExitCode.someFailed],
    help: 'some message failed delivery (or was not reported before --flush-timeout)',
    doc: 'some message failed delivery, or was not reported before `--flush-timeout`',
  },
  {
    codes: [ExitCode.usage],
    help: 'bad usage, or the topic does not exist',
    doc: 'bad usage (one line naming the option, nothing is connected), or the topic does not exist or exists otherwise than `--create-topic` asks',
  },
  {
    codes: [ExitCode.connect],
    help: 'the cluster could not be reached, or refused us, within --timeout (or fenced us: --transactional-id)',
    doc: 'the cluster could not be reached, or refused us, within `--timeout`; or another run with the same `--transactional-id` fenced this one',
  },
  {
    codes: [ExitCode.verifyFailed],
    help: '--verify found a delivered message missing or different in the topic',
    doc: '`--verify` found a delivered message missing, different or duplicated in the topic',
  },
  {
    codes: [ExitCode.interrupted, ExitCode.terminated],
    help: 'interrupted by SIGINT / SIGTERM, after flushing what was in flight',
    doc: 'interrupted by SIGINT / SIGTERM, after flushing what was in flight',
  },
  {
    codes: [ExitCode.brokenPipe],
    help: 'stdout was closed by its reader (as SIGPIPE); what was in flight was flushed',
    doc: 'the reader closed stdout (`--json | head`), as SIGPIPE; producing stops and what was in flight is flushed',
  },
];

export type ErrorCode =
  | 'USAGE' // a bad option or argument
  | 'TOPIC' // the topic does not exist and will not be created
  | 'CONNECT' // no broker could be reached within the connection timeout
  | 'AUTH' // a broker refused us
  | 'QUEUE_FULL' // the local queue holds queue.buffering.max.messages messages
  | 'TIMED_OUT' // a message was not delivered within its delivery timeout
  | 'DELIVERY' // the broker refused a message
  | 'INPUT' // a record of --input that does not parse in its --format
  | 'CLOSED' // produce() after close()
  | 'FENCED' // another producer with our transactional id started
  | 'VERIFY'; // --verify found the topic differs from the reports

const exitCodes: Record<ErrorCode, ExitCode> = {
  USAGE: ExitCode.usage,
  TOPIC: ExitCode.usage,
  CONNECT: ExitCode.connect,
  AUTH: ExitCode.connect,
  QUEUE_FULL: ExitCode.someFailed,
  TIMED_OUT: ExitCode.someFailed,
  DELIVERY: ExitCode.someFailed,
  INPUT: ExitCode.someFailed,
  CLOSED: ExitCode.someFailed,
  FENCED: ExitCode.connect,
  VERIFY: ExitCode.verifyFailed,
};

export class SimpleProduceError extends Error {
  override name = 'SimpleProduceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retriable = false,
    /** Kafka's name for the error (MESSAGE_TOO_LARGE, NOT_ENOUGH_REPLICAS...) or a local one (MSG_TIMED_OUT). */
    readonly reason?: string,
    /** What it was translated from (kafkajs's error), shown by --debug. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  get exitCode(): ExitCode {
    return exitCodes[this.code];
  }
}

/** The seed's BufferError: produce() when the local queue is full. Poll, then try again. */
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
