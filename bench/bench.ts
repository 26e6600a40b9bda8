// npm run bench: simple-produce beside the Python SimpleProducer walk-through's producer
// (bench/walk-through.py, on confluent-kafka, i.e. librdkafka), kcat, kafka-console-producer and
// Kafka's kafka-producer-perf-test, on the local cluster, in one run. Each case uses fresh topics (6 partitions,
// replication factor 3), acks=all and idempotence for every tool; tools alternate run by run and the
// table shows medians. Peers are installed into .bench/ (git-ignored) on first use.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { BOOTSTRAP, KAFKA_HOME, ROOT, untilEveryBrokerKnows, up } from '../kafka/cluster.js';
import { REGISTRY_URL, registryUp } from '../kafka/registry.js';

const BENCH = join(ROOT, '.bench');
const WALK_THROUGH = join(ROOT, 'bench', 'walk-through.py');
const PYTHON = join(BENCH, 'venv', 'bin', 'python');
const WALK_THROUGH_TOOL = 'walk-through (confluent-kafka)';
const CONFLUENT_KAFKA = '2.16.1';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THROUGHPUT_COUNT = Number(process.env.BENCH_COUNT ?? 1_000_000);
const INPUT_COUNT = Number(process.env.BENCH_INPUT_COUNT ?? 1_000_000);
/** BENCH_CASES=input runs the input case alone; by default every case runs. */
const CASES = new Set((process.env.BENCH_CASES ?? 'input,throughput,transactions,memory,schema').split(','));
/** The cases whose rows go in the main table; schema has a table of its own. */
const MAIN_CASES = ['input', 'throughput', 'transactions', 'memory'];
/** The memory case: records in one transaction, and bytes through a pipe (lines of 128 bytes). */
const BIG_TRANSACTION = Number(process.env.BENCH_BIG_TRANSACTION ?? 10_000_000);
const PIPE_BYTES = Number(process.env.BENCH_PIPE_BYTES ?? 2 ** 31);
const TRANSACTION_COUNT = Number(process.env.BENCH_TRANSACTION_COUNT ?? 500_000);
// Start-up figures move by ±20 ms from run to run on a shared machine; these runs are short.
const ONE_MESSAGE_RUNS = Math.max(RUNS, 21);
const US = [process.execPath, join(ROOT, 'bin', 'simple-produce.cjs')];

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  ms: number;
  rssKb: number;
  /** User + system CPU seconds of the finished process (and its children), as GNU time counts them. */
  cpuS: number;
  stdout: string;
}

/** Runs a command to its end under GNU time, for wall-clock time and peak RSS. */
function measure(command: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'RSS_KB=%M CPU_S=%U+%S', ...command], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${command.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        ms,
        rssKb: Number(/RSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0),
        cpuS: cpu === null ? 0 : Number(cpu[1]) + Number(cpu[2]),
        stdout,
      });
    });
  });
}

function installPeers(): void {
  mkdirSync(BENCH, { recursive: true });
  if (!existsSync(PYTHON)) {
    log(`installing confluent-kafka ${CONFLUENT_KAFKA} into .bench/venv`);
    execFileSync('python3', ['-m', 'venv', join(BENCH, 'venv')], { stdio: ['ignore', 2, 2] });
    execFileSync(PYTHON, ['-m', 'pip', 'install', '-q', `confluent-kafka==${CONFLUENT_KAFKA}`], {
      stdio: ['ignore', 2, 2],
    });
  }
  try {
    execFileSync('kcat', ['-V'], { stdio: 'ignore' });
  } catch {
    log("installing Debian's kcat");
    execFileSync('apt-get', ['install', '-y', '-qq', 'kcat'], {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
}

const admin = new kafkajs.Kafka({ brokers: BOOTSTRAP.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();

/** A new topic, once every broker knows it with its leaders. */
async function freshTopic(): Promise<string> {
  const topic = `bench.${randomBytes(5).toString('hex')}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 3 }], waitForLeaders: false });
  await untilEveryBrokerKnows(topic, 6);
  return topic;
}

/** The share of the machine's CPU time that was busy over `ms`, from /proc/stat. */
async function busyShare(ms: number): Promise<number> {
  const sample = () => {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), idle: ticks[3] + ticks[4] };
  };
  const before = sample();
  await sleep(ms);
  const after = sample();
  return 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/** Waits until the brokers have settled the topics just made (the machine under 15% busy for a
 * second; 5 s at least, 60 s at most): their work would otherwise land on whichever tool runs then,
 * and on a tool that waits for the brokers (acks=all) more than on `node -e 0`. */
async function untilQuiet(): Promise<void> {
  const start = Date.now();
  await sleep(4000);
  await untilIdle(1000, 56_000);
  log(`settled in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

/** Until the machine is under 15% busy for `windowMs`, or `mostMs` have passed. Before each run of
 * many messages (half a second, 10 s at most), so that no tool's run pays for the brokers' work left
 * by the run before (a JVM's exit, log flushes). */
async function untilIdle(windowMs = 500, mostMs = 10_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < mostMs && (await busyShare(windowMs)) > 0.15);
}

/** The records a read_committed consumer (kcat, librdkafka's default isolation) reads in the topic,
 * once it reads them all or 20 s have passed: a commit is acknowledged when the coordinator has
 * logged it, and its markers reach the partitions a moment later, for kcat's transactions as for ours. */
async function committedIn(topic: string, expected: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const read = readCommitted(topic);
    if (read === expected || Date.now() > deadline) return read;
    await sleep(500);
  }
}

function readCommitted(topic: string): number {
  const out = execFileSync(
    'kcat',
    ['-C', '-b', BOOTSTRAP, '-t', topic, '-X', 'isolation.level=read_committed', '-e', '-q', '-f', '.\\n'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return out.length / 2;
}

async function countIn(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

const walkThroughArgs = (topic: string, n: number, interval: number) => [
  PYTHON,
  WALK_THROUGH,
  '--brokers',
  BOOTSTRAP,
  '--topic',
  topic,
  '--count',
  String(n),
  '--interval',
  String(interval),
  '--quiet',
  '-X',
  'acks=all',
  '-X',
  'enable.idempotence=true',
];

/** committed: it writes transactions, whose markers the partitions' offsets count too; what landed
 * is then counted by a read_committed consumer. */
type Tool = { name: string; run: (topic: string) => Promise<Measured>; committed?: true };

function lines(n: number): string {
  const file = join(BENCH, `lines-${n}.txt`);
  if (!existsSync(file)) {
    writeFileSync(file, Array.from({ length: n }, (_, i) => `${i}|hello world: ${i}\n`).join(''));
  }
  return file;
}

function values(n: number): string {
  const file = join(BENCH, `values-${n}.txt`);
  if (!existsSync(file)) writeFileSync(file, Array.from({ length: n }, (_, i) => `hello world: ${i}\n`).join(''));
  return file;
}

const kcat = (topic: string, file: string) => [
  'sh',
  '-c',
  `kcat -P -b ${BOOTSTRAP} -t ${topic} -K '|' -X acks=all -X enable.idempotence=true < ${file}`,
];

function throughputTools(n: number): Tool[] {
  return [
    {
      name: 'simple-produce',
      run: (t) => measure([...US, '-t', t, '-b', BOOTSTRAP, '--count', String(n), '--interval', '0', '--quiet']),
    },
    { name: WALK_THROUGH_TOOL, run: (t) => measure(walkThroughArgs(t, n, 0)) },
    { name: 'kcat', run: (t) => measure(kcat(t, lines(n))) },
    {
      name: 'kafka-producer-perf-test',
      run: (t) =>
        measure([
          join(KAFKA_HOME, 'bin', 'kafka-producer-perf-test'),
          '--topic',
          t,
          '--num-records',
          String(n),
          '--throughput',
          '-1',
          '--payload-file',
          values(n),
          '--producer-props',
          `bootstrap.servers=${BOOTSTRAP}`,
          'acks=all',
          'enable.idempotence=true',
        ]),
    },
  ];
}

/** One key|value file through each tool, acks=all and idempotence for each: the input case. */
function inputTools(n: number): Tool[] {
  const file = lines(n);
  return [
    {
      name: 'simple-produce',
      run: (t) => measure([...US, '-t', t, '-b', BOOTSTRAP, '--input', file, '-K', '|', '--quiet']),
    },
    { name: 'kcat', run: (t) => measure(kcat(t, file)) },
    {
      name: 'kafka-console-producer',
      run: (t) =>
        measure([
          'sh',
          '-c',
          `${join(KAFKA_HOME, 'bin', 'kafka-console-producer')} --bootstrap-server ${BOOTSTRAP} --topic ${t} --property parse.key=true --property key.separator='|' --producer-property acks=all --producer-property enable.idempotence=true < ${file}`,
        ]),
    },
  ];
}

/** A key|value file whose values are Avro's JSON encoding of a 5-field record. */
function avroLines(n: number): string {
  const file = join(BENCH, `avro-lines-${n}.txt`);
  if (!existsSync(file)) {
    const line = (i: number) =>
      `${i}|{"id": ${i}, "text": "hello world: ${i}", "amount": ${i / 4}, "paid": ${i % 2 === 0}, "note": ${i % 3 === 0 ? 'null' : `{"string": "n${i}"}`}}\n`;
    writeFileSync(file, Array.from({ length: n }, (_, i) => line(i)).join(''));
  }
  return file;
}

const AVRO_SCHEMA = {
  type: 'record',
  name: 'Payment',
  namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'text', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'paid', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

/** The same file encoded with an Avro schema (auto-registered) and sent as it is: the cost of the
 * schema stage. No peer on this machine produces Avro from a shell. */
function schemaTools(n: number): Tool[] {
  const file = avroLines(n);
  const schema = join(BENCH, 'payment.avsc');
  writeFileSync(schema, JSON.stringify(AVRO_SCHEMA));
  const base = (t: string) => [...US, '-t', t, '-b', BOOTSTRAP, '--input', file, '-K', '|', '--quiet'];
  return [
    {
      name: 'simple-produce --value-format avro',
      run: (t) =>
        measure([...base(t), '--schema-registry', REGISTRY_URL, '--value-format', 'avro', '--value-schema', schema]),
    },
    { name: 'simple-produce, the same file as bytes', run: (t) => measure(base(t)) },
  ];
}

/** Generated messages with and without transactions, beside kcat's one transaction for its input. */
function transactionTools(n: number): Tool[] {
  const generated = (t: string) => [
    ...US,
    '-t',
    t,
    '-b',
    BOOTSTRAP,
    '--count',
    String(n),
    '--interval',
    '0',
    '--quiet',
  ];
  const id = () => `bench.${randomBytes(4).toString('hex')}`;
  return [
    {
      name: 'simple-produce, one transaction',
      committed: true,
      run: (t) => measure([...generated(t), '--transactional-id', id()]),
    },
    { name: 'simple-produce, no transaction', run: (t) => measure(generated(t)) },
    {
      name: 'simple-produce, --transaction-size 50000',
      committed: true,
      run: (t) => measure([...generated(t), '--transactional-id', id(), '--transaction-size', '50000']),
    },
    {
      name: 'kcat -X transactional.id (one transaction)',
      committed: true,
      run: (t) =>
        measure([
          'sh',
          '-c',
          `kcat -P -b ${BOOTSTRAP} -t ${t} -K '|' -X acks=all -X transactional.id=${id()} < ${lines(n)}`,
        ]),
    },
  ];
}

/** A pipe of PIPE_BYTES: lines `n|value` of 128 bytes, made by awk as they are read. */
const PIPE_LINES = Math.floor(PIPE_BYTES / 128);
const pipeOf = (consumer: string) =>
  `awk 'BEGIN { v = sprintf("%116s", ""); gsub(/ /, "x", v); for (i = 0; i < ${PIPE_LINES}; i++) printf "%010d|%s\\n", i, v }' | ${consumer}`;

/** What bounds memory: one transaction of BIG_TRANSACTION generated records, and PIPE_BYTES through a pipe. */
function memoryTools(): { transaction: Tool[]; pipe: Tool[] } {
  const us = US.map((part) => `'${part}'`).join(' ');
  return {
    transaction: [
      {
        name: 'simple-produce, one transaction',
        committed: true,
        run: (t) =>
          measure([
            ...US,
            '-t',
            t,
            '-b',
            BOOTSTRAP,
            '--count',
            String(BIG_TRANSACTION),
            '--interval',
            '0',
            '--quiet',
            '--transactional-id',
            `bench.${randomBytes(4).toString('hex')}`,
            '--transaction-timeout',
            '900000',
          ]),
      },
    ],
    pipe: [
      {
        name: 'simple-produce',
        run: (t) => measure(['sh', '-c', pipeOf(`${us} -t ${t} -b ${BOOTSTRAP} --input - -K '|' --quiet`)]),
      },
      {
        name: 'kcat',
        run: (t) =>
          measure([
            'sh',
            '-c',
            pipeOf(`kcat -P -b ${BOOTSTRAP} -t ${t} -K '|' -X acks=all -X enable.idempotence=true`),
          ]),
      },
    ],
  };
}

function oneMessageTools(): Tool[] {
  return [
    { name: 'node -e 0', run: () => measure([process.execPath, '-e', '0']) },
    { name: 'simple-produce', run: (t) => measure([...US, '-t', t, '-b', BOOTSTRAP, '--count', '1', '--quiet']) },
    {
      // What the first run after an install or a build pays: V8 compiles everything.
      name: 'simple-produce, compile cache off',
      run: (t) =>
        measure([...US, '-t', t, '-b', BOOTSTRAP, '--count', '1', '--quiet'], undefined, {
          NODE_DISABLE_COMPILE_CACHE: '1',
        }),
    },
    { name: WALK_THROUGH_TOOL, run: (t) => measure(walkThroughArgs(t, 1, 0)) },
    { name: 'kcat', run: (t) => measure(kcat(t, lines(1))) },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs every tool RUNS times, alternating A B A B, each run on a fresh topic; checks what landed. */
async function alternate(tools: Tool[], expected: number, runs = RUNS): Promise<Map<string, Measured[]>> {
  const results = new Map<string, Measured[]>(tools.map((t) => [t.name, []]));
  // Every run gets a topic of its own, made before the runs start: right after its creation a topic's
  // replicas are still being set up, and the first acks=all write to it waited 100-700 ms more in
  // trials, which is the brokers' time, not the tool's.
  const topics: string[] = [];
  for (let i = 0; i < runs * tools.length; i++) topics.push(await freshTopic());
  await untilFilesDeleted();
  await untilQuiet();
  try {
    await runAll(tools, topics, expected, runs, results);
  } finally {
    // Counted, their records go: a whole bench writes some 40 GB, the pipe's runs most of it.
    await admin.deleteTopics({ topics });
    lastDeletion = Date.now();
  }
  return results;
}

/** A broker deletes a deleted topic's files a minute later (file.delete.delay.ms, a broker setting):
 * the next case's runs wait for that, or gigabytes go from the disk while they are measured. */
let lastDeletion = 0;
const FILE_DELETE_DELAY_MS = 60_000;

async function untilFilesDeleted(): Promise<void> {
  const wait = lastDeletion + FILE_DELETE_DELAY_MS + 5000 - Date.now();
  if (wait <= 0) return;
  log(`waiting ${(wait / 1000).toFixed(0)} s for the last case's topics to leave the disk`);
  await sleep(wait);
}

async function runAll(
  tools: Tool[],
  topics: string[],
  expected: number,
  runs: number,
  results: Map<string, Measured[]>,
): Promise<void> {
  for (let run = 0; run < runs; run++) {
    for (const [i, tool] of tools.entries()) {
      const topic = topics[run * tools.length + i];
      if (expected > 1) await untilIdle();
      const m = await tool.run(topic);
      if (tool.name !== 'node -e 0') {
        const landed = tool.committed ? await committedIn(topic, expected) : await countIn(topic);
        if (landed !== expected) throw new Error(`${tool.name}: ${landed} messages landed, not ${expected}`);
      }
      results.get(tool.name)?.push(m);
      log(`${tool.name}: ${m.ms.toFixed(0)} ms, ${(m.rssKb / 1024).toFixed(0)} MB`);
    }
  }
}

/** Largest |CreateTime(n) - (CreateTime(0) + n × interval)| in a topic of keyed messages 0..n-1. */
async function pacingDeviation(topic: string, n: number, intervalMs: number): Promise<number> {
  const out = execFileSync(
    join(KAFKA_HOME, 'bin', 'kafka-console-consumer'),
    [
      '--bootstrap-server',
      BOOTSTRAP,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      String(n),
      '--property',
      'print.key=true',
      '--property',
      'print.timestamp=true',
      '--property',
      'key.separator=|',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ts = new Map<number, number>();
  for (const line of out.split('\n').filter((l) => l.startsWith('CreateTime:'))) {
    const [time, key] = line.split('|');
    ts.set(Number(key), Number(time.slice('CreateTime:'.length)));
  }
  const t0 = ts.get(0) as number;
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((ts.get(i) as number) - (t0 + i * intervalMs)));
  return worst;
}

async function main(): Promise<void> {
  installPeers();
  const { started } = await up();
  if (started.length > 0) log(`started the local cluster (node ${started.join(', ')})`);
  await admin.connect();
  const rows: string[] = [];
  const ratio = (ours: number, theirs: number) => (ours / theirs).toFixed(2);
  // Round by round (each round runs every tool once, back to back), the median of our time ÷ theirs:
  // steadier than a ratio of medians when the machine's speed drifts between rounds.
  const byRound = (results: Map<string, Measured[]>, ours: string, theirs: string) => {
    const a = results.get(ours) ?? [];
    const b = results.get(theirs) ?? [];
    return median(a.map((m, i) => m.ms / b[i].ms));
  };

  if (CASES.has('input')) {
    log(`input: a ${INPUT_COUNT}-line key|value file, ${RUNS} runs each`);
    const input = await alternate(inputTools(INPUT_COUNT), INPUT_COUNT);
    const inputRate = (name: string) => INPUT_COUNT / (median((input.get(name) ?? []).map((m) => m.ms)) / 1000);
    const cpu = (name: string) => median((input.get(name) ?? []).map((m) => m.cpuS));
    for (const name of input.keys()) {
      const vs = name === 'simple-produce' ? '' : ratio(inputRate('simple-produce'), inputRate(name));
      const rounds =
        name === 'simple-produce' ? '' : ` (rounds: ${(1 / byRound(input, 'simple-produce', name)).toFixed(2)})`;
      rows.push(
        `| input, ${INPUT_COUNT}-line file (msg/s, start to exit) | ${name} | ${Math.round(inputRate(name))} | ${vs}${rounds} |`,
      );
    }
    for (const name of input.keys()) {
      const vs = name === 'simple-produce' ? '' : ratio(cpu('simple-produce'), cpu(name));
      rows.push(`| input, CPU seconds (user + sys) | ${name} | ${cpu(name).toFixed(2)} | ${vs} |`);
    }
    for (const name of input.keys()) {
      const rss = median((input.get(name) ?? []).map((m) => m.rssKb)) / 1024;
      rows.push(`| input, peak RSS (MB) | ${name} | ${rss.toFixed(0)} | |`);
    }
  }
  const schemaRows: string[] = [];
  if (CASES.has('schema')) {
    if (await registryUp()) log('started the local Schema Registry');
    log(`schema: a ${INPUT_COUNT}-line file of Avro JSON records, ${RUNS} runs each`);
    const results = await alternate(schemaTools(INPUT_COUNT), INPUT_COUNT);
    const [avro, bytes] = [...results.keys()];
    const rate = (name: string) => INPUT_COUNT / (median((results.get(name) ?? []).map((m) => m.ms)) / 1000);
    const cpu = (name: string) => median((results.get(name) ?? []).map((m) => m.cpuS));
    const rss = (name: string) => median((results.get(name) ?? []).map((m) => m.rssKb)) / 1024;
    const rounds = (1 / byRound(results, avro, bytes)).toFixed(2);
    schemaRows.push(
      `| ${INPUT_COUNT}-line file (msg/s, start to exit) | ${avro} | ${Math.round(rate(avro))} | ${ratio(rate(avro), rate(bytes))} (rounds: ${rounds}) |`,
      `| ${INPUT_COUNT}-line file (msg/s, start to exit) | ${bytes} | ${Math.round(rate(bytes))} | |`,
      `| CPU seconds (user + sys) | ${avro} | ${cpu(avro).toFixed(2)} | ${ratio(cpu(avro), cpu(bytes))} |`,
      `| CPU seconds (user + sys) | ${bytes} | ${cpu(bytes).toFixed(2)} | |`,
      `| peak RSS (MB) | ${avro} | ${rss(avro).toFixed(0)} | |`,
      `| peak RSS (MB) | ${bytes} | ${rss(bytes).toFixed(0)} | |`,
    );
  }
  if (CASES.has('transactions')) {
    log(`transactions: ${TRANSACTION_COUNT} messages, ${RUNS} runs each`);
    const tx = await alternate(transactionTools(TRANSACTION_COUNT), TRANSACTION_COUNT);
    const ours = 'simple-produce, one transaction';
    const txRate = (name: string) => TRANSACTION_COUNT / (median((tx.get(name) ?? []).map((m) => m.ms)) / 1000);
    const cpu = (name: string) => median((tx.get(name) ?? []).map((m) => m.cpuS));
    for (const name of tx.keys()) {
      const vs =
        name === ours
          ? ''
          : `${ratio(txRate(ours), txRate(name))} (rounds: ${(1 / byRound(tx, ours, name)).toFixed(2)})`;
      rows.push(
        `| transactions, ${TRANSACTION_COUNT} messages (msg/s, start to exit; ÷: one transaction ÷ tool) | ${name} | ${Math.round(txRate(name))} | ${vs} |`,
      );
    }
    for (const name of tx.keys()) {
      const vs = name === ours ? '' : ratio(cpu(ours), cpu(name));
      const rss = median((tx.get(name) ?? []).map((m) => m.rssKb)) / 1024;
      rows.push(`| transactions, CPU seconds (user + sys) | ${name} | ${cpu(name).toFixed(2)} | ${vs} |`);
      rows.push(`| transactions, peak RSS (MB) | ${name} | ${rss.toFixed(0)} | |`);
    }
  }
  if (CASES.has('memory')) {
    const { transaction, pipe } = memoryTools();
    log(`memory: ${BIG_TRANSACTION} records in one transaction, ${RUNS} runs`);
    const tx = await alternate(transaction, BIG_TRANSACTION);
    for (const [name, runs] of tx) {
      const rate = BIG_TRANSACTION / (median(runs.map((m) => m.ms)) / 1000);
      const rss = median(runs.map((m) => m.rssKb)) / 1024;
      rows.push(
        `| memory, ${BIG_TRANSACTION} records in one transaction: peak RSS (MB) | ${name} | ${rss.toFixed(0)} | |`,
      );
      rows.push(`| memory, ${BIG_TRANSACTION} records in one transaction (msg/s) | ${name} | ${Math.round(rate)} | |`);
    }
    const gb = (PIPE_BYTES / 2 ** 30).toFixed(0);
    log(`memory: ${gb} GiB (${PIPE_LINES} lines) through a pipe, ${RUNS} runs each`);
    const piped = await alternate(pipe, PIPE_LINES);
    const rss = (name: string) => median((piped.get(name) ?? []).map((m) => m.rssKb)) / 1024;
    const rate = (name: string) => PIPE_LINES / (median((piped.get(name) ?? []).map((m) => m.ms)) / 1000);
    for (const name of piped.keys()) {
      rows.push(`| memory, ${gb} GiB through a pipe: peak RSS (MB) | ${name} | ${rss(name).toFixed(0)} | |`);
      const vs = name === 'simple-produce' ? '' : ratio(rate('simple-produce'), rate(name));
      rows.push(`| memory, ${gb} GiB through a pipe (msg/s) | ${name} | ${Math.round(rate(name))} | ${vs} |`);
    }
  }
  if (!CASES.has('throughput')) return finish(rows, schemaRows);

  log(`throughput: ${THROUGHPUT_COUNT} messages, ${RUNS} runs each`);
  const tp = await alternate(throughputTools(THROUGHPUT_COUNT), THROUGHPUT_COUNT);
  const rate = (name: string) => THROUGHPUT_COUNT / (median((tp.get(name) ?? []).map((m) => m.ms)) / 1000);
  const ours = rate('simple-produce');
  for (const name of tp.keys()) {
    const r = rate(name);
    const vs =
      name === 'simple-produce'
        ? ''
        : `${ratio(ours, r)} (rounds: ${(1 / byRound(tp, 'simple-produce', name)).toFixed(2)})`;
    rows.push(
      `| throughput, ${THROUGHPUT_COUNT} messages (msg/s, start to exit) | ${name} | ${Math.round(r)} | ${vs} |`,
    );
  }
  const tpCpu = (name: string) => median((tp.get(name) ?? []).map((m) => m.cpuS));
  for (const name of tp.keys()) {
    const vs = name === 'simple-produce' ? '' : ratio(tpCpu('simple-produce'), tpCpu(name));
    rows.push(`| throughput, CPU seconds (user + sys) | ${name} | ${tpCpu(name).toFixed(2)} | ${vs} |`);
  }

  log(`one message, start to exit: ${ONE_MESSAGE_RUNS} runs each`);
  const one = await alternate(oneMessageTools(), 1, ONE_MESSAGE_RUNS);
  const oneMs = (name: string) => median((one.get(name) ?? []).map((m) => m.ms));
  for (const name of one.keys()) {
    const vs = name === 'simple-produce' ? '' : ratio(oneMs('simple-produce'), oneMs(name));
    rows.push(`| one message, start to exit (ms) | ${name} | ${oneMs(name).toFixed(0)} | ${vs} |`);
  }
  const nodeRounds = byRound(one, 'simple-produce', 'node -e 0').toFixed(2);
  rows.push(`| one message, round by round (median of the rounds' ratios) | node -e 0 | | ${nodeRounds} |`);
  // What a Node client would score that ran no JavaScript of its own and took only kcat's time for the
  // round trips (kcat's start counted too): the least our ratio to `node -e 0` can be on this machine.
  // Round by round, (node + kcat) ÷ node is 1 + kcat ÷ node.
  const floor = 1 + byRound(one, 'kcat', 'node -e 0');
  rows.push(
    `| one message, a floor: (node -e 0 + kcat) ÷ node -e 0, round by round | node -e 0 + kcat | ${floor.toFixed(2)} | |`,
  );

  log('pacing: 50 messages at 200 ms');
  const pacing: Record<string, number[]> = { 'simple-produce': [], [WALK_THROUGH_TOOL]: [] };
  const pacedRss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let topic = await freshTopic();
    const m = await measure([...US, '-t', topic, '-b', BOOTSTRAP, '--count', '50', '--interval', '200', '--quiet']);
    pacedRss.push(m.rssKb);
    pacing['simple-produce'].push(await pacingDeviation(topic, 50, 200));
    topic = await freshTopic();
    await measure(walkThroughArgs(topic, 50, 0.2));
    pacing[WALK_THROUGH_TOOL].push(await pacingDeviation(topic, 50, 200));
  }
  for (const [name, devs] of Object.entries(pacing)) {
    const vs = name === 'simple-produce' ? '' : ratio(median(pacing['simple-produce']), median(devs));
    rows.push(`| pacing, 50 at 200 ms: largest deviation (ms) | ${name} | ${median(devs)} | ${vs} |`);
  }

  const fullRss = median((tp.get('simple-produce') ?? []).map((m) => m.rssKb));
  rows.push(`| peak RSS, paced run (MB) | simple-produce | ${(median(pacedRss) / 1024).toFixed(0)} | |`);
  rows.push(`| peak RSS, ${THROUGHPUT_COUNT}-message run (MB) | simple-produce | ${(fullRss / 1024).toFixed(0)} | |`);
  rows.push(
    `| peak RSS, ${THROUGHPUT_COUNT}-message run (MB) | ${WALK_THROUGH_TOOL} | ${(median((tp.get(WALK_THROUGH_TOOL) ?? []).map((m) => m.rssKb)) / 1024).toFixed(0)} | |`,
  );
  return finish(rows, schemaRows);
}

async function finish(rows: string[], schemaRows: string[]): Promise<void> {
  await admin.disconnect();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, local 3-node cluster (Kafka ${kafkaVersion()}) on the same machine`;
  const tables: string[] = [];
  const main = MAIN_CASES.filter((c) => CASES.has(c));
  if (main.length > 0) {
    const table = [
      `Measured on ${machine}; cases ${main.join(', ')}; medians of ${RUNS} runs (${ONE_MESSAGE_RUNS} for one message), tools alternating.`,
      '',
      '| case | tool | figure | simple-produce ÷ tool |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
    writeIntoDocument('bench', table);
    tables.push(table);
  }
  if (CASES.has('schema')) {
    const table = [
      `Measured on ${machine}; Apicurio Registry on the same machine; medians of ${RUNS} runs, the two alternating. No peer on this machine produces Avro from a shell (kafka-avro-console-producer is not available here).`,
      '',
      '| figure | run | value | avro ÷ bytes |',
      '| --- | --- | --- | --- |',
      ...schemaRows,
    ].join('\n');
    writeIntoDocument('bench schema', table);
    tables.push(table);
  }
  process.stdout.write(`${tables.join('\n\n')}\n`);
  writeFileSync(join(BENCH, 'latest.md'), `${tables.join('\n\n')}\n`);
}

const DOCUMENT = join(ROOT, 'docs', 'benchmarks.md');

/** Puts a table into docs/benchmarks.md, in place of the last one of its block. */
function writeIntoDocument(block: string, table: string): void {
  const pattern = new RegExp(`(<!-- ${block}: written by npm run bench -->\\n)[\\s\\S]*?(<!-- \\/${block} -->)`);
  const document = readFileSync(DOCUMENT, 'utf8');
  if (!pattern.test(document)) throw new Error(`docs/benchmarks.md has no <!-- ${block}: ... --> block`);
  writeFileSync(
    DOCUMENT,
    document.replace(pattern, (_, open: string, close: string) => `${open}${table}\n${close}`),
  );
  log(`wrote the ${block} table into docs/benchmarks.md`);
}

function kafkaVersion(): string {
  return /<kafka\.version>([^<]+)</.exec(readFileSync(join(KAFKA_HOME, 'pom.xml'), 'utf8'))?.[1] ?? '?';
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
