import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/core/batch.js';
import { readRecords } from '../../../src/core/record-batch.js';
import { SpareStorage } from '../../../src/core/spare-storage.js';
import { slicesOf } from '../../../src/core/transport.js';

describe('SpareStorage', () => {
  it('gives the smallest buffer large enough, and keeps the largest when it has too many', () => {
    const spare = new SpareStorage(2);
    const [small, middle, large] = [16, 64, 256].map((n) => Buffer.alloc(n));
    spare.giveBuffer(middle);
    spare.giveBuffer(small);
    spare.giveBuffer(large); // three given, two kept: the smallest goes
    expect(spare.takeBuffer(300)).toBeNull();
    expect(spare.takeBuffer(10)).toBe(middle);
    expect(spare.takeBuffer(10)).toBe(large);
    expect(spare.takeBuffer(10)).toBeNull();
  });

  it('lends a growing batch larger buffers and takes back the ones it outgrew', () => {
    const spare = new SpareStorage(8);
    const batch = new Batch<unknown>('t', 0, 0, 64, spare);
    const first = batch.bytes;
    expect(first.length).toBe(4096);
    const large = Buffer.alloc(1 << 16);
    spare.giveBuffer(large);
    const value = Buffer.alloc(100, 'v');
    for (let i = 0; i < 300; i++)
      batch.tryAppend({
        slices: slicesOf(null, value),
        headers: undefined,
        timestamp: i,
        queuedAt: i,
        payload: 100,
        opaque: i,
        callback: undefined,
      });
    // Grown past 4096 bytes and 64 records: the large buffer was taken, the first one given back.
    expect(batch.bytes).toBe(large);
    expect(spare.takeBuffer(1)).toBe(first);
    const records = readRecords(batch);
    expect(records.map((r) => r.timestamp)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(batch.opaqueOf(299)).toBe(299);
    // Released, its buffer and arrays go to a later batch.
    batch.release();
    const later = new Batch<unknown>('t', 1, 10_000, 300, spare);
    expect(later.bytes).toBe(large);
    expect(later.timestamps).toBe(batch.timestamps);
  });
});
