// The Java client's partitioner for keyed messages (murmur2, as kafkajs's DefaultPartitioner), chosen
// before a message is queued, so a retry can never move it to another partition.

/** Kafka's Utils.murmur2: 32-bit murmur2 with the Java client's seed, as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const tail = length & ~3;
  for (let i = 0; i < tail; i += 4) {
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
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}

/** Picks partitions: murmur2 for keyed messages, round robin for messages without a key. */
export class Partitioner {
  private next = 0;

  partition(key: Uint8Array | null, numPartitions: number): number {
    if (key !== null) return partitionForKey(key, numPartitions);
    this.next = (this.next + 1) % numPartitions;
    return this.next;
  }
}
