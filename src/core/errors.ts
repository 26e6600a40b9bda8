// One error type for everything simple-produce reports, and the one table that maps it to exit codes.

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

export type ErrorCode =
  | 'USAGE' // a bad option or argument
  | 'TOPIC' // the topic does not exist and will not be created
  | 'CONNECT' // no broker could be reached within the connection timeout
  | 'AUTH' // a broker refused us
  | 'QUEUE_FULL' // the local queue holds queue.buffering.max.messages messages
  | 'TIMED_OUT' // a message was not delivered within its delivery timeout
  | 'DELIVERY' // the broker refused a message
  | 'CLOSED' // produce() after close()
  | 'VERIFY'; // --verify found the topic differs from the reports

const exitCodes: Record<ErrorCode, ExitCode> = {
  USAGE: ExitCode.usage,
  TOPIC: ExitCode.usage,
  CONNECT: ExitCode.connect,
  AUTH: ExitCode.connect,
  QUEUE_FULL: ExitCode.someFailed,
  TIMED_OUT: ExitCode.someFailed,
  DELIVERY: ExitCode.someFailed,
  CLOSED: ExitCode.someFailed,
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
  ) {
    super(message);
  }

  get exitCode(): ExitCode {
    return exitCodes[this.code];
  }
}

/** The seed's BufferError: produce() when the local queue is full. Poll, then try again. */
export class QueueFullError extends SimpleProduceError {
  override name = 'QueueFullError';
  constructor(readonly queued: number) {
    super('QUEUE_FULL', `Local: Queue full (${queued} messages awaiting delivery)`, true, 'QUEUE_FULL');
  }
}

export const usageError = (message: string): SimpleProduceError => new SimpleProduceError('USAGE', message);

/** Why a file could not be read, in a word or two: "no such file", "a directory", or the errno code. */
export function unreadable(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? message);
}
