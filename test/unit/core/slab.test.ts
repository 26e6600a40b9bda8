import { describe, expect, it } from 'vitest';
import { SlabWriter } from '../../../src/core/slab.js';
import type { Slices } from '../../../src/core/transport.js';

const text = (bytes: Buffer | null, start: number, end: number) =>
  bytes === null ? null : bytes.toString('utf8', start, end);
const keyText = (s: Slices) => text(s.keyBytes, s.keyStart, s.keyEnd);
const valueText = (s: Slices) => text(s.valueBytes, s.valueStart, s.valueEnd);

describe('SlabWriter', () => {
  it('writes keys and values one after another, UTF-8, each slice its own bytes', () => {
    const writer = new SlabWriter();
    const written = Array.from({ length: 20_000 }, (_, n) => [
      n % 7 === 0 ? `ключ-${n}` : String(n),
      `hello world: ${n}`,
    ]);
    const slices = written.map(([k, v]) => writer.write(k, v));
    // Later writes (and new slabs) never touch what earlier slices point at.
    expect(slices.map((s) => [keyText(s), valueText(s)])).toEqual(written);
    expect(new Set(slices.map((s) => s.keyBytes)).size).toBeGreaterThan(1);
  });

  it('takes nulls, empty strings and a value larger than a slab', () => {
    const writer = new SlabWriter();
    const big = 'x'.repeat(200_000);
    const slices = [writer.write(null, 'v'), writer.write('', ''), writer.write('k', null), writer.write('b', big)];
    expect(slices.map((s) => [keyText(s), valueText(s)])).toEqual([
      [null, 'v'],
      ['', ''],
      ['k', null],
      ['b', big],
    ]);
  });

  it('gives the last write back on undo, so a message the queue refused leaves no gap', () => {
    const writer = new SlabWriter();
    const first = writer.write('a', 'b');
    writer.write('refused', 'message');
    writer.undo();
    const next = writer.write('c', 'd');
    expect(next.keyBytes).toBe(first.keyBytes);
    expect(next.keyStart).toBe(first.valueEnd);
    expect([keyText(first), valueText(first), keyText(next), valueText(next)]).toEqual(['a', 'b', 'c', 'd']);
  });
});
