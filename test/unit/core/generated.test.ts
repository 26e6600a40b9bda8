import { describe, expect, it } from 'vitest';
import { generatedRecords, numberedText, writeDigits } from '../../../src/core/generated.js';

const text = (bytes: Buffer, start: number, end: number) => bytes.toString('utf8', start, end);

describe('writeDigits', () => {
  it('writes what String(n) writes, on both sides of every power of ten and of 2^31', () => {
    const ns = [0, 1, 9, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 1e21, 123456789012];
    for (let p = 1; p <= 15; p++) ns.push(10 ** p - 1, 10 ** p, 10 ** p + 1);
    const bytes = Buffer.alloc(40, 0x2d);
    for (const n of ns) {
      const end = writeDigits(bytes, 3, n);
      expect(text(bytes, 3, end)).toBe(String(n));
      expect(bytes[2]).toBe(0x2d);
    }
  });
});

describe('generatedRecords', () => {
  it("writes the walk-through's key n and value 'hello world: n' as their strings' UTF-8", async () => {
    const seen: string[] = [];
    for await (const chunk of generatedRecords({ count: 1500, chunkSize: 512 })) {
      for (const r of chunk) {
        seen.push(
          `${text(r.keyBytes as Buffer, r.keyStart, r.keyEnd)}|${text(r.valueBytes as Buffer, r.valueStart, r.valueEnd)}`,
        );
      }
    }
    expect(seen).toHaveLength(1500);
    expect(seen[0]).toBe('0|hello world: 0');
    expect(seen[1499]).toBe('1499|hello world: 1499');
    expect(seen.every((line, n) => line === `${n}|hello world: ${n}`)).toBe(true);
  });

  it('writes numbered texts with text of any script after n, and texts that are functions of n', async () => {
    const value = numberedText('é-', ' ✓ ünï');
    const key = (n: number) => `k${'ж'.repeat(n % 3)}${n}`;
    const lines: string[] = [];
    for await (const chunk of generatedRecords({ key, value, count: 20, chunkSize: 7 })) {
      for (const r of chunk) {
        lines.push(
          `${text(r.keyBytes as Buffer, r.keyStart, r.keyEnd)}|${text(r.valueBytes as Buffer, r.valueStart, r.valueEnd)}`,
        );
      }
    }
    expect(lines).toEqual(Array.from({ length: 20 }, (_, n) => `${key(n)}|é-${n} ✓ ünï`));
    expect(value(42)).toBe('é-42 ✓ ünï');
  });
});
