import { describe, expect, it } from 'vitest';
import { type Expected, rangesToRead, verify } from '../../../src/core/verify.js';

const b = (s: string) => Buffer.from(s);
const sent = (partition: number, offset: number, key: string, value: string): Expected => ({
  partition,
  offset,
  key: b(key),
  value: b(value),
});

describe('verify', () => {
  const expected = [sent(0, 5, '1', 'v1'), sent(0, 6, '2', 'v2'), sent(3, 0, '3', 'v3')];

  it('reads each partition from its lowest to its highest reported offset', () => {
    expect([...rangesToRead(expected)]).toEqual([
      [0, { from: 5, to: 6 }],
      [3, { from: 0, to: 0 }],
    ]);
  });

  it('verifies messages found at their offsets with their key and value', () => {
    const stored = new Map([
      [0, expected.slice(0, 2)],
      [3, expected.slice(2)],
    ]);
    expect(verify(expected, stored)).toEqual({ verified: 3, expected: 3, problems: [] });
  });

  it('names a missing message, a different value and a duplicate', () => {
    const stored = new Map([
      [0, [sent(0, 5, '1', 'tampered'), sent(0, 6, '2', 'v2'), sent(0, 7, '2', 'v2')]],
      [3, []],
    ]);
    const verdict = verify(expected, stored);
    expect(verdict.verified).toBe(0);
    expect(verdict.problems).toEqual([
      'key "1": at [0] @ 5 Kafka has key "1" value "tampered", not value "v1"',
      'key "2": stored 2 times in partition 0, sent 1',
      'key "3": reported at [3] @ 0, but no record is there',
    ]);
  });
});
