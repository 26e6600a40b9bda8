// The one-attempt patch (src/kafkajs/patches/producer.ts) against a scripted broker: an idempotent
// producer with retries: 0 makes exactly one produce request a send and throws what it met, so the
// transport sees every attempt. kafkajs as published refuses retries: 0 when idempotent, and with its
// least, one retry, a second attempt hides the first (whose answer may have been lost).
import { describe, expect, it } from 'vitest';
import { type Internals, loadKafkajs, scriptedCluster, silentLogger } from '../../support/kafkajs-bundle.js';

const entry = `module.exports = {
  createProducer: require('kafkajs/src/producer'),
  createErrorFromCode: require('kafkajs/src/protocol/error').createErrorFromCode,
}`;

const NOT_LEADER_FOR_PARTITION = 6;

/** A one-broker cluster whose broker answers every produce request NOT_LEADER_FOR_PARTITION. */
function refusingCluster(kafkajs: Internals) {
  const requests = { produce: 0 };
  const broker = {
    nodeId: 1,
    initProducerId: async () => ({ producerId: 7, producerEpoch: 0 }),
    produce: async () => {
      requests.produce++;
      throw kafkajs.createErrorFromCode(NOT_LEADER_FOR_PARTITION);
    },
  };
  const cluster = scriptedCluster(new Map([[1, broker]]), { 0: 1 });
  return { cluster, requests };
}

async function idempotentProducer(patched: boolean, retries: number) {
  const kafkajs = await loadKafkajs(entry, patched);
  const { cluster, requests } = refusingCluster(kafkajs);
  const producer = kafkajs.createProducer({
    cluster,
    logger: silentLogger,
    idempotent: true,
    retry: { retries },
    createPartitioner: () => () => 0,
  });
  await producer.connect();
  const sent = producer.send({ topic: 't', acks: -1, messages: [{ key: 'k', value: 'v', partition: 0 }] });
  return { sent, requests };
}

describe('the one-attempt patch', () => {
  it('lets an idempotent producer make one attempt a send, and throw what the broker said (as the cause of its retries run out)', async () => {
    const { sent, requests } = await idempotentProducer(true, 0);
    await expect(sent).rejects.toMatchObject({ cause: { type: 'NOT_LEADER_FOR_PARTITION' } });
    expect(requests.produce).toBe(1);
  });

  it('is needed: kafkajs as published refuses retries: 0, and with one retry sends the batch twice', async () => {
    await expect(idempotentProducer(false, 0)).rejects.toThrow(/must allow retries/);
    const { sent, requests } = await idempotentProducer(false, 1);
    await expect(sent).rejects.toThrow();
    expect(requests.produce).toBe(2);
  });
});
