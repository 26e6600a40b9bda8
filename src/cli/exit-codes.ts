// The exit codes, what each means (--help's lines and the README's table come from here), and the
// code each kind of error ends a run with.
import type { ErrorKind, SimpleProduceError } from '../core/errors.js';

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

const EXIT_CODES: Record<ErrorKind, ExitCode> = {
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

/** The exit code a run that ends on this error earns. */
export const exitCodeOf = (error: SimpleProduceError): ExitCode => EXIT_CODES[error.kind];
