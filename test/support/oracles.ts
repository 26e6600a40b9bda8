// What really landed, read by tools that are not ours: kcat, Kafka's console consumer, kafka-dump-log,
// and the Java client's partitioner.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BOOTSTRAP, fetchJars, KAFKA_HOME, ROOT, STATE_DIR, walkThroughConsumerArgs } from '../../kafka/cluster.js';

const execFileAsync = promisify(execFile);

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

/** Reads the whole topic with Kafka's console consumer, as the Python SimpleProducer walk-through does; through a
 * secured listener when given its bootstrap and client.properties (--consumer.config). */
export async function consoleConsume(
  topic: string,
  expected: number,
  secured?: { bootstrap: string; config: string } | null,
  /** read_committed: only what committed transactions hold (and what no transaction wrote). */
  isolation: 'read_uncommitted' | 'read_committed' = 'read_uncommitted',
): Promise<ConsumedRecord[]> {
  const out = await runTool('kafka-console-consumer', [
    ...walkThroughConsumerArgs(secured?.bootstrap ?? BOOTSTRAP, topic),
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

export const byPartitionOffset = (a: { partition: number; offset: number }, b: { partition: number; offset: number }) =>
  a.partition - b.partition || a.offset - b.offset;
