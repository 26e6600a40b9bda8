import { describe, expect, it } from 'vitest';
import { crc32, murmur2, Partitioner, partitionForKey } from '../../../src/core/partitioner.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('murmur2', () => {
  // The vectors of Apache Kafka's UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%j) is %d, as in the Java client', (key, hash) => {
    expect(murmur2(bytes(key))).toBe(hash);
  });
});

describe('partitionForKey', () => {
  it('is toPositive(murmur2) modulo the partition count', () => {
    // Partitions the Java client gives the walk-through's keys on 6 partitions (BuiltInPartitioner.partitionForKey,
    // run through test/support/JavaPartition.java against the cluster's kafka-clients jar).
    const java6 = { '0': 2, '1': 3, '2': 2, '3': 5, '4': 1 };
    for (const [key, partition] of Object.entries(java6)) expect(partitionForKey(bytes(key), 6)).toBe(partition);
  });

  it('never returns a negative partition, even for keys whose hash is negative', () => {
    expect(murmur2(bytes('21'))).toBeLessThan(0);
    expect(partitionForKey(bytes('21'), 7)).toBe((-973932308 & 0x7fffffff) % 7);
  });
});

describe('a key where it lies in a larger buffer (an input chunk)', () => {
  it('hashes and places as the key alone, with each partitioner', () => {
    const keys = ['', '0', '21', 'abc', 'foobar', 'a-little-bit-longer-string', 'ключ'];
    const chunk = Buffer.from(keys.map((k) => `|${k}|`).join('\n'));
    let at = 0;
    for (const key of keys) {
      const start = at + 1;
      const end = start + bytes(key).length;
      at = end + 2;
      expect(murmur2(chunk, start, end), key).toBe(murmur2(bytes(key)));
      expect(crc32(chunk, start, end), key).toBe(crc32(bytes(key)));
      expect(partitionForKey(chunk, 7, start, end), key).toBe(partitionForKey(bytes(key), 7));
      if (key !== '') {
        expect(new Partitioner('consistent_random').partition(chunk, 6, start, end)).toBe(crc32(bytes(key)) % 6);
      }
      expect(new Partitioner().partition(chunk, 6, start, end)).toBe(partitionForKey(bytes(key), 6));
    }
  });
});

describe('Partitioner', () => {
  it('spreads messages without a key over every partition', () => {
    const p = new Partitioner();
    const seen = new Set(Array.from({ length: 6 }, () => p.partition(null, 3)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});

describe('crc32 and consistent_random, as librdkafka places keys', () => {
  it('is the IEEE CRC-32 that zlib computes', async () => {
    const zlib = await import('node:zlib');
    const keys = ['', '0', 'hello world: 1', 'ключ', 'x'.repeat(1000)].map(bytes);
    keys.push(Buffer.from([0, 255, 128]));
    for (const key of keys) expect(crc32(key)).toBe((zlib as unknown as { crc32(b: Buffer): number }).crc32(key));
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
  });

  it('puts a keyed message at crc32(key) % partitions', () => {
    const p = new Partitioner('consistent_random');
    for (const key of ['0', '1', '2', 'order-17']) expect(p.partition(bytes(key), 6)).toBe(crc32(bytes(key)) % 6);
  });

  it('keeps null and empty keys on one random partition for a while (the sticky partitioner), as librdkafka', () => {
    const p = new Partitioner('consistent_random');
    const first = p.partition(null, 6);
    expect(p.partition(Buffer.alloc(0), 6)).toBe(first);
    expect(p.partition(null, 6)).toBe(first);
  });

  it('random picks every partition, for keyed messages too', () => {
    const p = new Partitioner('random');
    const seen = new Set(Array.from({ length: 600 }, () => p.partition(bytes('same'), 6)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
