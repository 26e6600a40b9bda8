// Helpers for tests against the real local cluster: fresh topics, the built CLI as a user runs it,
// and Kafka's own tools to see what really landed.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { afterAll, onTestFinished } from 'vitest';
import {
  BOOTSTRAP,
  fetchJars,
  KAFKA_HOME,
  ROOT,
  STATE_DIR,
  seedConsumerArgs,
  untilEveryBrokerKnows,
} from '../../kafka/cluster.js';

const execFileAsync = promisify(execFile);
export const BIN = join(ROOT, 'bin', 'simple-produce.cjs');

export function kafkaAdmin() {
  return new kafkajs.Kafka({ brokers: BOOTSTRAP.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
}

// Topics made outside a test (in a beforeAll), deleted when their file's tests are done.
const leftovers = new Set<string>();
afterAll(async () => {
  await deleteTopics([...leftovers]);
  leftovers.clear();
});

/** Deletes topics, best effort and bounded: a test that stopped nodes may leave the cluster slow to answer. */
export async function deleteTopics(topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafkaAdmin();
  const work = admin
    .connect()
    .then(() => admin.deleteTopics({ topics, timeout: 10_000 }))
    .catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
  clearTimeout(timer);
  await admin.disconnect().catch(() => {});
}

/** Deletes the topic once the current test has finished (or, outside a test, once its file has). */
export function deleteWhenDone(topic: string): void {
  try {
    onTestFinished(() => deleteTopics([topic]));
  } catch {
    leftovers.add(topic);
  }
}

/** A topic name no other test uses: prefix, then random hex. */
export const uniqueTopic = (prefix = 'test') => `${prefix}.${randomBytes(6).toString('hex')}`;

/** A new topic with a random name, so tests never see each other's messages; deleted when the test
 * that made it is done, so a long-lived local cluster does not collect them. */
export async function freshTopic(partitions = 6, configs: Record<string, string> = {}): Promise<string> {
  const topic = uniqueTopic();
  deleteWhenDone(topic);
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    // Not kafkajs's wait for leaders: see untilEveryBrokerKnows.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: partitions,
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  await untilEveryBrokerKnows(topic, partitions);
  return topic;
}

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

/** Runs the built bin the way a user does (node bin/simple-produce.cjs ...); `signal` is sent after `afterMs`. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  signal?: { name: NodeJS.Signals; afterMs: number },
): Promise<CliResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    if (signal) setTimeout(() => child.kill(signal.name), signal.afterMs);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
}

/** Runs the built bin with `stdin` as its standard input (a Buffer, or a file's path). */
export function runCliWithStdin(args: string[], stdin: Buffer | { file: string }): Promise<CliResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const input = Buffer.isBuffer(stdin) ? 'pipe' : openSync(stdin.file, 'r');
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP },
      stdio: [input, 'pipe', 'pipe'],
    });
    if (typeof input === 'number') closeSync(input);
    else child.stdin?.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
}

export interface KcatRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  /** [name, value] in the record's order; a value may be null. */
  headers: [string, Buffer | null][];
}

/** Every record of the topic as kcat reads it (kcat -C -J -e), bytes exact: kcat writes a key's and
 * a value's bytes into its JSON as they are, so each line is read as latin1 (a byte a character). */
export async function kcatRecords(topic: string): Promise<KcatRecord[]> {
  const { stdout } = await execFileAsync(
    'kcat',
    ['-C', '-b', BOOTSTRAP, '-t', topic, '-J', '-e', '-q', '-o', 'beginning'],
    {
      encoding: 'latin1',
      maxBuffer: 1024 * 1024 * 1024,
    },
  );
  const bytes = (text: string | null) => (text === null ? null : Buffer.from(text, 'latin1'));
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const r = JSON.parse(line);
      const flat: (string | null)[] = r.headers ?? [];
      const headers: [string, Buffer | null][] = [];
      for (let i = 0; i < flat.length; i += 2) headers.push([String(flat[i]), bytes(flat[i + 1])]);
      return { partition: r.partition, offset: r.offset, key: bytes(r.key), value: bytes(r.payload), headers };
    })
    .sort(byPartitionOffset);
}

/** How many times each key is in the topic, read with kcat (in librdkafka's isolation level unless
 * given; read_committed: only what committed transactions hold, and what no transaction wrote). */
export async function keyCopies(topic: string, isolation?: 'read_committed'): Promise<Map<string, number>> {
  const level = isolation === undefined ? [] : ['-X', `isolation.level=${isolation}`];
  const { stdout } = await execFileAsync(
    'kcat',
    ['-C', '-b', BOOTSTRAP, '-t', topic, ...level, '-e', '-q', '-f', '%k\\n'],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const copies = new Map<string, number>();
  for (const key of stdout.split('\n')) if (key !== '') copies.set(key, (copies.get(key) ?? 0) + 1);
  return copies;
}

/** A file's non-empty lines; none when it does not exist. */
export const linesOf = (path: string): string[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];

export const kafkaTool = (name: string) => join(KAFKA_HOME, 'bin', name);

export async function runTool(name: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(kafkaTool(name), args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface ConsumedRecord {
  timestamp: number;
  partition: number;
  offset: number;
  key: string;
  value: string;
}

/** Reads the whole topic with Kafka's console consumer, as the seed's walk-through does; through a
 * secured listener when given its bootstrap and client.properties (--consumer.config). */
export async function consoleConsume(
  topic: string,
  expected: number,
  secured?: { bootstrap: string; config: string } | null,
  /** read_committed: only what committed transactions hold (and what no transaction wrote). */
  isolation: 'read_uncommitted' | 'read_committed' = 'read_uncommitted',
): Promise<ConsumedRecord[]> {
  const out = await runTool('kafka-console-consumer', [
    ...seedConsumerArgs(secured?.bootstrap ?? BOOTSTRAP, topic),
    ...(secured ? ['--consumer.config', secured.config] : []),
    '--isolation-level',
    isolation,
    // Expecting none, it reads until the timeout: what it finds by then is what there is.
    ...(expected > 0 ? ['--max-messages', String(expected)] : []),
    '--timeout-ms',
    expected > 0 ? '20000' : '5000',
    '--property',
    'print.timestamp=true',
  ]).catch((err: { stdout?: string }) => err.stdout ?? '');
  return out
    .split('\n')
    .filter((line) => line.startsWith('CreateTime:'))
    .map((line) => {
      const [ts, partition, offset, key, ...value] = line.split('|');
      return {
        timestamp: Number(ts.slice('CreateTime:'.length)),
        partition: Number(partition.slice('Partition:'.length)),
        offset: Number(offset.slice('Offset:'.length)),
        key,
        value: value.join('|'),
      };
    });
}

export interface ControlMarker {
  partition: number;
  offset: number;
  marker: 'COMMIT' | 'ABORT';
}

/** The transaction markers (control records) of each partition, from node 1's replica, as
 * kafka-dump-log reads them (replication factor 3: node 1 has every partition). */
export async function transactionMarkers(topic: string, partitions: number): Promise<ControlMarker[]> {
  const files = Array.from({ length: partitions }, (_, p) =>
    join(STATE_DIR, 'node-1', 'data', `${topic}-${p}`, '00000000000000000000.log'),
  );
  const dump = await runTool('kafka-dump-log', ['--files', files.join(','), '--print-data-log']);
  const markers: ControlMarker[] = [];
  let partition = -1;
  for (const line of dump.split('\n')) {
    const file = /^Dumping .*-(\d+)\/0+\.log$/.exec(line);
    if (file) partition = Number(file[1]);
    const marker = /^\| offset: (\d+) .*endTxnMarker: (COMMIT|ABORT)/.exec(line);
    if (marker) markers.push({ partition, offset: Number(marker[1]), marker: marker[2] as ControlMarker['marker'] });
  }
  return markers;
}

/** The Java client's partition for each key, computed by the kafka-clients jar itself. */
export async function javaPartitions(keys: string[], partitions: number): Promise<Map<string, number>> {
  const libs = await fetchJars();
  const { stdout } = await execFileAsync('java', [
    '-cp',
    `${libs}/*`,
    join(ROOT, 'test', 'support', 'JavaPartition.java'),
    String(partitions),
    ...keys,
  ]);
  return new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [key, partition] = line.split(' ');
        return [key, Number(partition)];
      }),
  );
}

const DELIVERED = /^% Message delivered to (\S+) \[(\d+)\] @ (\d+)$/;

/** The (partition, offset) of every "% Message delivered" line, in the order printed. */
export function deliveredLines(stderr: string): { topic: string; partition: number; offset: number }[] {
  return stderr
    .split('\n')
    .map((line) => DELIVERED.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ topic: m[1], partition: Number(m[2]), offset: Number(m[3]) }));
}

export const byPartitionOffset = (a: { partition: number; offset: number }, b: { partition: number; offset: number }) =>
  a.partition - b.partition || a.offset - b.offset;

/** Each partition's end offset, from Kafka's own kafka-get-offsets. */
export async function endOffsets(topic: string): Promise<Map<number, number>> {
  const out = await runTool('kafka-get-offsets', ['--bootstrap-server', BOOTSTRAP, '--topic', topic]);
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(':'))
      .map(([, partition, offset]) => [Number(partition), Number(offset)]),
  );
}

export interface JsonEvent {
  event: 'delivered' | 'failed' | 'summary' | 'committed' | 'aborted';
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
