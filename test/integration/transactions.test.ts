// --transactional-id on the real cluster, judged by Kafka's console consumer with
// --isolation-level read_committed and by the transaction markers kafka-dump-log finds in the log.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonEvents, runCli, runCliAndSignal } from '../support/cli.js';
import { consoleConsume, transactionMarkers } from '../support/oracles.js';
import { freshTopic, uniqueTopic } from '../support/topics.js';

const dir = mkdtempSync(join(tmpdir(), 'simple-produce-tx-'));

/** A `key|value` file of `count` lines, k0|v0 on; `big` lines get a value of 2000 bytes. */
function keyValueFile(name: string, count: number, big: number[] = []): string {
  const file = join(dir, name);
  const lines = Array.from({ length: count }, (_, n) => `k${n}|${big.includes(n) ? 'x'.repeat(2000) : `v${n}`}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const sortedLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .sort();

describe('--transactional-id', () => {
  it('commits every --transaction-size records: read_committed sees each record once, one COMMIT a partition a transaction', async () => {
    const topic = await freshTopic(3);
    const input = keyValueFile('commit.txt', 1000);
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '-K',
      '|',
      '--transactional-id',
      `${topic}.tx`,
      '--transaction-size',
      '400',
      '--json',
      '--quiet',
      '--verify',
    ]);
    expect(run.stderr).toContain('% verified 1000/1000');
    expect(run.code).toBe(0);
    const events = jsonEvents(run.stdout);
    const committed = events.filter((e) => e.event === 'committed');
    expect(committed.map((e) => [e.transaction, e.records])).toEqual([
      [1, 400],
      [2, 400],
      [3, 200],
    ]);
    // Each delivered report's partition and offset is where read_committed finds its record.
    const consumed = await consoleConsume(topic, 1000, null, 'read_committed');
    expect(consumed).toHaveLength(1000);
    const where = new Map(consumed.map((r) => [r.key, `${r.partition}@${r.offset}:${r.value}`]));
    expect(where.size).toBe(1000);
    const delivered = events.filter((e) => e.event === 'delivered');
    expect(delivered).toHaveLength(1000);
    for (const e of delivered) {
      expect(where.get(e.key as string)).toBe(`${e.partition}@${e.offset}:v${(e.key as string).slice(1)}`);
    }
    // One COMMIT marker for each partition of each transaction, just past that partition's records.
    const markers = await transactionMarkers(topic, 3);
    expect(markers.every((m) => m.marker === 'COMMIT')).toBe(true);
    const ranges = committed.flatMap((e) => e.partitions as { partition: number; last: number }[]);
    expect(markers).toHaveLength(ranges.length);
    for (const { partition, last } of ranges) {
      const next = markers.filter((m) => m.partition === partition && m.offset > last).map((m) => m.offset);
      expect(Math.min(...next), `partition ${partition} after ${last}`).toBe(last + 1);
    }
  });

  it('aborts the run when one record is too large: read_committed sees nothing, an ABORT marker, every record in --failed-out', async () => {
    const topic = await freshTopic(1, { 'max.message.bytes': '1000' });
    const input = keyValueFile('too-large.txt', 50, [20]);
    const failedOut = join(dir, 'too-large.failed');
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '-K',
      '|',
      '--transactional-id',
      `${topic}.tx`,
      '--failed-out',
      failedOut,
      '--json',
    ]);
    expect(run.code).toBe(1);
    const events = jsonEvents(run.stdout);
    expect(events.filter((e) => e.event === 'delivered')).toEqual([]);
    expect(events.filter((e) => e.event === 'failed')).toHaveLength(50);
    expect(events.find((e) => e.event === 'aborted')).toMatchObject({ transaction: 1, code: 'MESSAGE_TOO_LARGE' });
    expect(run.stderr).toContain('% Transaction 1 aborted: ');
    expect(await consoleConsume(topic, 0, null, 'read_committed')).toEqual([]);
    const markers = await transactionMarkers(topic, 1);
    expect(markers.map((m) => m.marker)).toEqual(['ABORT']);
    // The whole input, ready to send again: nothing of it landed.
    expect(sortedLines(readFileSync(failedOut, 'utf8'))).toEqual(sortedLines(readFileSync(input, 'utf8')));
  });

  it('SIGINT aborts the open transaction and exits 130: read_committed sees exactly the committed ones', async () => {
    const topic = await freshTopic(3);
    const input = keyValueFile('interrupted.txt', 400);
    const failedOut = join(dir, 'interrupted.failed');
    const run = await runCliAndSignal(
      [
        '--topic',
        topic,
        '--input',
        input,
        '-K',
        '|',
        '--rate',
        '100',
        '--transactional-id',
        `${topic}.tx`,
        '--transaction-size',
        '50',
        '--failed-out',
        failedOut,
        '--json',
      ],
      'SIGINT',
      2500,
    );
    expect(run.code).toBe(130);
    const events = jsonEvents(run.stdout);
    const committed = events.filter((e) => e.event === 'committed');
    const aborted = events.filter((e) => e.event === 'aborted');
    expect(committed.length).toBeGreaterThan(0);
    // The signal may come as a transaction commits, with none open after it: then nothing is aborted.
    expect(aborted.length).toBeLessThanOrEqual(1);
    for (const open of aborted) {
      expect(open).toMatchObject({ transaction: committed.length + 1, error: 'interrupted (SIGINT)' });
    }
    const delivered = events.filter((e) => e.event === 'delivered').map((e) => e.key as string);
    expect(delivered).toHaveLength(committed.length * 50);
    const consumed = await consoleConsume(topic, delivered.length, null, 'read_committed');
    expect(consumed.map((r) => r.key).sort()).toEqual([...delivered].sort());
    // What the open transaction held is in --failed-out, and nothing else.
    const failedKeys = existsSync(failedOut)
      ? sortedLines(readFileSync(failedOut, 'utf8')).map((line) => line.split('|')[0])
      : [];
    expect(failedKeys).toHaveLength((aborted[0]?.records as number | undefined) ?? 0);
    expect(failedKeys.filter((k) => delivered.includes(k))).toEqual([]);
    const markers = await transactionMarkers(topic, 3);
    expect(markers.filter((m) => m.marker === 'ABORT').length > 0).toBe(aborted.length > 0);
  });

  it('a second run with the same id fences the first: it stops with one line and exit 3, and none of its records shows', async () => {
    const topic = await freshTopic(3);
    const input = keyValueFile('fenced.txt', 100);
    const id = `${topic}.tx`;
    // Not awaited: it runs while the second starts.
    const first = runCli(['--topic', topic, '--input', input, '-K', '|', '--rate', '20', '--transactional-id', id]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const second = await runCli([
      '--topic',
      topic,
      '--count',
      '5',
      '--interval',
      '0',
      '--transactional-id',
      id,
      '--value',
      'second {n}',
    ]);
    expect(second.code).toBe(0);
    const fenced = await first;
    expect(fenced.code, fenced.stderr).toBe(3);
    const notices = fenced.stderr.split('\n').filter((l) => l.includes('stopped there'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/fenced: another producer with transactional id ".*" has started/);
    expect(fenced.stderr).not.toContain('% Message delivered');
    const consumed = await consoleConsume(topic, 5, null, 'read_committed');
    expect(consumed.map((r) => r.value).sort()).toEqual(Array.from({ length: 5 }, (_, n) => `second ${n}`));
  });

  it('reports a transaction the broker timed out (transaction.timeout.ms) as such, not as a hang', async () => {
    const topic = uniqueTopic();
    const input = keyValueFile('slow.txt', 60);
    const run = await runCli([
      '--topic',
      topic,
      '--create-topic',
      '--partitions',
      '1',
      '--input',
      input,
      '-K',
      '|',
      '--rate',
      '2',
      '--transactional-id',
      `${topic}.tx`,
      '--transaction-timeout',
      '2000',
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /TRANSACTION_TIMED_OUT: the broker aborted the transaction, open \d+ ms, longer than transaction.timeout.ms \(2000 ms\)/,
    );
    expect(run.ms).toBeLessThan(40_000);
    expect(await consoleConsume(topic, 0, null, 'read_committed')).toEqual([]);
  }, 60_000);

  it('a --quiet run of generated records counts its committed records, holding none: read_committed sees each once', async () => {
    const topic = await freshTopic(3);
    const tx = ['--transactional-id', `${topic}.tx`, '--transaction-size', '1000'];
    const run = await runCli(['--topic', topic, '--count', '3000', '--interval', '0', '--quiet', ...tx]);
    expect(run.stderr).toMatch(/% done: 3000 sent, 3000 delivered, 0 failed in /);
    expect(run.code).toBe(0);
    const consumed = await consoleConsume(topic, 3000, null, 'read_committed');
    expect(new Set(consumed.map((r) => r.value)).size).toBe(3000);
    const markers = await transactionMarkers(topic, 3);
    expect(markers.filter((m) => m.marker === 'COMMIT').length).toBeGreaterThanOrEqual(3);
    expect(markers.every((m) => m.marker === 'COMMIT')).toBe(true);
  });

  it('a --quiet run of generated records reports every record of an aborted transaction failed, the counted ones too', async () => {
    // A batch of one record is 83 bytes as Kafka stores it for n < 10 (key "n", value "hello world: n")
    // and 85 from n = 10: records 0 to 9 are delivered, 10 and 11 refused, and the transaction aborted.
    const topic = await freshTopic(1, { 'max.message.bytes': '84' });
    const run = await runCli([
      '--topic',
      topic,
      '--count',
      '12',
      '--interval',
      '0',
      '--quiet',
      '--transactional-id',
      `${topic}.tx`,
    ]);
    expect(run.stderr).toContain('% Transaction 1 aborted: 12 records failed (');
    expect(run.stderr.match(/% Message failed delivery: MESSAGE_TOO_LARGE/g)).toHaveLength(2);
    expect(run.stderr.match(/% Message failed delivery: TRANSACTION_ABORTED/g)).toHaveLength(10);
    expect(run.stderr).toMatch(/% done: 12 sent, 0 delivered, 12 failed in /);
    expect(run.code).toBe(1);
    expect(await consoleConsume(topic, 0, null, 'read_committed')).toEqual([]);
    expect((await transactionMarkers(topic, 1)).map((m) => m.marker)).toEqual(['ABORT']);
  });
});
