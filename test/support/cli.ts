// The built CLI run as a user runs it (node bin/simple-produce.cjs ...), and what it printed.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTSTRAP, ROOT } from '../../kafka/cluster.js';

export const BIN = join(ROOT, 'bin', 'simple-produce.cjs');

/** The options of a full-speed run of `count` messages to `topic`. */
export const fullSpeed = (topic: string, count: number): string[] => [
  '--topic',
  topic,
  '--count',
  String(count),
  '--interval',
  '0',
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface CliOptions {
  env?: Record<string, string>;
  /** Standard input: a Buffer, or a file's path; none when missing. */
  stdin?: Buffer | { file: string };
  /** Called with each chunk of stdout as it comes. */
  onStdout?: (chunk: string) => void;
}

/** Starts the built bin the way a user does (node bin/simple-produce.cjs ...); resolves when it ends. */
function startCli(args: string[], { env = {}, stdin, onStdout }: CliOptions = {}) {
  const start = Date.now();
  const input = stdin === undefined ? 'ignore' : Buffer.isBuffer(stdin) ? 'pipe' : openSync(stdin.file, 'r');
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP, ...env },
    stdio: [input, 'pipe', 'pipe'],
  });
  if (typeof input === 'number') closeSync(input);
  else if (Buffer.isBuffer(stdin)) child.stdin?.end(stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    onStdout?.(d);
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const ended = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
  return { child, ended };
}

/** Runs the built bin the way a user does; `signal` is sent after `afterMs`. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  signal?: { name: NodeJS.Signals; afterMs: number },
): Promise<CliResult> {
  const { child, ended } = startCli(args, { env });
  if (signal) setTimeout(() => child.kill(signal.name), signal.afterMs);
  return ended;
}

/** Runs the built bin with `stdin` as its standard input (a Buffer, or a file's path). */
export const runCliWithStdin = (args: string[], stdin: Buffer | { file: string }): Promise<CliResult> =>
  startCli(args, { stdin }).ended;

export interface FaultRun extends CliResult {
  /** How many trigger events the run had printed when the fault began. */
  eventsBeforeFault: number;
  /** How much of stdout the run had printed when the fault had landed. */
  landedAt: number;
}

/** The events the run printed after its fault had landed. */
export const eventsAfterFault = ({ stdout, landedAt }: FaultRun): JsonEvent[] =>
  jsonEvents(stdout.slice(stdout.lastIndexOf('\n', landedAt - 1) + 1));

/** Starts the bin (with --json among `args`) and brings a fault on (`fault`) once it has printed
 * `after` events of kind `event`: the fault lands mid-run by construction, not after a guessed sleep.
 * `landed` resolves when the fault has; `ended` when the run has, and rejects if it ended first. */
export function startCliWithFault(
  args: string[],
  trigger: { event: JsonEvent['event']; after: number },
  fault: (child: ChildProcess) => Promise<unknown> | undefined,
): { landed: Promise<void>; ended: Promise<FaultRun> } {
  const marker = `{"event":"${trigger.event}"`;
  let seen = 0;
  let printed = 0;
  let partial = '';
  let faulted: Promise<void> | null = null;
  const at = { eventsBeforeFault: -1, landedAt: -1 };
  let land: () => void = () => {};
  let neverLands: (error: Error) => void = () => {};
  const landed = new Promise<void>((resolve, reject) => {
    land = resolve;
    neverLands = reject;
  });
  landed.catch(() => {}); // a caller that awaits only `ended` hears of it there
  const { child, ended } = startCli(args, {
    onStdout: (chunk) => {
      printed += chunk.length;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith(marker)) seen++;
      if (faulted === null && seen >= trigger.after) {
        at.eventsBeforeFault = seen;
        faulted = Promise.resolve(fault(child)).then(() => {
          at.landedAt = printed;
          land();
        });
      }
    },
  });
  const run = ended.then(async (result) => {
    if (faulted === null) {
      const error = new Error(`the run ended after ${seen} ${trigger.event} events, before its fault`);
      neverLands(error);
      throw error;
    }
    await faulted;
    return { ...result, ...at };
  });
  return { landed, ended: run };
}

/** startCliWithFault's run, once it has ended. */
export const runCliWithFault = (...args: Parameters<typeof startCliWithFault>): Promise<FaultRun> =>
  startCliWithFault(...args).ended;

export interface JsonEvent {
  event: 'delivered' | 'failed' | 'summary' | 'committed' | 'aborted' | 'schema';
  [field: string]: unknown;
}

/** --json output, one event per line; throws on a line that is not JSON. */
export const jsonEvents = (stdout: string): JsonEvent[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonEvent);

/** Runs the bin with its stdout on a pipe whose reader is already gone, as `| head` leaves it once
 * head has exited: every write fails with EPIPE. Python makes the pipe; the shell has no way to. */
export function runCliIntoClosedPipe(args: string[]): Promise<CliResult & { code: number }> {
  const start = Date.now();
  const closedPipe = [
    'import os, subprocess, sys',
    'r, w = os.pipe()',
    'os.close(r)',
    'print(subprocess.run(sys.argv[1:], stdout=w).returncode)',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', closedPipe, process.execPath, BIN, ...args],
      { env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP } },
      (err, stdout, stderr) => {
        if (err) reject(err);
        else resolve({ code: Number(stdout.trim()), stdout: '', stderr, ms: Date.now() - start });
      },
    );
  });
}

/** Starts the CLI, sends it a signal after `afterMs`, and waits for it to end. */
export const runCliAndSignal = (args: string[], signal: NodeJS.Signals, afterMs: number): Promise<CliResult> =>
  runCli(args, {}, { name: signal, afterMs });

const DELIVERED = /^% Message delivered to (\S+) \[(\d+)\] @ (\d+)$/;

/** The (partition, offset) of every "% Message delivered" line, in the order printed. */
export function deliveredLines(stderr: string): { topic: string; partition: number; offset: number }[] {
  return stderr
    .split('\n')
    .map((line) => DELIVERED.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ topic: m[1], partition: Number(m[2]), offset: Number(m[3]) }));
}

/** A record's key and place, as a delivered event or a record read back states them: key|partition|offset. */
export const placeOf = (e: { key?: unknown; partition?: unknown; offset?: unknown } | JsonEvent): string =>
  `${e.key}|${e.partition}|${e.offset}`;
