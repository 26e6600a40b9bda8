// One produce request per broker: the batches of every partition a broker leads that are ready while
// the event loop turns go together, as librdkafka's ProduceRequest carries all of a broker's ready
// partitions. Half the requests (two partitions a broker here) is half the brokers' work per request:
// a log append and a wake-up of each follower's fetch.
//
// kafkajs answers a request whose partitions were not all written by throwing one partition's error
// without saying whose. The batches of such a request then go again one a request, each for its own
// answer: the broker answers a batch it already wrote with that write's offsets, since an idempotent
// producer's batch carries its sequence number (kafkajs gives the partitions of a failed request
// their sequence numbers back). So only an idempotent producer's batches are sent together.
import type { Message, Producer, RecordMetadata } from 'kafkajs';
import type { Acks, BatchResult, ProduceBatch } from '../core/transport.js';
import { isBrokerRefusal } from './errors.js';
import type { PreEncodedMessage } from './patches/code/encode-records.js';
import { clusterOf, type ProducerCluster } from './producers.js';

/** A batch waiting for its request. */
interface Waiting {
  batch: ProduceBatch;
  /** How long the broker may wait for in-sync replicas, ms. */
  timeout: number;
  resolve(result: BatchResult): void;
  reject(err: unknown): void;
}

/** The failure of a batch sent alone after a request of several failed: that request may have written
 * it, whatever this answer says. */
export class AfterSharedFailure extends Error {
  constructor(readonly error: unknown) {
    super('sent alone after its request of several failed');
  }
}

/** The map's list for the key, made when it has none. */
function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** What kafkajs sends for a batch: one message that stands for its records as the producer core
 * wrote them; our record encoder puts the batch's header in front (patches/record-encoding.ts). */
export const carrierOf = (batch: ProduceBatch) =>
  ({
    partition: batch.partition,
    key: null,
    value: null,
    preEncoded: batch,
  }) satisfies PreEncodedMessage as unknown as Message;

/** A batch's result from kafkajs's answer for its partition; none with acks=0. */
export const batchResultOf = (result: RecordMetadata | undefined): BatchResult =>
  result === undefined
    ? { baseOffset: null, logAppendTime: -1 }
    : { baseOffset: Number(result.baseOffset), logAppendTime: Number(result.logAppendTime ?? -1) };

export class ProduceRequests {
  private waiting = new Map<Producer, Waiting[]>();
  private scheduled = false;

  constructor(
    private readonly acks: Acks,
    private readonly compression: number,
  ) {}

  /** Sends the batch in the next request to its partition's leader, with the others ready by then. */
  send(producer: Producer, batch: ProduceBatch, timeout: number): Promise<BatchResult> {
    return new Promise((resolve, reject) => {
      listIn(this.waiting, producer).push({ batch, timeout, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.sendWaiting);
      }
    });
  }

  private readonly sendWaiting = (): void => {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = new Map();
    for (const [producer, batches] of waiting) {
      for (const group of byLeader(producer, batches)) void this.request(producer, group, false);
    }
  };

  private async request(producer: Producer, group: Waiting[], alone: boolean): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    let timeout = Number.POSITIVE_INFINITY;
    for (const { batch, timeout: own } of group) {
      listIn(byTopic, batch.topic).push(carrierOf(batch));
      timeout = Math.min(timeout, own);
    }
    let results: RecordMetadata[];
    try {
      results = await producer.sendBatch({
        acks: this.acks,
        compression: this.compression,
        timeout,
        topicMessages: Array.from(byTopic, ([topic, messages]) => ({ topic, messages })),
      });
    } catch (err) {
      if (group.length > 1 && isBrokerRefusal(err)) {
        for (const waiting of group) void this.request(producer, [waiting], true);
      } else {
        for (const { reject } of group) reject(alone ? new AfterSharedFailure(err) : err);
      }
      return;
    }
    for (const { batch, resolve, reject } of group) {
      const result = results.find((r) => r.partition === batch.partition && r.topicName === batch.topic);
      if (result !== undefined || this.acks === 0) resolve(batchResultOf(result));
      else reject(new Error(`the broker's answer has no partition ${batch.partition} of ${batch.topic}`));
    }
  }
}

/** The batches in groups by their partition's leader (as kafkajs's metadata has it now); a partition
 * with no known leader goes in a group of its own. */
function byLeader(producer: Producer, batches: Waiting[]): Waiting[][] {
  if (batches.length === 1) return [batches];
  const cluster = clusterOf(producer);
  const groups = new Map<number, Waiting[]>();
  const alone: Waiting[][] = [];
  for (const waiting of batches) {
    const { topic, partition } = waiting.batch;
    const leader = cluster === undefined ? undefined : leaderOf(cluster, topic, partition);
    if (leader === undefined) {
      alone.push([waiting]);
      continue;
    }
    listIn(groups, leader).push(waiting);
  }
  return [...groups.values(), ...alone];
}

/** The partition's leader as the cluster's metadata has it; undefined when it has none yet (a producer
 * just connected has asked for none: kafkajs asks for the topic's as it sends). */
function leaderOf(cluster: ProducerCluster, topic: string, partition: number): number | undefined {
  try {
    return cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition)?.leader;
  } catch {
    return undefined;
  }
}
