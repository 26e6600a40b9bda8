import { describe, expect, it, vi } from 'vitest';
import { generatedSource } from '../../../src/core/generated.js';
import { ProduceLoop, type ProduceLoopOptions } from '../../../src/core/produce-loop.js';
import { Producer } from '../../../src/core/producer.js';
import { MemoryTransport } from '../../support/memory-transport.js';

type Options = Omit<ProduceLoopOptions<never>, 'records'>;

/** The loop over the walk-through's generated records, as many or for as long as the options say. */
const walkThrough = ({ count, intervalMs, durationMs, ...rest }: Options) =>
  new ProduceLoop({ ...rest, ...generatedSource({ count, intervalMs, durationMs }), count, intervalMs });

describe('ProduceLoop over generated records', () => {
  it('counts delivered records without a report each when the run counts them, without a transaction', async () => {
    const transport = new MemoryTransport({ t: 3 });
    const producer = new Producer(transport);
    const reports: unknown[] = [];
    const latencies: number[] = [];
    const result = await walkThrough({
      producer,
      topic: 't',
      count: 5000,
      onDelivery: (report) => reports.push(report),
      countDelivered: { add: (ms) => latencies.push(ms), addAll: () => reports.push('addAll') },
    }).produce();
    expect(result).toMatchObject({ sent: 5000, delivered: 5000, failed: 0, undelivered: 0 });
    expect(reports).toEqual([]);
    expect(latencies).toHaveLength(5000);
    expect((transport.logs.get('t') ?? []).flat()).toHaveLength(5000);
    await producer.close();
  });

  it("sends the walk-through's messages, key n and value 'hello world: n', one per interval, without drift", async () => {
    // Fake clocks: each produce() costs 7 ms of (fake) time, so a loop that slept a whole interval
    // after each message would drift by 7 ms a message; a fixed-rate loop does not drift at all.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'performance', 'Date'],
    });
    try {
      const transport = new MemoryTransport({ t: 3 });
      const producer = new Producer(transport);
      const produce = producer.produce.bind(producer);
      producer.produce = (request) => {
        produce(request);
        vi.advanceTimersByTime(7);
      };
      const run = walkThrough({ producer, topic: 't', count: 10, intervalMs: 20 }).produce();
      await vi.advanceTimersByTimeAsync(1000);
      const result = await run;
      expect(result).toMatchObject({ sent: 10, delivered: 10, failed: 0, undelivered: 0 });
      const messages = (transport.logs.get('t') ?? []).flat().sort((a, b) => a.timestamp - b.timestamp);
      expect(messages.map((m) => [m.key?.toString(), m.value?.toString()])).toEqual(
        Array.from({ length: 10 }, (_, n) => [String(n), `hello world: ${n}`]),
      );
      const t0 = messages[0].timestamp;
      expect(messages.map((m) => m.timestamp - t0)).toEqual(Array.from({ length: 10 }, (_, n) => n * 20));
      // No sleep after the last message: the loop ends with it (then a flush that takes the linger).
      expect(result.elapsedMs).toBeLessThan(9 * 20 + 7 + 20);
      await producer.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts the duration as time: 1 s at 250 ms is 4 messages', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport);
    const result = await walkThrough({ producer, topic: 't', durationMs: 1000, intervalMs: 250 }).produce();
    expect(result.sent).toBe(4);
    await producer.close();
  });

  it('on a full queue says so, waits and retries: it never drops a message', async () => {
    const transport = new MemoryTransport({ t: 2 });
    const producer = new Producer(transport, { queueMaxMessages: 5, lingerMs: 0 });
    transport.hold();
    setTimeout(() => transport.release(), 200);
    const full: number[] = [];
    const result = await walkThrough({
      producer,
      topic: 't',
      count: 20,
      intervalMs: 0,
      onQueueFull: (queued) => full.push(queued),
    }).produce();
    expect(full.length).toBeGreaterThan(0);
    expect(full[0]).toBe(5);
    expect(result).toMatchObject({ sent: 20, delivered: 20, failed: 0 });
    expect((transport.logs.get('t') ?? []).flat()).toHaveLength(20);
    await producer.close();
  });
});
