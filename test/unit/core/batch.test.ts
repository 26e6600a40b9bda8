import { describe, expect, it } from 'vitest';
import { type Appending, Batch } from '../../../src/core/batch.js';
import { RECORD_BATCH_HEADER_BYTES, readRecords } from '../../../src/core/record-batch.js';
import { type Header, type Slices, slicesOf } from '../../../src/core/transport.js';

const b = (text: string) => Buffer.from(text);

/** A record to append: its slices, and what else is given (none, or 0, when not). */
const appending = (slices: Slices, given: Partial<Appending<unknown>> = {}): Appending<unknown> => ({
  slices,
  headers: undefined,
  timestamp: 0,
  queuedAt: 0,
  payload: 0,
  opaque: undefined,
  callback: undefined,
  ...given,
});

function batchOf(records: [key: string | null, value: string | null, headers?: Header[]][]) {
  const batch = new Batch<unknown>('t', 0);
  records.forEach(([key, value, headers], i) => {
    const slices = slicesOf(key === null ? null : b(key), value === null ? null : b(value));
    // Its payload as the producer counts it: key, value, headers' names and values.
    const payload = [key, value, ...(headers ?? []).flat()].reduce((n, part) => n + (part?.length ?? 0), 0);
    batch.tryAppend(appending(slices, { headers, timestamp: 1000 + i * 300, queuedAt: i, payload, opaque: `o${i}` }));
  });
  return batch;
}

const texts = (records: ReturnType<typeof readRecords>) =>
  records.map((r) => [
    r.key?.toString() ?? null,
    r.value?.toString() ?? null,
    r.headers.map(([n, v]) => `${n}=${v}`),
    r.timestamp,
  ]);

describe('Batch', () => {
  const records: [string | null, string | null, Header[]?][] = [
    ['a', 'x'.repeat(200)],
    [
      null,
      'no key',
      [
        [b('h'), null],
        [b('h'), b('2')],
      ],
    ],
    ['c', null],
    ['', ''],
  ];

  it('reads back what it wrote: keys, values, headers in order, timestamps', () => {
    const batch = batchOf(records);
    expect(texts(readRecords(batch))).toEqual([
      ['a', 'x'.repeat(200), [], 1000],
      [null, 'no key', ['h=null', 'h=2'], 1300],
      ['c', null, [], 1600],
      ['', '', [], 1900],
    ]);
    expect([batch.key(1), batch.value(2), batch.opaqueOf(3), batch.payloadOf(0)]).toEqual([null, null, 'o3', 201]);
    expect(batch.size).toBe(batch.end);
    expect(batch.end).toBeGreaterThan(RECORD_BATCH_HEADER_BYTES + 200);
  });

  it('cuts out records as a batch of their own, their deltas written anew', () => {
    const batch = batchOf(records);
    const rest = batch.slice(1, 4);
    expect(rest.count).toBe(3);
    expect(rest.firstTimestamp).toBe(1300);
    expect(texts(readRecords(rest))).toEqual(texts(readRecords(batch)).slice(1));
    expect([rest.opaqueOf(0), rest.queuedAt[0], rest.payload]).toEqual(['o1', 1, 10]);
    // The offset delta of its first record is 0 again: its bytes are those of a batch made of them.
    const made = batchOf(records.slice(1));
    expect(rest.bytes.subarray(RECORD_BATCH_HEADER_BYTES, rest.end)).toEqual(
      made.bytes.subarray(RECORD_BATCH_HEADER_BYTES, made.end),
    );
  });

  it("gives back each record's opaque: numbers kept in an array of numbers, until one is not a number", () => {
    const opaques = [undefined, 7, -0, undefined, 2 ** 53, 1.5];
    const rest = [Number.NaN, 'eight', undefined, { nine: 9 }];
    const batch = new Batch<unknown>('t', 0);
    const appended: unknown[] = [];
    const append = (opaque: unknown) => {
      batch.tryAppend(appending(slicesOf(null, b('v')), { payload: 1, opaque }));
      appended.push(opaque);
    };
    for (const opaque of opaques) append(opaque);
    const numbers = (batch as unknown as { numbers: Float64Array | null }).numbers;
    expect(numbers).toBeInstanceOf(Float64Array);
    expect(appended.map((_, i) => batch.opaqueOf(i))).toEqual(opaques);
    expect(Object.is(batch.opaqueOf(2), -0)).toBe(true);
    for (const opaque of rest) append(opaque);
    expect(appended.map((_, i) => batch.opaqueOf(i))).toEqual(appended);
    expect(batch.slice(1, appended.length).opaqueOf(5)).toBe(Number.NaN);
    // Past the first capacity (64 records), as a batch grows.
    const many = new Batch<unknown>('t', 0);
    for (let i = 0; i < 200; i++)
      many.tryAppend(appending(slicesOf(null, b('v')), { payload: 1, opaque: i % 3 === 0 ? undefined : i }));
    expect(Array.from({ length: 200 }, (_, i) => many.opaqueOf(i))).toEqual(
      Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? undefined : i)),
    );
  });

  it("gives records' payloads: the batch's sum for all of them, else read from their bytes", () => {
    const batch = new Batch<unknown>('t', 0);
    const headers: Header[] = [
      [b('name'), b('value')],
      [b('n'), null],
    ];
    batch.tryAppend(appending(slicesOf(b('key'), b('value')), { payload: 8 }));
    batch.tryAppend(appending(slicesOf(null, b('v')), { headers, payload: 1 + 4 + 5 + 1 }));
    batch.tryAppend(appending(slicesOf(b(''), null)));
    expect([batch.payloadOf(0), batch.payloadOf(1), batch.payloadOf(2), batch.payloadOf(1, 3)]).toEqual([8, 11, 0, 11]);
    expect(batch.payloadOf(0, 3)).toBe(batch.payload);
    expect(batch.payload).toBe(19);
  });

  it('grows its record arrays to mostRecords at most', () => {
    const batch = new Batch<unknown>('t', 0, 0, 64, null, 100);
    for (let i = 0; i < 100; i++)
      batch.tryAppend(appending(slicesOf(null, b('v')), { timestamp: i, queuedAt: i, payload: 1 }));
    expect(batch.timestamps.length).toBe(100);
    expect(Array.from(batch.timestamps)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('takes a record that would pass maxBytes only when empty', () => {
    const batch = new Batch<unknown>('t', 0);
    const big = slicesOf(b('k'), b('v'.repeat(100)));
    expect(batch.tryAppend(appending(big, { payload: 101 }), 50)).toBe(true);
    expect(batch.tryAppend(appending(big, { payload: 101 }), 200)).toBe(false);
    expect(batch.count).toBe(1);
  });
});
