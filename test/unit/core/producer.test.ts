import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { QueueFullError, SimpleProduceError } from '../../../src/core/errors.js';
import { partitionForKey } from '../../../src/core/partitioner.js';
import { type DeliveryReport, OFFSET_INVALID, Producer } from '../../../src/core/producer.js';
import { type Header, slicesOf } from '../../../src/core/transport.js';
import { MemoryTransport } from '../../support/memory-transport.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fake clocks for this test: the linger's timers and performance.now() move only when the test
 * moves them, by the returned function. */
function fakeClock(): (ms: number) => Promise<unknown> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  return (ms) => vi.advanceTimersByTimeAsync(ms);
}

function setup(options: ConstructorParameters<typeof Producer>[1] = {}) {
  const transport = new MemoryTransport({ t: 6 });
  const reports: DeliveryReport[] = [];
  const producer = new Producer(transport, { onDelivery: (r) => reports.push(r), ...options });
  return { transport, producer, reports };
}

describe('Producer', () => {
  it('returns from produce() at once and reports only when poll() or flush() serves', async () => {
    const advance = fakeClock();
    const { producer, reports } = setup({ lingerMs: 1 });
    producer.produce({ topic: 't', key: '1', value: 'hello world: 1' });
    expect(producer.length).toBe(1);
    await advance(50);
    expect(reports).toHaveLength(0);
    expect(producer.length).toBe(1);
    expect(await producer.poll(0)).toBe(1);
    expect(reports).toHaveLength(1);
    expect(producer.length).toBe(0);
    await producer.close();
  });

  it("reports the partition murmur2 chose and each message's true offset, baseOffset + index", async () => {
    const { producer, reports, transport } = setup({ lingerMs: 20 });
    for (let n = 0; n < 30; n++) producer.produce({ topic: 't', key: String(n), value: `hello world: ${n}` });
    expect(await producer.flush(5000)).toBe(0);
    expect(reports).toHaveLength(30);
    for (const r of reports) {
      expect(r.error).toBeNull();
      expect(r.partition).toBe(partitionForKey(r.key as Buffer, 6));
      // The message really sits at that offset of that partition.
      expect(transport.logs.get('t')?.[r.partition][r.offset].value?.toString()).toBe(r.value?.toString());
    }
    await producer.close();
  });

  it('batches what arrives within the linger into one request per partition', async () => {
    const advance = fakeClock();
    const { producer, transport } = setup({ lingerMs: 50 });
    for (let n = 0; n < 10; n++) producer.produce({ topic: 't', key: 'same', value: String(n) });
    await advance(49);
    expect(transport.batches).toHaveLength(0);
    await advance(1);
    expect(transport.batches).toHaveLength(1);
    expect(transport.batches[0].count).toBe(10);
    await producer.flush(1000);
    await producer.close();
  });

  it('sends a full batch without waiting for the linger', async () => {
    const advance = fakeClock();
    const { producer, transport } = setup({ lingerMs: 60_000, batchMaxMessages: 4 });
    for (let n = 0; n < 4; n++) producer.produce({ topic: 't', key: 'k', value: String(n) });
    await advance(0);
    expect(transport.batches.map((b) => b.count)).toEqual([4]);
    await producer.flush(1000);
    await producer.close();
  });

  it('fills the queue when nobody polls, as librdkafka does, and takes messages again after poll()', async () => {
    const { producer } = setup({ lingerMs: 0, queueMaxMessages: 3 });
    for (let n = 0; n < 3; n++) producer.produce({ topic: 't', key: String(n), value: 'v' });
    await sleep(50); // all three are acknowledged by now, but their reports are not served
    expect(() => producer.produce({ topic: 't', key: '3', value: 'v' })).toThrow(QueueFullError);
    expect(await producer.poll(0)).toBe(3);
    expect(() => producer.produce({ topic: 't', key: '3', value: 'v' })).not.toThrow();
    await producer.flush(1000);
    await producer.close();
  });

  it('bounds the queue by bytes too, as librdkafka does, though a message alone always fits', async () => {
    const { producer } = setup({ lingerMs: 0, queueMaxBytes: 100 });
    producer.produce({ topic: 't', key: null, value: 'x'.repeat(60) });
    expect(() => producer.produce({ topic: 't', key: null, value: 'x'.repeat(41) })).toThrow(QueueFullError);
    producer.produce({ topic: 't', key: null, value: 'x'.repeat(40) });
    await producer.flush(1000);
    producer.produce({ topic: 't', key: null, value: 'x'.repeat(500) });
    expect(await producer.flush(1000)).toBe(0);
    await producer.close();
  });

  it('keeps one batch in flight per partition, so order holds and later messages wait', async () => {
    const { producer, transport, reports } = setup({ lingerMs: 0 });
    transport.hold();
    producer.produce({ topic: 't', key: 'k', value: 'a' });
    await sleep(10);
    producer.produce({ topic: 't', key: 'k', value: 'b' });
    await sleep(10);
    expect(transport.batches).toHaveLength(1);
    transport.release();
    expect(await producer.flush(1000)).toBe(0);
    expect(reports.map((r) => [r.value?.toString(), r.offset])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    await producer.close();
  });

  it('returns from flush() with the count still outstanding when the time is up', async () => {
    const { producer, transport } = setup({ lingerMs: 0 });
    transport.hold();
    producer.produce({ topic: 't', key: 'k', value: 'a' });
    producer.produce({ topic: 't', key: 'j', value: 'b' });
    expect(await producer.flush(50)).toBe(2);
    transport.release();
    expect(await producer.flush(1000)).toBe(0);
    await producer.close();
  });

  it("reports every message of a failed batch failed, with the broker's reason", async () => {
    const { producer, transport, reports } = setup({ lingerMs: 5 });
    transport.failNext(new SimpleProduceError('DELIVERY', 'MESSAGE_TOO_LARGE: too large'));
    producer.produce({ topic: 't', key: 'k', value: 'a' });
    producer.produce({ topic: 't', key: 'k', value: 'b' });
    await producer.flush(1000);
    expect(reports.map((r) => r.error?.message)).toEqual([
      'MESSAGE_TOO_LARGE: too large',
      'MESSAGE_TOO_LARGE: too large',
    ]);
    expect(reports.every((r) => r.offset === OFFSET_INVALID)).toBe(true);
    await producer.close();
  });

  it('reports every message within its delivery timeout, queued or in flight, even if the broker never answers', async () => {
    const advance = fakeClock();
    const { producer, transport, reports } = setup({ lingerMs: 0, deliveryTimeoutMs: 100 });
    transport.hold();
    producer.produce({ topic: 't', key: 'k', value: 'in flight' });
    await advance(5);
    producer.produce({ topic: 't', key: 'k', value: 'queued' });
    const started = performance.now();
    const flushed = producer.flush(1000);
    await advance(200);
    expect(await flushed).toBe(0);
    // Reported by the 100 ms delivery timeout, well before the flush's own 1000 ms would end it.
    expect(performance.now() - started).toBeLessThan(600);
    expect(reports.map((r) => [r.value?.toString(), r.error?.reason])).toEqual([
      ['in flight', 'MSG_TIMED_OUT'],
      ['queued', 'MSG_TIMED_OUT'],
    ]);
    expect(reports[0].error?.message).toContain('the broker may have written it');
    // The transport is told, so the idempotent producer does not reuse that batch's sequence numbers.
    expect(transport.abandoned).toBeGreaterThanOrEqual(1);
    transport.release(); // a late answer is not reported a second time
    await advance(20);
    expect(await producer.poll(0)).toBe(0);
    await producer.close();
  });

  it('fails only the message too large for the topic when the broker refuses its batch, and delivers the rest', async () => {
    const { producer, transport, reports } = setup({ lingerMs: 20 });
    transport.maxMessageBytes = 10;
    for (const value of ['a', 'b', 'x'.repeat(11), 'c', 'd']) producer.produce({ topic: 't', key: 'k', value });
    expect(await producer.flush(1000)).toBe(0);
    expect(reports.map((r) => [r.value?.toString().slice(0, 1), r.error?.reason ?? r.offset])).toEqual([
      ['a', 0],
      ['b', 1],
      ['x', 'MESSAGE_TOO_LARGE'],
      ['c', 2],
      ['d', 3],
    ]);
    await producer.close();
  });

  it('counts a delivered message whose callback counts, with its latency, and reports only the failed ones', async () => {
    const { producer, transport, reports } = setup({ lingerMs: 20 });
    transport.maxMessageBytes = 10;
    const latencies: number[] = [];
    const onDelivery = Object.assign((r: DeliveryReport) => reports.push(r), {
      counted: (ms: number) => latencies.push(ms),
    });
    for (const value of ['a', 'b', 'x'.repeat(11), 'c']) producer.produce({ topic: 't', key: 'k', value, onDelivery });
    expect(await producer.flush(1000)).toBe(0);
    expect(reports.map((r) => [r.value?.toString(), r.error?.reason])).toEqual([['x'.repeat(11), 'MESSAGE_TOO_LARGE']]);
    expect(latencies).toHaveLength(3);
    for (const ms of latencies) expect(ms).toBeGreaterThanOrEqual(0);
    expect(producer.length).toBe(0);
    // They were delivered all the same.
    const partition = reports[0].partition;
    expect(transport.logs.get('t')?.[partition].map((m) => m.value?.toString())).toEqual(['a', 'b', 'c']);
    await producer.close();
  });

  it('sends a refused batch again in halves, not a message at a time: 16 messages, one too large', async () => {
    const { producer, transport, reports } = setup({ lingerMs: 20 });
    transport.maxMessageBytes = 10;
    const values = Array.from({ length: 16 }, (_, i) => (i === 5 ? 'x'.repeat(11) : `v${i}`));
    for (const value of values) producer.produce({ topic: 't', key: 'k', value });
    expect(await producer.flush(1000)).toBe(0);
    // 16 refused; their first 8 refused; 0-3 delivered; 4-7 refused; 4-5 refused; 4 delivered, 5 (the
    // culprit) refused alone; then the halves left, 6-7 and 8-15: 9 sends, where one at a time made 24.
    expect(transport.batches.map((b) => b.count)).toEqual([16, 8, 4, 4, 2, 1, 1, 2, 8]);
    expect(reports.filter((r) => r.error !== null).map((r) => r.value?.toString())).toEqual(['x'.repeat(11)]);
    expect(reports.filter((r) => r.error === null).map((r) => r.offset)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
    await producer.close();
  });

  it('writes a later batch into the storage of one whose reports were served delivered, when asked to', async () => {
    for (const reuseBuffers of [true, false]) {
      const keys: string[] = [];
      const { producer, transport } = setup({ lingerMs: 0, reuseBuffers, onDelivery: (r) => keys.push(String(r.key)) });
      for (const round of [0, 1]) {
        for (let i = 0; i < 5; i++) producer.produce({ topic: 't', partition: 0, key: `${round}.${i}`, value: 'v' });
        expect(await producer.flush(1000)).toBe(0);
      }
      const [first, second] = transport.batches.map((b) => b.bytes);
      expect(first === second, `reuseBuffers ${reuseBuffers}`).toBe(reuseBuffers);
      // And into its records' numbers (when each was produced, its CreateTime).
      const [a, b] = transport.batches.map((batch) => (batch as unknown as { timestamps: Float64Array }).timestamps);
      expect(a instanceof Float64Array && a === b, `reuseBuffers ${reuseBuffers}`).toBe(reuseBuffers);
      // Each report's key, read in its callback, is its own.
      expect(keys).toEqual(['0.0', '0.1', '0.2', '0.3', '0.4', '1.0', '1.1', '1.2', '1.3', '1.4']);
      await producer.close();
    }
  });

  it('has copied a message by the time produce() returns, even one that waits for its topic', async () => {
    const { producer, transport, reports } = setup({ lingerMs: 0 });
    const chunk = Buffer.from('k1v1');
    const header: Header = [Buffer.from('h'), chunk.subarray(2, 4)];
    // The topic's partition count is not known yet: the message waits for it.
    producer.produce({
      topic: 't',
      partition: 1,
      slices: { ...slicesOf(chunk, chunk), keyEnd: 2, valueStart: 2 },
      headers: [header],
    });
    chunk.fill(0);
    expect(await producer.flush(1000)).toBe(0);
    const [record] = transport.logs.get('t')?.[1] ?? [];
    expect([String(record.key), String(record.value), String(record.headers[0][1])]).toEqual(['k1', 'v1', 'v1']);
    expect(reports[0].error).toBeNull();
    await producer.close();
  });

  it('fails messages to a topic that does not exist', async () => {
    const { producer, reports } = setup();
    producer.produce({ topic: 'missing', key: 'k', value: 'v' });
    await producer.flush(1000);
    expect(reports[0].error?.kind).toBe('TOPIC');
    await expect(producer.prepareTopic('missing')).rejects.toThrow('does not exist');
    await producer.close();
  });

  it('honours an explicit partition, and refuses one the topic does not have', async () => {
    const { producer, reports } = setup();
    producer.produce({ topic: 't', key: 'k', value: 'v', partition: 4 });
    producer.produce({ topic: 't', key: 'k', value: 'v', partition: 6 });
    await producer.flush(1000);
    expect(reports.map((r) => [r.partition, r.error?.message ?? null])).toEqual([
      [6, 'Local: Unknown partition 6'],
      [4, null],
    ]);
    await producer.close();
  });
});
