// Where a message goes, chosen before it is queued, so a retry can never move it to another
// partition: murmur2 (the Java client's placement of keyed messages, our default), or librdkafka's
// consistent_random (its default, so kcat's and confluent-kafka's) and random, as rdkafka_msg.c has them.

/** Kafka's Utils.murmur2: 32-bit murmur2 with the Java client's seed, as a signed 32-bit integer, of
 * data[start, end) (a key where it lies, without a Buffer made for it). */
export function murmur2(data: Uint8Array, start = 0, end = data.length): number {
  const m = 0x5bd1e995;
  const length = end - start;
  let h = 0x9747b28c ^ length;
  const tail = start + (length & ~3);
  for (let i = start; i < tail; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: murmur2 folds the tail bytes in by falling through
    case 3:
      h ^= data[tail + 2] << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: as above
    case 2:
      h ^= data[tail + 1] << 8;
    case 1:
      h ^= data[tail];
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Utils.toPositive(murmur2(key)) % numPartitions, the Java client's partition for a keyed message. */
export function partitionForKey(key: Uint8Array, numPartitions: number, start = 0, end = key.length): number {
  return (murmur2(key, start, end) & 0x7fffffff) % numPartitions;
}

export const PARTITIONERS = ['murmur2', 'consistent_random', 'random'] as const;
export type PartitionerName = (typeof PARTITIONERS)[number];

/** CRC-32's table, made on first use: only consistent_random needs it, and making it is some 1 ms of
 * a one-message run's start-up. */
let crcTable: Uint32Array | null = null;

function makeCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE, zlib's; librdkafka's rd_crc32), unsigned. Node's zlib.crc32 is 22.2 and 20.15 on. */
export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  crcTable ??= makeCrcTable();
  const table = crcTable;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** librdkafka's sticky.partitioning.linger.ms default: keyless messages share a partition this long. */
const STICKY_MS = 10;

const randomPartition = (numPartitions: number) => Math.floor(Math.random() * numPartitions);

/** Picks partitions by one of PARTITIONERS. Keyless messages: round robin with murmur2 (as before);
 * with consistent_random, a null or empty key goes to a random partition that is kept for 10 ms
 * (librdkafka's sticky partitioner); random picks at random for every message. */
export class Partitioner {
  private next = 0;
  private sticky = -1;
  private stickySince = 0;

  constructor(readonly name: PartitionerName = 'murmur2') {}

  /** The partition of a message whose key is key[start, end) (null: no key). */
  partition(key: Uint8Array | null, numPartitions: number, start = 0, end = key?.length ?? 0): number {
    switch (this.name) {
      case 'random':
        return randomPartition(numPartitions);
      case 'consistent_random':
        return key === null || end === start
          ? this.stickyPartition(numPartitions)
          : crc32(key, start, end) % numPartitions;
      default:
        if (key !== null) return partitionForKey(key, numPartitions, start, end);
        this.next = (this.next + 1) % numPartitions;
        return this.next;
    }
  }

  private stickyPartition(numPartitions: number): number {
    const now = performance.now();
    if (this.sticky < 0 || this.sticky >= numPartitions || now - this.stickySince >= STICKY_MS) {
      this.sticky = randomPartition(numPartitions);
      this.stickySince = now;
    }
    return this.sticky;
  }
}
