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

/** What each exit code means: a short line for --help, and the README's (`npm run docs`) when it says more. */
const MEANINGS: [codes: ExitCode[], help: string, doc?: string][] = [
  [[ExitCode.ok], 'every message was delivered'],
  [
    [ExitCode.someFailed],
    'some message failed delivery (or was not reported before --flush-timeout)',
    'some message failed delivery, or was not reported before `--flush-timeout`',
  ],
  [
    [ExitCode.usage],
    'bad usage (or a schema file that does not parse), or the topic does not exist',
    'bad usage (one line naming the option, or a schema file that does not parse; nothing is connected), or the topic does not exist or exists otherwise than `--create-topic` asks',
  ],
  [
    [ExitCode.connect],
    'the cluster or the Schema Registry could not be reached, or refused us, within --timeout (or fenced us: --transactional-id)',
    'the cluster could not be reached, or refused us, within `--timeout`; or another run with the same `--transactional-id` fenced this one; or the Schema Registry could not be reached, refused us, lacks the subject or schema, or refused the schema as incompatible (before any record is sent)',
  ],
  [
    [ExitCode.verifyFailed],
    '--verify found a delivered message missing or different in the topic',
    '`--verify` found a delivered message missing, different or duplicated in the topic',
  ],
  [[ExitCode.interrupted, ExitCode.terminated], 'interrupted by SIGINT / SIGTERM, after flushing what was in flight'],
  [
    [ExitCode.brokenPipe],
    'stdout was closed by its reader (as SIGPIPE); what was in flight was flushed',
    'the reader closed stdout (`--json | head`), as SIGPIPE; producing stops and what was in flight is flushed',
  ],
];

export const EXIT_CODE_MEANINGS = MEANINGS.map(([codes, help, doc = help]) => ({ codes, help, doc }));

const EXIT_CODES: Record<ErrorKind, ExitCode> = {
  USAGE: ExitCode.usage,
  TOPIC: ExitCode.usage,
  CONNECT: ExitCode.connect,
  AUTH: ExitCode.connect,
  SCHEMA: ExitCode.connect,
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
