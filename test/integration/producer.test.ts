// The producer core on kafkajs against the real cluster: every report's (key, partition, offset)
// is a record Kafka's console consumer reads back, and nothing else is there.
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { type DeliveryReport, Producer } from '../../src/core/producer.js';
import { KafkaJsTransport } from '../../src/kafkajs/transport.js';
import { consoleConsume } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

const triple = (key: string, partition: number, offset: number) => `${key}|${partition}|${offset}`;

function transport() {
  return new KafkaJsTransport({
    brokers: BOOTSTRAP.split(','),
    clientId: 'producer-test',
    acks: -1,
    idempotence: true,
    connectionTimeoutMs: 3000,
    requestTimeoutMs: 30_000,
  });
}

describe('Producer on kafkajs', () => {
  it('fails only the message larger than the topic allows, and delivers the others of its batch', async () => {
    const topic = await freshTopic(1, { 'max.message.bytes': '1000' });
    const reports: DeliveryReport[] = [];
    const producer = new Producer(transport(), { lingerMs: 50, onDelivery: (r) => reports.push(r) });
    try {
      for (let n = 0; n < 20; n++) {
        producer.produce({ topic, key: String(n), value: n === 7 ? 'x'.repeat(2000) : `hello world: ${n}` });
      }
      expect(await producer.flush(30_000)).toBe(0);
    } finally {
      await producer.close();
    }
    const failed = reports.filter((r) => r.error !== null);
    expect(failed.map((r) => [String(r.key), r.error?.reason])).toEqual([['7', 'MESSAGE_TOO_LARGE']]);
    const records = await consoleConsume(topic, 19);
    expect(records.map((r) => triple(r.key, r.partition, r.offset)).sort()).toEqual(
      reports
        .filter((r) => r.error === null)
        .map((r) => triple(String(r.key), r.partition, r.offset))
        .sort(),
    );
    expect(records).toHaveLength(19);
  });

  it('reports each message at the partition and offset where Kafka stored it', async () => {
    const topic = await freshTopic(6);
    const reports: DeliveryReport[] = [];
    const producer = new Producer(transport(), { lingerMs: 5, onDelivery: (r) => reports.push(r) });
    try {
      for (let n = 0; n < 3000; n++) {
        producer.produce({ topic, key: String(n), value: `hello world: ${n}` });
        if (n % 500 === 0) await producer.poll(0);
      }
      expect(await producer.flush(60_000)).toBe(0);
    } finally {
      await producer.close();
    }
    expect(reports.filter((r) => r.error !== null)).toEqual([]);
    expect(reports).toHaveLength(3000);
    for (const r of reports) {
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(r.timestamp).toBeGreaterThan(0);
    }
    const records = await consoleConsume(topic, 3000);
    expect(records.map((r) => triple(r.key, r.partition, r.offset)).sort()).toEqual(
      reports.map((r) => triple(String(r.key), r.partition, r.offset)).sort(),
    );
    for (const r of records) expect(r.value).toBe(`hello world: ${r.key}`);
  });
});
