import { describe, expect, it } from 'vitest';
import { Producer } from '../../src/producer.js';
import { SimpleProducer } from '../../src/simple-producer.js';
import { MemoryTransport } from '../support/memory-transport.js';

describe('SimpleProducer', () => {
  it("sends the seed's messages, key n and value 'hello world: n', one per interval, without drift", async () => {
    const transport = new MemoryTransport({ t: 3 });
    const producer = new Producer(transport);
    const result = await new SimpleProducer({ producer, topic: 't', count: 10, intervalMs: 20 }).produce();
    expect(result).toMatchObject({ sent: 10, delivered: 10, failed: 0, undelivered: 0 });
    const messages = (transport.logs.get('t') ?? []).flat().sort((a, b) => a.timestamp - b.timestamp);
    expect(messages.map((m) => [m.key?.toString(), m.value?.toString()])).toEqual(
      Array.from({ length: 10 }, (_, n) => [String(n), `hello world: ${n}`]),
    );
    const t0 = messages[0].timestamp;
    // Message n at start + n × interval: the last one is not 9 intervals plus the cost of each send.
    for (let n = 0; n < 10; n++) expect(Math.abs(messages[n].timestamp - (t0 + n * 20))).toBeLessThanOrEqual(15);
    // No sleep after the last message: the run ends about 9 intervals after the first.
    expect(result.elapsedMs).toBeLessThan(9 * 20 + 150);
    await producer.close();
  });

  it('counts the duration as time: 1 s at 250 ms is 4 messages', async () => {
    const transport = new MemoryTransport({ t: 1 });
    const producer = new Producer(transport);
    const result = await new SimpleProducer({ producer, topic: 't', durationMs: 1000, intervalMs: 250 }).produce();
    expect(result.sent).toBe(4);
    await producer.close();
  });

  it('on a full queue says so, waits and retries: it never drops a message', async () => {
    const transport = new MemoryTransport({ t: 2 });
    const producer = new Producer(transport, { queueMaxMessages: 5, lingerMs: 0 });
    transport.hold();
    setTimeout(() => transport.release(), 200);
    const full: number[] = [];
    const result = await new SimpleProducer({
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
