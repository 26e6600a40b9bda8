// A produce request the broker wrote whose answer never came back, on the real cluster: the fault
// is put between kafkajs and its socket (Broker.prototype.produce, which the patched kafkajs of our
// bundles uses), the writing is Kafka's own, and kcat reads the log. The batch may be sent again only
// on the producer id that wrote it, where the broker knows the duplicate by its sequence numbers.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { SimpleProduceError } from '../../src/core/errors.js';
import { kafkaError } from '../../src/core/kafka-errors.js';
import type { ProduceBatch } from '../../src/core/transport.js';
import { KafkaJsTransport } from '../../src/kafkajs/transport.js';
import { batchOf } from '../support/batches.js';
import { kcatRecords } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: kafkajs's internals have no types
const Broker: any = require('kafkajs/src/broker');
const { KafkaJSConnectionError, KafkaJSProtocolError } = require('kafkajs') as typeof import('kafkajs');
const { createErrorFromCode } = require('kafkajs/src/protocol/error');
const realProduce = Broker.prototype.produce;

type Step = 'written, answer lost' | 'refused: not the leader' | 'as it is';

/** Every produce request to `topic` goes through the next step (then 'as it is'); returns the steps taken. */
function script(topic: string, steps: Step[], before: (step: Step) => void = () => {}): Step[] {
  const taken: Step[] = [];
  Broker.prototype.produce = async function (this: unknown, request: { topicData: { topic: string }[] }) {
    if (request.topicData[0]?.topic !== topic) return realProduce.call(this, request);
    const step = steps[taken.length] ?? 'as it is';
    taken.push(step);
    before(step);
    if (step === 'refused: not the leader') throw new KafkaJSProtocolError(createErrorFromCode(6));
    const response = await realProduce.call(this, request);
    if (step === 'written, answer lost') throw new KafkaJSConnectionError('Connection closed (injected)');
    return response;
  };
  return taken;
}

afterEach(() => {
  Broker.prototype.produce = realProduce;
});

function transport() {
  return new KafkaJsTransport({
    brokers: BOOTSTRAP.split(','),
    clientId: 'answer-lost-test',
    acks: -1,
    idempotence: true,
    connectionTimeoutMs: 3000,
    requestTimeoutMs: 30_000,
  });
}

const walkThroughBatch = (topic: string, from: number, count: number): ProduceBatch =>
  batchOf(
    topic,
    0,
    Array.from({ length: count }, (_, i) => ({
      key: Buffer.from(String(from + i)),
      value: Buffer.from(`hello world: ${from + i}`),
    })),
  );

const keysInLog = async (topic: string) => (await kcatRecords(topic)).map((r) => String(r.key));

describe('a produce answer lost after the broker wrote the batch', () => {
  it('is sent again on the same producer id, and the broker keeps one copy at the offset reported', async () => {
    const topic = await freshTopic(1);
    const t = transport();
    try {
      await t.partitionCount(topic);
      await t.send(walkThroughBatch(topic, 0, 5));
      const taken = script(topic, ['written, answer lost']);
      const result = await t.send(walkThroughBatch(topic, 5, 5), performance.now() + 20_000);
      // One attempt a kafkajs send(): the transport saw the lost answer and sent the batch again.
      expect(taken).toEqual(['written, answer lost', 'as it is']);
      expect(result.baseOffset).toBe(5);
    } finally {
      await t.close();
    }
    expect(await keysInLog(topic)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('fails as possibly persisted, never written twice, when the next attempt is refused and the lane has a new producer id by then', async () => {
    const topic = await freshTopic(1);
    const t = transport();
    let error: unknown;
    let taken: Step[] = [];
    try {
      await t.partitionCount(topic);
      await t.send(walkThroughBatch(topic, 0, 5));
      // Another batch of the lane's met an unknown outcome just as this one was refused: the lane
      // starts a new producer id, whose sequence numbers the broker cannot match to the first write.
      taken = script(topic, ['written, answer lost', 'refused: not the leader'], (step) => {
        if (step === 'refused: not the leader') t.abandon({ topic, partition: 0 });
      });
      error = await t.send(walkThroughBatch(topic, 5, 5), performance.now() + 20_000).then(
        () => null,
        (err: unknown) => err,
      );
    } finally {
      await t.close();
    }
    expect(await keysInLog(topic)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(taken).toEqual(['written, answer lost', 'refused: not the leader']);
    expect(error).toBeInstanceOf(SimpleProduceError);
    // The error the core reports is the lost answer's, which does not say unwritten: possibly persisted.
    expect(kafkaError((error as SimpleProduceError).reason)?.unwritten).toBeUndefined();
  });
});
