import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/input/line-splitter.js';

/** Splits `data` fed in the given pieces; the records as latin1 text. */
function split(pieces: Buffer[], delimiter: Buffer | null = null): string[] {
  const splitter = new LineSplitter(delimiter);
  const out: string[] = [];
  const emit = (bytes: Buffer, start: number, end: number) => out.push(bytes.toString('latin1', start, end));
  for (const piece of pieces) splitter.push(piece, emit);
  splitter.end(emit);
  return out;
}

/** Java's BufferedReader.readLine, written plainly: \n, \r\n and \r end a line; no empty last line. */
function readLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const cut = (data: Buffer, at: number[]) => {
  const points = [...new Set(at.map((n) => n % (data.length + 1)))].sort((a, b) => a - b);
  return [0, ...points, data.length].slice(1).map((end, i, ends) => data.subarray(i === 0 ? 0 : ends[i - 1], end));
};

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, keeps empty lines, and takes a last line without its end', () => {
    expect(split([Buffer.from('a\nb\r\nc\rd\n\ne')])).toEqual(['a', 'b', 'c', 'd', '', 'e']);
    expect(split([Buffer.from('a\n')])).toEqual(['a']);
    expect(split([Buffer.from('\n')])).toEqual(['']);
    expect(split([Buffer.from('')])).toEqual([]);
  });

  it('reads \\r\\n split across two chunks as one line end', () => {
    expect(split([Buffer.from('a\r'), Buffer.from('\nb')])).toEqual(['a', 'b']);
    expect(split([Buffer.from('a\r'), Buffer.from('\r\n')])).toEqual(['a', '']);
  });

  it('gives the lines Java reads, wherever the chunks are cut', () => {
    const alphabet = fc.constantFrom('a', 'é', '\n', '\r', '\t', '\xff');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (chars, at) => {
        const data = Buffer.from(chars.join(''), 'latin1');
        expect(split(cut(data, at))).toEqual(readLines(data.toString('latin1')));
      }),
    );
  });

  it('splits at a delimiter of several bytes, wherever the chunks are cut, \\r and \\n being data', () => {
    const delimiter = Buffer.from('||');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '|', '\n', '\r'), { maxLength: 40 }),
        fc.array(fc.nat()),
        (chars, at) => {
          const text = chars.join('');
          const expected = text.split('||');
          if (expected[expected.length - 1] === '') expected.pop();
          expect(split(cut(Buffer.from(text), at), delimiter)).toEqual(expected);
        },
      ),
    );
  });

  it('passes bytes that are not UTF-8 through unchanged', () => {
    const splitter = new LineSplitter();
    const out: Buffer[] = [];
    const take = (bytes: Buffer, start: number, end: number) => out.push(bytes.subarray(start, end));
    splitter.push(Buffer.from([0xff, 0xfe, 0x0a, 0xc3]), take);
    splitter.end(take);
    expect(out.map((b) => b.toString('hex'))).toEqual(['fffe', 'c3']);
  });
});
