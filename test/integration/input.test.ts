// --input against the real cluster, judged with kcat (bytes exact, nulls and headers) beside Kafka's
// own kafka-console-producer and librdkafka (the walk-through's confluent-kafka).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { jsonEvents, runCli, runCliWithStdin } from '../support/cli.js';
import { confluentPython } from '../support/confluent-kafka.js';
import { type KcatRecord, kafkaTool, kcatRecords } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'input-'));
const file = (name: string, data: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

/** A record as text for comparing: bytes in hex, null as null. */
const shown = ({ key, value, headers }: KcatRecord) => ({
  key: key?.toString('hex') ?? null,
  value: value?.toString('hex') ?? null,
  headers: headers.map(([name, v]) => [name, v?.toString('hex') ?? null]),
});

/** kafka-console-producer, reading `path` with these --property settings. */
async function consoleProduce(topic: string, path: string, properties: string[]): Promise<void> {
  const args = ['--bootstrap-server', BOOTSTRAP, '--topic', topic, ...properties.flatMap((p) => ['--property', p])];
  await new Promise<void>((resolve, reject) => {
    const child = execFile(kafkaTool('kafka-console-producer'), args, (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(readFileSync(path));
  });
}

describe('--input, judged with kcat beside kafka-console-producer', () => {
  it('reads keys, headers, the null marker, \\r\\n and a last line without its newline as the console producer, and keeps bytes that are not UTF-8', async () => {
    const input = file(
      'keyed.txt',
      Buffer.concat([
        Buffer.from('h1:v1,h2:NULL\tk1\tv1\n'),
        Buffer.from('h1:a,h2:b,h1:c\tNULL\tNULL\n'),
        Buffer.from('NULL\tk3\tv3 with\ttabs\r\n'),
        Buffer.from('h:1\tk4\t'),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from('\n'),
        Buffer.from('x:\t\tlast|line'),
      ]),
    );
    const [theirs, ours] = [await freshTopic(1), await freshTopic(1)];
    await consoleProduce(theirs, input, ['parse.key=true', 'parse.headers=true', 'null.marker=NULL']);
    const run = await runCli(['-t', ours, '--input', input, '-K', '\\t', '--parse-headers', '--null-marker', 'NULL']);
    expect(run.stderr).toContain('% done: 5 sent, 5 delivered, 0 failed');
    expect(run.code).toBe(0);
    const [a, b] = [(await kcatRecords(theirs)).map(shown), (await kcatRecords(ours)).map(shown)];
    expect(b).toHaveLength(5);
    // The one difference: Java decodes the line as UTF-8, so its bytes that are not become U+FFFD.
    expect(a[3].value).toBe(Buffer.from('\ufffd\ufffdA').toString('hex'));
    expect(b[3].value).toBe('fffe41');
    expect(b.map((r, i) => (i === 3 ? { ...r, value: a[3].value } : r))).toEqual(a);
    expect(b[1]).toEqual({
      key: null,
      value: null,
      headers: [
        ['h1', Buffer.from('a').toString('hex')],
        ['h2', Buffer.from('b').toString('hex')],
        ['h1', Buffer.from('c').toString('hex')],
      ],
    });
  });

  it('sends empty lines as empty values, as the console producer does without parse.key', async () => {
    const input = file('plain.txt', 'a\n\nb\r\n\r\nc');
    const [theirs, ours] = [await freshTopic(1), await freshTopic(1)];
    await consoleProduce(theirs, input, []);
    const run = await runCli(['-t', ours, '--input', input]);
    expect(run.code).toBe(0);
    const b = (await kcatRecords(ours)).map(shown);
    expect(b.map((r) => Buffer.from(r.value ?? '', 'hex').toString())).toEqual(['a', '', 'b', '', 'c']);
    expect(b).toEqual((await kcatRecords(theirs)).map(shown));
  });

  it('makes a line without its key separator a failed record with its line, where the console producer stops', async () => {
    const input = file('gap.txt', 'k1\tv1\nno separator\nk3\tv3\n');
    const topic = await freshTopic(1);
    const failedOut = join(dir, 'gap.failed');
    const run = await runCli(['-t', topic, '--input', input, '-K', '\\t', '--json', '--failed-out', failedOut]);
    expect(run.code).toBe(1);
    const failed = jsonEvents(run.stdout).filter((e) => e.event === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ input, line: 2, code: 'INVALID_RECORD', possiblyPersisted: false }),
    ]);
    expect(readFileSync(failedOut, 'utf8')).toBe('no separator\n');
    expect((await kcatRecords(topic)).map((r) => r.key?.toString())).toEqual(['k1', 'k3']);
  });

  it('replays kcat -C -J of a topic with --format json: the same records, partition for partition', async () => {
    const source = await freshTopic(3);
    const lines = Array.from({ length: 60 }, (_, n) => {
      const headers = n % 3 === 0 ? 'NULL' : `n:${n},tag:t${n % 2}`;
      return `${headers}\tkey-${n}\t${n % 5 === 0 ? 'NULL' : `value ${n} "quoted" \\ é`}`;
    });
    await consoleProduce(source, file('source.txt', `${lines.join('\n')}\n`), [
      'parse.key=true',
      'parse.headers=true',
      'null.marker=NULL',
    ]);
    const target = await freshTopic(3);
    const { stdout: dump } = await execFileAsync('kcat', ['-C', '-b', BOOTSTRAP, '-t', source, '-J', '-e', '-q'], {
      encoding: 'buffer',
    });
    const run = await runCliWithStdin(['-t', target, '--input', '-', '--format', 'json'], dump);
    expect(run.stderr).toContain('% done: 60 sent, 60 delivered, 0 failed');
    const strip = (records: KcatRecord[]) =>
      records.map(({ partition, offset, ...rest }) => ({ partition, ...shown({ partition, offset, ...rest }) }));
    const [a, b] = [strip(await kcatRecords(source)), strip(await kcatRecords(target))];
    expect(a).toHaveLength(60);
    expect(a.filter((r) => r.value === null)).toHaveLength(12);
    expect(b).toEqual(a);
  });

  it('sends each --format raw file as one record, byte for byte, in the order given', async () => {
    const blobs = [randomBytes(300_000), Buffer.from('\r\n\x00 small \xff'), Buffer.alloc(0)];
    const paths = blobs.map((blob, i) => file(`blob${i}.bin`, blob));
    const topic = await freshTopic(1);
    const run = await runCli(['-t', topic, ...paths.flatMap((p) => ['--input', p]), '--format', 'raw', '--json']);
    expect(run.code).toBe(0);
    const delivered = jsonEvents(run.stdout).filter((e) => e.event === 'delivered');
    expect(delivered.map((e) => e.input).sort()).toEqual([...paths].sort());
    const records = await kcatRecords(topic);
    expect(records.map((r) => r.value?.equals(blobs[records.indexOf(r)]))).toEqual([true, true, true]);
  });

  it('fails a record larger than the topic takes (MESSAGE_TOO_LARGE) with its line, goes on, and exits 1', async () => {
    const topic = await freshTopic(1, { 'max.message.bytes': '2000' });
    const input = file('large.txt', `k1|small\nk2|${'x'.repeat(5000)}\nk3|small\n`);
    const failedOut = join(dir, 'large.failed');
    const run = await runCli(['-t', topic, '--input', input, '-K', '|', '--json', '--failed-out', failedOut]);
    expect(run.code).toBe(1);
    const failed = jsonEvents(run.stdout).filter((e) => e.event === 'failed');
    expect(failed).toEqual([expect.objectContaining({ line: 2, code: 'MESSAGE_TOO_LARGE', possiblyPersisted: false })]);
    expect(readFileSync(failedOut, 'utf8')).toBe(`k2|${'x'.repeat(5000)}\n`);
    expect((await kcatRecords(topic)).map((r) => r.key?.toString())).toEqual(['k1', 'k3']);
    // The failed-out file goes back in as it is, here to a topic that takes it.
    const roomy = await freshTopic(1);
    const retry = await runCli(['-t', roomy, '--input', failedOut, '-K', '|']);
    expect(retry.code).toBe(0);
    expect((await kcatRecords(roomy)).map((r) => r.value?.length)).toEqual([5000]);
  });

  it('is exit 2 with one line, before connecting, for an input that is missing', async () => {
    const run = await runCli(['-t', 'never.created', '--input', join(dir, 'missing.txt'), '-b', '127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`simple-produce: --input ${join(dir, 'missing.txt')}: cannot read it (no such file)\n`);
  });
});

describe('--partitioner consistent_random, against librdkafka itself', () => {
  it("puts 1000 keys on the partitions the walk-through's confluent-kafka puts them on", async () => {
    const python = confluentPython();
    const keys = Array.from({ length: 1000 }, (_, n) => (n % 7 === 0 ? `order-${n}-ключ` : String(n)));
    const [theirs, ours] = [await freshTopic(6), await freshTopic(6)];
    const script = [
      'import sys',
      'from confluent_kafka import Producer',
      "p = Producer({'bootstrap.servers': sys.argv[1]})",
      'for line in open(sys.argv[3], encoding="utf-8"):',
      "    p.produce(sys.argv[2], key=line.rstrip('\\n').encode(), value=b'v')",
      '    p.poll(0)',
      'assert p.flush(30) == 0',
    ].join('\n');
    const keysFile = file('keys.txt', `${keys.join('\n')}\n`);
    await execFileAsync(python, ['-c', script, BOOTSTRAP, theirs, keysFile]);
    const run = await runCli([
      '-t',
      ours,
      '--input',
      file('keyed-values.txt', keys.map((k) => `${k}|v`).join('\n')),
      '-K',
      '|',
      '--partitioner',
      'consistent_random',
      '-q',
    ]);
    expect(run.code).toBe(0);
    const placement = async (topic: string) =>
      new Map((await kcatRecords(topic)).map((r) => [r.key?.toString(), r.partition]));
    const [a, b] = [await placement(theirs), await placement(ours)];
    expect(a.size).toBe(1000);
    expect(new Set(a.values()).size).toBe(6);
    expect(b).toEqual(a);
  });
});
