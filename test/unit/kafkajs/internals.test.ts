// Canaries: each kafkajs internal we reach into, checked on kafkajs as our bundles carry it. A
// kafkajs that moved one fails here with its name, before any run or integration test does.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchedPaths, patchSource } from '../../../scripts/package-patches.js';
import { bundleKafkajs, type Internals, loadKafkajs } from '../../support/kafkajs-bundle.js';

let kafkajs: Internals;
beforeAll(async () => {
  kafkajs = await loadKafkajs("module.exports = require('kafkajs')", true, ['kafkajs']);
});

const kafka = () => new kafkajs.Kafka({ brokers: ['127.0.0.1:9'], logLevel: kafkajs.logLevel.NOTHING });

describe('the kafkajs internals we use', () => {
  it("the producer's cluster (the transport's topic lookup): connect, addMultipleTargetTopics, findTopicPartitionMetadata", () => {
    const cluster = kafka().producer().cluster;
    expect(cluster, 'producer.cluster (patch producerCluster)').toBeDefined();
    for (const method of ['connect', 'addMultipleTargetTopics', 'findTopicPartitionMetadata']) {
      expect(typeof cluster[method], `cluster.${method}`).toBe('function');
    }
  });

  it("the Cluster factory behind Symbol('private:Kafka:createCluster') (read-back.ts), and what read-back calls on it", () => {
    const client = kafka();
    const symbol = Object.getOwnPropertySymbols(client).find((s) => s.description === 'private:Kafka:createCluster');
    expect(symbol, "Symbol('private:Kafka:createCluster') on a Kafka client").toBeDefined();
    const cluster = client[symbol as symbol]({ allowAutoTopicCreation: false });
    for (const method of [
      'connect',
      'disconnect',
      'addTargetTopic',
      'refreshMetadata',
      'findLeaderForPartitions',
      'findBroker',
    ]) {
      expect(typeof cluster[method], `Cluster.${method}`).toBe('function');
    }
  });

  it("the broker pool's seedBroker, which the eosManager patch asks for a producer id", () => {
    const cluster = kafka().producer().cluster;
    expect('seedBroker' in cluster.brokerPool, 'cluster.brokerPool.seedBroker').toBe(true);
  });

  it('an idempotent producer with no retry of its own (the transport retries each attempt), which kafkajs as published refuses', () => {
    const make = (client: Internals) => () => client.producer({ idempotent: true, retry: { retries: 0 } });
    expect(make(kafka())).not.toThrow();
    const published = createRequire(import.meta.url)('kafkajs') as Internals;
    const plain = new published.Kafka({ brokers: ['127.0.0.1:9'], logLevel: published.logLevel.NOTHING });
    expect(make(plain)).toThrow(/Idempotent producer must allow retries/);
  });
});

describe('the patches themselves', () => {
  it('fail when a change finds its code a different number of times than it expects', () => {
    expect(() => patchSource('/x/node_modules/kafkajs/src/protocol/encoder.js', 'nothing of kafkajs here')).toThrow(
      /encoder\.js has 0 of "Buffer\.alloc\(", expected 2/,
    );
    expect(patchSource('/x/node_modules/kafkajs/src/other.js', 'x')).toBeNull();
  });

  it('fail the build when a patched file of a package it must cover is not in the bundle', async () => {
    const partial = bundleKafkajs("module.exports = require('kafkajs/src/protocol/encoder')", true, ['kafkajs']);
    await expect(partial).rejects.toThrow(
      /not in the bundle, so not applied: kafkajs\/src\/producer\/groupMessagesPerPartition\.js/,
    );
  });

  it('cover kafkajs and commander only', () => {
    for (const path of patchedPaths) expect(path).toMatch(/^(kafkajs\/src|commander\/lib)\//);
  });
});
