// Topic metadata and creation: the partition count from the first producer's own metadata (a run
// whose topic exists makes no admin connection), and the admin for a topic that is missing or to be
// created.
import kafkajs, { type Admin, type ITopicConfig } from 'kafkajs';
import { SimpleProduceError } from '../core/errors.js';
import { counted } from '../core/plural.js';
import type { TopicSpec } from '../core/transport.js';
import { sleep } from './client.js';
import type { ProducerCluster, RenewableProducer } from './producers.js';

const { ConfigResourceTypes } = kafkajs;

/** How long a topic just created may take to show a leader for each partition. */
const TOPIC_READY_MS = 30_000;

const isMissing = (err: unknown) => (err as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION';

export class Topics {
  constructor(
    private readonly admin: Admin,
    private readonly producer: RenewableProducer,
    /** Connects the admin (once), its failure read as ours. */
    private readonly connectAdmin: () => Promise<void>,
    /** A kafkajs error as ours. */
    private readonly translate: (err: unknown) => SimpleProduceError,
  ) {}

  async partitionCount(topic: string): Promise<number> {
    const known = await this.producerPartitionCount(topic);
    if (known > 0) return known;
    await this.connectAdmin();
    const count = await this.fetchPartitionCount(topic);
    if (count > 0) return count;
    // A producer's metadata request creates a missing topic where the brokers allow it; kafkajs's
    // admin never asks for that, so we create it as the broker would: with its defaults.
    if (!(await this.brokersAutoCreateTopics())) {
      throw new SimpleProduceError(
        'TOPIC',
        `topic "${topic}" does not exist and the cluster does not create topics on first use (pass --create-topic)`,
      );
    }
    // The brokers may be creating it already (our producer's metadata request asked them to).
    const { partitions } = await this.createAndWait({ topic }).catch((err: unknown) => {
      throw this.translate(err);
    });
    return partitions;
  }

  /** Creates the topic; fine if it exists as asked, a SimpleProduceError('TOPIC') if it exists otherwise. */
  async create(topic: string, { partitions, replicationFactor }: TopicSpec): Promise<void> {
    await this.connectAdmin();
    const { created } = await this.createAndWait({
      topic,
      numPartitions: partitions ?? -1,
      replicationFactor: replicationFactor ?? -1,
    }).catch((err: unknown) => {
      throw new SimpleProduceError('TOPIC', `cannot create topic "${topic}": ${this.translate(err).message}`);
    });
    if (created) return;
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const have = topics[0]?.partitions ?? [];
    const rf = have[0]?.replicas.length ?? 0;
    if (
      (partitions !== null && have.length !== partitions) ||
      (replicationFactor !== null && rf !== replicationFactor)
    ) {
      throw new SimpleProduceError(
        'TOPIC',
        `topic "${topic}" already exists with ${counted(have.length, 'partition')} and replication factor ${rf}, ` +
          `not ${partitions ?? have.length} and ${replicationFactor ?? rf}`,
      );
    }
  }

  /** The topic's partitions from the first producer's own metadata, which it needs to send anyway.
   * 0 when the topic is missing. Asked while the producer gets its id, not after: the two requests
   * go together once the connection is made. The producer id's first attempt asks no Metadata, so a
   * missing topic never fails it. */
  private async producerPartitionCount(topic: string): Promise<number> {
    const cluster = this.producer.cluster();
    if (cluster === undefined) {
      throw new Error('kafkajs internals: the producer does not show its cluster (the kafkajs patches did not apply)');
    }
    const [, count] = await Promise.all([this.producer.connect(), this.lookUp(cluster, topic)]);
    return count;
  }

  private async lookUp(cluster: ProducerCluster, topic: string): Promise<number> {
    // The producer's connection (kafkajs shares a connect in progress); the producer id's request
    // then goes beside this Metadata, which it does not wait for (the transaction-coordinator patch).
    await cluster.connect();
    try {
      await cluster.addMultipleTargetTopics([topic]);
      return cluster.findTopicPartitionMetadata(topic).length;
    } catch (err) {
      if (isMissing(err)) return 0;
      throw this.translate(err);
    }
  }

  private async fetchPartitionCount(topic: string): Promise<number> {
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]?.partitions.length ?? 0;
    } catch (err) {
      if (isMissing(err)) return 0;
      throw this.translate(err);
    }
  }

  private async brokersAutoCreateTopics(): Promise<boolean> {
    try {
      const { brokers } = await this.admin.describeCluster();
      const { resources } = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.BROKER,
            name: String(brokers[0].nodeId),
            configNames: ['auto.create.topics.enable'],
          },
        ],
      });
      return resources[0]?.configEntries[0]?.configValue === 'true';
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** Creates the topic (created: false when it existed) and waits until the brokers' metadata shows
   * each of its partitions with a leader; gives its partition count. kafkajs's own wait
   * (waitForLeaders) gives up on the first UNKNOWN_TOPIC_OR_PARTITION, but in KRaft the controller
   * answers CreateTopics before every broker has learnt of the topic. */
  private async createAndWait(config: ITopicConfig): Promise<{ created: boolean; partitions: number }> {
    const created = await this.admin.createTopics({ topics: [config], waitForLeaders: false }).catch((err: unknown) => {
      if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return false;
      throw err;
    });
    const deadline = performance.now() + TOPIC_READY_MS;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [config.topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) {
          return { created, partitions: partitions.length };
        }
      } catch (err) {
        const type = (err as { type?: string }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw err;
      }
      if (performance.now() + wait > deadline) {
        throw new SimpleProduceError(
          'TOPIC',
          `topic "${config.topic}" was created but has no leader after ${TOPIC_READY_MS / 1000} s`,
        );
      }
      await sleep(wait);
    }
  }
}
