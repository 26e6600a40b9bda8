// What the producer core needs from a Kafka client: the small interfaces behind which kafkajs sits
// (src/kafkajs/transport.ts), and which unit tests replace with an in-memory log.

import type { SimpleProduceError } from './errors.js';

/** Acknowledgements a produce request waits for: all in-sync replicas (-1), the leader (1), none (0). */
export type Acks = -1 | 0 | 1;

/** The compression codecs a batch may be written with. */
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** One record header: its name and its value (null: a header without a value). Kafka keeps a
 * record's headers in order, names repeated as often as they are given. */
export type Header = [name: Buffer, value: Buffer | null];

/** A record's key and value as where their bytes lie: the key is keyBytes[keyStart, keyEnd) (keyBytes
 * null: a null key), the value valueBytes[valueStart, valueEnd). The records of an input point into
 * the chunk they were read in: a Buffer of their own each would be two objects more for every record,
 * which the garbage collector copies and marks. */
export interface Slices {
  keyBytes: Buffer | null;
  keyStart: number;
  keyEnd: number;
  valueBytes: Buffer | null;
  valueStart: number;
  valueEnd: number;
}

/** A Buffer of its own holding bytes[start, end), or null for a null slice. */
export const sliceCopy = (bytes: Buffer | null, start: number, end: number): Buffer | null =>
  bytes === null ? null : Buffer.from(bytes.subarray(start, end));

/** Headers' names' and values' bytes: with the key and value, what a record's payload counts. */
export function headerBytes(headers: readonly Header[]): number {
  let bytes = 0;
  for (const [name, value] of headers) bytes += name.length + (value?.length ?? 0);
  return bytes;
}

/** Slices of whole Buffers (or nulls). */
export const slicesOf = (key: Buffer | null, value: Buffer | null): Slices => ({
  keyBytes: key,
  keyStart: 0,
  keyEnd: key?.length ?? 0,
  valueBytes: value,
  valueStart: 0,
  valueEnd: value?.length ?? 0,
});

/** One partition's records, to be sent as one record batch: already written as Kafka stores them
 * (magic 2, uncompressed, offset and timestamp deltas from the first record) in bytes[61, end). The
 * first 61 bytes are room for the batch's header, which the transport writes (its producer id,
 * sequence and CRC are the transport's to know). */
export interface ProduceBatch {
  topic: string;
  partition: number;
  /** How many records. */
  count: number;
  bytes: Buffer;
  end: number;
  firstTimestamp: number;
  maxTimestamp: number;
}

export interface BatchResult {
  /** Offset of the batch's first message; the others follow it in order. null when acks=0. */
  baseOffset: number | null;
  /** The broker's time when the topic uses LogAppendTime, else -1. */
  logAppendTime: number;
}

export interface TopicSpec {
  /** null: the broker's default. */
  partitions: number | null;
  replicationFactor: number | null;
}

export interface StoredRecord {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** What producing needs of a Kafka client: the Producer's. */
export interface Transport {
  connect(): Promise<void>;
  /** How many partitions the topic has; throws a SimpleProduceError('TOPIC') if it does not exist. */
  partitionCount(topic: string): Promise<number>;
  /** Writes one batch to one partition as one record batch, retrying until the deadline (a
   * performance.now() time); throws a SimpleProduceError on failure. */
  send(batch: ProduceBatch, deadline: number, onRetry?: (error: SimpleProduceError) => void): Promise<BatchResult>;
  /** The producer gave up waiting for this batch: its outcome is unknown (librdkafka's "possibly persisted"). */
  abandon(batch: ProduceBatch): void;
  close(): Promise<void>;
  /** A transactional transport's (one with a transactional id): the batches sent from here to the
   * commit or abort are one transaction. The first call registers the id (fencing any earlier
   * producer of it); throws a SimpleProduceError('FENCED') when a later one has fenced us. */
  beginTransaction?(): Promise<void>;
  /** Commits the open transaction; every batch of it must have been answered. */
  commitTransaction?(): Promise<void>;
  /** Aborts the open transaction (none of its batches becomes visible to read_committed consumers);
   * the next transaction starts a new producer epoch. */
  abortTransaction?(): Promise<void>;
}

/** What --create-topic needs. */
export interface TopicCreator {
  /** Creates the topic; fine if it exists as asked, a SimpleProduceError('TOPIC') if it exists otherwise. */
  createTopic(topic: string, spec: TopicSpec): Promise<void>;
}

/** What --verify needs. */
export interface RecordReader {
  /** The records of one partition from offset `from` to `to`, inclusive, without a consumer group;
   * a read that fails or comes back short is retried for patienceMs before it gives up (a
   * SimpleProduceError('VERIFY') when it could not read). */
  readRange(topic: string, partition: number, from: number, to: number, patienceMs?: number): Promise<StoredRecord[]>;
}
