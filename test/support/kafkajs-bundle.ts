// Loads kafkajs modules for unit tests, bundled as our builds carry them (patched) or as published.
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { packagePatches } from '../../scripts/package-patches.js';

// biome-ignore lint/suspicious/noExplicitAny: kafkajs's internals have no types
export type Internals = Record<string, any>;

type Complete = ('kafkajs' | 'commander')[];

/** `entry` (CommonJS, requiring kafkajs's files) bundled on kafkajs patched (every patched file of the
 * packages in `complete` required to be in it) or as published. */
export const bundleKafkajs = (entry: string, patched: boolean, complete: Complete = []) =>
  build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    plugins: patched ? [packagePatches({ complete })] : [],
  });

/** What `entry` exports, on kafkajs patched or as published. */
export async function loadKafkajs(entry: string, patched: boolean, complete: Complete = []): Promise<Internals> {
  const { outputFiles } = await bundleKafkajs(entry, patched, complete);
  const module = { exports: {} as Internals };
  new Function('module', 'exports', 'require', outputFiles[0].text)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports;
}

/** kafkajs's logger, silent. */
export const silentLogger = {
  namespace() {
    return silentLogger;
  },
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLogLevel() {},
};

/** A kafkajs Cluster of scripted brokers for a producer made with kafkajs's createProducer: topic
 * `t`, each partition led by the node `leaders` gives it, metadata always loaded. */
export function scriptedCluster(brokers: Map<number, Internals>, leaders: Record<number, number>) {
  const metadata = Object.entries(leaders).map(([partition, leader]) => ({ partitionId: Number(partition), leader }));
  const first = brokers.values().next().value;
  return {
    retry: { initialRetryTime: 10, maxRetryTime: 20 },
    connect: async () => {},
    disconnect: async () => {},
    isConnected: () => true,
    refreshMetadata: async () => {},
    refreshMetadataIfNecessary: async () => {},
    removeBroker: () => {},
    addMultipleTargetTopics: async () => {},
    targetTopics: new Set(['t']),
    findTopicPartitionMetadata: () => metadata,
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const byLeader: Record<number, number[]> = {};
      for (const p of partitions.map(Number)) byLeader[leaders[p]] = [...(byLeader[leaders[p]] ?? []), p];
      return byLeader;
    },
    // kafkajs keys a leader's partitions by node id as an object key: a string.
    findBroker: async ({ nodeId }: { nodeId: number | string }) => brokers.get(Number(nodeId)),
    findControllerBroker: async () => first,
    brokerPool: { seedBroker: first },
  };
}
