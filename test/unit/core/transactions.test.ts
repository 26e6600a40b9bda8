// Transactional runs on the in-memory transport: reports wait for their transaction's end, an abort
// fails every record of it, and what a read_committed consumer would see is what the reports say.
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../../src/cli/exit-codes.js';
import { SimpleProduceError } from '../../../src/core/errors.js';
import { generatedSource } from '../../../src/core/generated.js';
import { ProduceLoop, type ProducerRecord } from '../../../src/core/produce-loop.js';
import { type DeliveryReport, Producer } from '../../../src/core/producer.js';
import type { TransactionEnd } from '../../../src/core/transactions.js';
import { slicesOf } from '../../../src/core/transport.js';
import { MemoryTransport } from '../../support/memory-transport.js';

type Item = ProducerRecord & { n: number };

const item = (n: number, value = `v${n}`): Item => ({
  n,
  headers: null,
  ...slicesOf(Buffer.from(`k${n}`), Buffer.from(value)),
});

async function* chunked(items: Item[], size = 3, before?: (first: number) => void) {
  for (let i = 0; i < items.length; i += size) {
    before?.(i);
    yield items.slice(i, i + size);
  }
}

function transactionalRun(
  transport: MemoryTransport,
  items: Item[],
  size: number | null,
  extra: { signal?: AbortSignal; beforeChunk?: (first: number) => void } = {},
) {
  const producer = new Producer(transport, { lingerMs: 0 });
  const reports: DeliveryReport[] = [];
  const ends: TransactionEnd[] = [];
  const events: string[] = [];
  const recordProducer = new ProduceLoop<Item>({
    producer,
    topic: 't',
    records: chunked(items, 3, extra.beforeChunk),
    failRestOnAbort: true,
    signal: extra.signal,
    onDelivery: (report) => {
      reports.push(report);
      events.push(`report ${(report.opaque as Item).n}`);
    },
    transactions: {
      size,
      onEnd: (end) => {
        ends.push(end);
        events.push(`end ${end.number}`);
      },
    },
  });
  return { producer, recordProducer, done: recordProducer.produce(), reports, ends, events };
}

const values = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `v${from + i}`);
const errorOf = (report: DeliveryReport) => [(report.opaque as Item).n, report.error?.reason ?? null];

describe('a transactional run', () => {
  it('commits the whole input once, then serves every report as delivered, then the end', async () => {
    const transport = new MemoryTransport({ t: 2 });
    const items = Array.from({ length: 10 }, (_, n) => item(n));
    const { producer, done, reports, ends, events } = transactionalRun(transport, items, null);
    expect(await done).toMatchObject({ sent: 10, delivered: 10, failed: 0 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed']);
    expect(transport.committedValues('t').sort()).toEqual(values(10).sort());
    expect(reports.every((r) => r.error === null && r.offset >= 0)).toBe(true);
    expect(events.at(-1)).toBe('end 1');
    expect(ends[0]).toMatchObject({ number: 1, records: 10, error: null });
    const perPartition = ends[0].partitions.map(({ partition, first, last }) => [partition, first, last]);
    const logs = transport.logs.get('t') ?? [];
    expect(perPartition).toEqual(
      logs.flatMap((log, partition) => (log.length === 0 ? [] : [[partition, 0, log.length - 1]])),
    );
    await producer.close();
  });

  it('commits every n records with --transaction-size, the reports of each before its end', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const items = Array.from({ length: 10 }, (_, n) => item(n));
    const { producer, done, ends, events } = transactionalRun(transport, items, 4);
    expect(await done).toMatchObject({ sent: 10, delivered: 10 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed', 'committed', 'committed']);
    expect(ends.map((e) => [e.number, e.records, e.partitions[0].first, e.partitions[0].last])).toEqual([
      [1, 4, 0, 3],
      [2, 4, 4, 7],
      [3, 2, 8, 9],
    ]);
    expect(events.indexOf('end 1')).toBe(4);
    expect(events.indexOf('end 2')).toBe(9);
    expect(transport.committedValues('t')).toEqual(values(10));
    await producer.close();
  });

  it('aborts the transaction of a record that fails: every record of it fails, the others land', async () => {
    const transport = new MemoryTransport({ t: 1 });
    transport.maxMessageBytes = 10;
    const items = Array.from({ length: 9 }, (_, n) => (n === 4 ? item(n, 'x'.repeat(20)) : item(n)));
    const { producer, done, reports, ends } = transactionalRun(transport, items, 3);
    expect(await done).toMatchObject({ sent: 9, delivered: 6, failed: 3 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed', 'aborted', 'committed']);
    expect(transport.committedValues('t')).toEqual([...values(3), ...values(3, 6)]);
    const failed = reports.filter((r) => r.error !== null);
    expect(failed.map(errorOf).sort()).toEqual([
      [3, 'TRANSACTION_ABORTED'],
      [4, 'MESSAGE_TOO_LARGE'],
      [5, 'TRANSACTION_ABORTED'],
    ]);
    expect(failed.every((r) => r.offset < 0 && !r.possiblyPersisted)).toBe(true);
    expect(ends[1]).toMatchObject({ number: 2, records: 3, partitions: [] });
    expect(ends[1].error?.reason).toBe('MESSAGE_TOO_LARGE');
    await producer.close();
  });

  it('with one transaction for the whole input, reports the records after an abort failed, unsent', async () => {
    const transport = new MemoryTransport({ t: 1 });
    transport.maxMessageBytes = 10;
    const items = Array.from({ length: 30 }, (_, n) => (n === 1 ? item(n, 'x'.repeat(20)) : item(n)));
    const { producer, done, reports } = transactionalRun(transport, items, null);
    expect(await done).toMatchObject({ sent: 30, delivered: 0, failed: 30 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['aborted']);
    expect(transport.committedValues('t')).toEqual([]);
    expect(reports.map((r) => (r.opaque as Item).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, n) => n),
    );
    // Those handed over before the abort failed with it; every one after, unsent.
    const unsent = reports.filter((r) => r.error?.message.includes('not sent')).map((r) => (r.opaque as Item).n);
    const handed = reports.filter((r) => !r.error?.message.includes('not sent')).map((r) => (r.opaque as Item).n);
    expect(unsent.length).toBeGreaterThan(0);
    expect(Math.min(...unsent)).toBeGreaterThan(Math.max(...handed));
    await producer.close();
  });

  it('aborts the open transaction when stopped, keeping the committed ones', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const stop = new AbortController();
    const items = Array.from({ length: 100 }, (_, n) => item(n));
    // Stopped as the chunk from record 12 is read: records 10 and 11 are in the open transaction.
    const { producer, done, ends } = transactionalRun(transport, items, 5, {
      signal: stop.signal,
      beforeChunk: (first) => {
        if (first === 12) stop.abort('SIGINT');
      },
    });
    expect(await done).toMatchObject({ sent: 12, delivered: 10, failed: 2 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed', 'committed', 'aborted']);
    expect(transport.committedValues('t')).toEqual(values(10));
    expect(ends.at(-1)).toMatchObject({ number: 3, records: 2 });
    expect(ends.at(-1)?.error?.message).toBe('interrupted (SIGINT)');
    await producer.close();
  });

  it('stops when fenced at a commit: the records are failed, maybe committed, and no abort is tried', async () => {
    const transport = new MemoryTransport({ t: 1 });
    transport.failCommit = new SimpleProduceError('FENCED', 'fenced: another producer', false, 'PRODUCER_FENCED');
    const items = Array.from({ length: 12 }, (_, n) => item(n));
    const { producer, recordProducer, done, reports } = transactionalRun(transport, items, 4);
    expect(await done).toMatchObject({ delivered: 0, failed: 4 });
    expect(recordProducer.stopped?.kind).toBe('FENCED');
    expect(recordProducer.stopped && exitCodeOf(recordProducer.stopped)).toBe(3);
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['open']);
    // A commit that failed may have been done: its records are "possibly persisted".
    expect(reports.every((r) => r.error !== null && r.possiblyPersisted)).toBe(true);
    await producer.close();
  });

  it('ends a transaction stopped before its first record silently: no end, no records', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport, { lingerMs: 0 });
    const stop = new AbortController();
    const ends: TransactionEnd[] = [];
    // The walk-through's pace: the transaction begins, then the first message waits for its time.
    const walkThrough = new ProduceLoop({
      producer,
      topic: 't',
      ...generatedSource({ count: 5, intervalMs: 10_000 }),
      count: 5,
      intervalMs: 10_000,
      signal: stop.signal,
      transactions: { size: 1, onEnd: (end) => ends.push(end) },
    });
    const done = walkThrough.produce();
    setTimeout(() => stop.abort('SIGINT'), 50);
    await done;
    // The first message goes at once and commits; the second transaction has begun, its message
    // waiting for its time, when the stop comes: aborted with nothing in it, and not reported.
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed', 'aborted']);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ number: 1, records: 1, error: null });
    await producer.close();
  });

  it('runs the generated records in transactions too', async () => {
    const transport = new MemoryTransport({ t: 3 });
    const producer = new Producer(transport, { lingerMs: 0 });
    const ends: TransactionEnd[] = [];
    const walkThrough = new ProduceLoop({
      producer,
      topic: 't',
      ...generatedSource({ count: 7 }),
      count: 7,
      intervalMs: 0,
      transactions: { size: 3, onEnd: (end) => ends.push(end) },
    });
    expect(await walkThrough.produce()).toMatchObject({ sent: 7, delivered: 7 });
    expect(ends.map((e) => e.records)).toEqual([3, 3, 1]);
    expect(transport.committedValues('t').sort()).toEqual(
      Array.from({ length: 7 }, (_, n) => `hello world: ${n}`).sort(),
    );
    await producer.close();
  });

  it('counts the delivered records of a run that wants no report of each, and fails them one by one on an abort', async () => {
    const transport = new MemoryTransport({ t: 2 });
    transport.maxMessageBytes = 20;
    const producer = new Producer(transport, { lingerMs: 0 });
    const counted: number[] = [];
    const reports: DeliveryReport[] = [];
    const ends: TransactionEnd[] = [];
    const loop = new ProduceLoop({
      producer,
      topic: 't',
      ...generatedSource({ count: 9, value: (n) => (n === 7 ? 'x'.repeat(30) : `v${n}`) }),
      count: 9,
      intervalMs: 0,
      onDelivery: (report) => reports.push(report),
      countDelivered: { add: () => counted.push(1), addAll: (latencies) => counted.push(latencies.count) },
      transactions: { size: 4, onEnd: (end) => ends.push(end) },
    });
    expect(await loop.produce()).toMatchObject({ sent: 9, delivered: 4 + 1, failed: 4 });
    expect(transport.transactions.map((t) => t.outcome)).toEqual(['committed', 'aborted', 'committed']);
    // The committed ones as counts, not reports; where they are is still said at each end.
    expect(counted).toEqual([4, 1]);
    expect(ends.map((e) => [e.records, e.partitions.length > 0])).toEqual([
      [4, true],
      [4, false],
      [1, true],
    ]);
    expect(ends[0].partitions.reduce((sum, { first, last }) => sum + last - first + 1, 0)).toBe(4);
    // The aborted transaction: its failed record, and its three delivered ones reported failed.
    expect(reports.map((r) => r.error?.reason).sort()).toEqual([
      'MESSAGE_TOO_LARGE',
      'TRANSACTION_ABORTED',
      'TRANSACTION_ABORTED',
      'TRANSACTION_ABORTED',
    ]);
    expect(reports.every((r) => r.offset < 0 && r.topic === 't')).toBe(true);
    await producer.close();
  });
});
