import { describe, expect, it } from 'vitest';
import { ProduceLoop, type ProducerRecord } from '../../../src/core/produce-loop.js';
import { type DeliveryReport, Producer } from '../../../src/core/producer.js';
import { slicesOf } from '../../../src/core/transport.js';
import { MemoryTransport } from '../../support/memory-transport.js';

type Item = ProducerRecord & { n: number };

const record = (n: number): Item => ({ n, headers: null, ...slicesOf(Buffer.from(`k${n}`), Buffer.from(`v${n}`)) });

/** Chunks of `size` items, counting how many chunks were pulled. */
function chunks(total: number, size: number, make: (n: number) => Item = record) {
  const pulled = { chunks: 0 };
  async function* generate() {
    for (let n = 0; n < total; n += size) {
      pulled.chunks++;
      yield Array.from({ length: Math.min(size, total - n) }, (_, i) => make(n + i));
    }
  }
  return { records: generate(), pulled };
}

function run(producer: Producer, records: AsyncIterable<Item[]>, options: { count?: number } = {}) {
  const reports: DeliveryReport[] = [];
  const loop = new ProduceLoop<Item>({
    producer,
    topic: 't',
    records,
    onDelivery: (report) => reports.push(report),
    ...options,
  });
  return { done: loop.produce(), reports };
}

describe('ProduceLoop over records read in chunks', () => {
  it('sends every record in order, each report carrying its item', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport);
    const { records } = chunks(1000, 64);
    const { done, reports } = run(producer, records);
    expect(await done).toMatchObject({ sent: 1000, delivered: 1000, failed: 0, undelivered: 0 });
    const log = transport.logs.get('t')?.[0] ?? [];
    expect(log.map((m) => m.value?.toString())).toEqual(Array.from({ length: 1000 }, (_, n) => `v${n}`));
    expect(reports.map((r) => (r.opaque as Item).n)).toEqual(Array.from({ length: 1000 }, (_, n) => n));
    await producer.close();
  });

  it('pauses reading while the queue is full, and reads on as it drains', async () => {
    const transport = new MemoryTransport({ t: 1 });
    transport.hold();
    const producer = new Producer(transport, { queueMaxMessages: 100, lingerMs: 0 });
    const { records, pulled } = chunks(1000, 10);
    const { done } = run(producer, records);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 100 queued at most: the 10 chunks that fill the queue, and the one waiting for room.
    expect(pulled.chunks).toBeLessThanOrEqual(11);
    expect(producer.length).toBe(100);
    transport.release();
    expect(await done).toMatchObject({ sent: 1000, delivered: 1000 });
    expect(pulled.chunks).toBe(100);
    await producer.close();
  });

  it('reports a record that does not parse as failed, with its item, and goes on', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport);
    const made: Item[] = [];
    const bad = (n: number): Item => {
      const item = n === 3 ? { ...record(n), problem: 'no key separator' } : record(n);
      made.push(item);
      return item;
    };
    const { records } = chunks(6, 4, bad);
    const { done, reports } = run(producer, records);
    expect(await done).toMatchObject({ sent: 6, delivered: 5, failed: 1 });
    // Its key is the report's own copy: a source may fill the record's bytes again.
    made[3].keyBytes?.fill(0);
    const failed = reports.filter((r) => r.error !== null);
    expect(
      failed.map((r) => [
        (r.opaque as Item).n,
        r.key?.toString(),
        r.error?.message,
        r.error?.reason,
        r.possiblyPersisted,
      ]),
    ).toEqual([[3, 'k3', 'no key separator', 'INVALID_RECORD', false]]);
    await producer.close();
  });

  it('stops after --count records, reading no further', async () => {
    const transport = new MemoryTransport({ t: 2 });
    const producer = new Producer(transport);
    const { records, pulled } = chunks(1000, 10);
    const { done } = run(producer, records, { count: 25 });
    expect(await done).toMatchObject({ sent: 25, delivered: 25 });
    expect(pulled.chunks).toBe(3);
    await producer.close();
  });

  it('serves reports while the input is slow to come, as a terminal is', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport, { lingerMs: 0 });
    let next: (() => void) | null = null;
    async function* typed() {
      yield [record(0)];
      await new Promise<void>((resolve) => {
        next = resolve;
      });
      yield [record(1)];
    }
    const { done, reports } = run(producer, typed());
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first line is reported before the second is typed.
    expect(reports.length).toBe(1);
    (next as unknown as () => void)();
    expect(await done).toMatchObject({ sent: 2, delivered: 2 });
    await producer.close();
  });
});
