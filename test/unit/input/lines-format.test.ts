import { describe, expect, it } from 'vitest';
import { type LineFormat, parseLine } from '../../../src/input/lines-format.js';

const b = (text: string) => Buffer.from(text);
const plain: LineFormat = { keySeparator: null, headers: null, nullMarker: null };
const keyed: LineFormat = { ...plain, keySeparator: b('\t') };
const consoleDefaults = { delimiter: b('\t'), separator: b(','), keySeparator: b(':') };
const withHeaders: LineFormat = { keySeparator: b('\t'), headers: consoleDefaults, nullMarker: b('NULL') };

/** The parse as text: key, value, and headers as name=value (null as ∅). The line lies inside other
 * bytes, as it does in a chunk of the input, with separators before and after it. */
function show(line: string, format: LineFormat) {
  const before = b('\t:,|NULL\n');
  const bytes = Buffer.concat([before, b(line), b('\n\t:,|x\ty')]);
  const start = before.length;
  const parsed = parseLine(bytes, start, start + b(line).length, format);
  if ('problem' in parsed) return parsed;
  const text = (from: number, to: number) => (from === -1 ? null : bytes.toString('utf8', from, to));
  return {
    key: text(parsed.keyStart, parsed.keyEnd),
    value: text(parsed.valueStart, parsed.valueEnd),
    headers: parsed.headers?.map(([n, v]) => `${n}=${v === null ? '∅' : v}`) ?? null,
  };
}

describe('parseLine, as the console producer reads a line', () => {
  it('is all value without --key-separator, an empty line an empty value', () => {
    expect(show('a\tb', plain)).toEqual({ key: null, value: 'a\tb', headers: null });
    expect(show('', plain)).toEqual({ key: null, value: '', headers: null });
  });

  it('splits key from value at the first separator; a line without one is a problem', () => {
    expect(show('k\tv\tw', keyed)).toEqual({ key: 'k', value: 'v\tw', headers: null });
    expect(show('\t', keyed)).toEqual({ key: '', value: '', headers: null });
    expect(show('novalue', keyed)).toEqual({ problem: 'no key separator "\\t" on the line' });
    expect(show('', keyed)).toHaveProperty('problem');
  });

  it('reads headers before the key, in order, a name repeated, the null marker as a null value', () => {
    expect(show('a:1,b:NULL,a:3\tk\tv', withHeaders)).toEqual({
      key: 'k',
      value: 'v',
      headers: ['a=1', 'b=∅', 'a=3'],
    });
    expect(show('a:x:y\tk\tv', withHeaders)).toMatchObject({ headers: ['a=x:y'] });
  });

  it('drops empty headers at the end, as Java split does, and refuses an empty one between', () => {
    expect(show('a:1,,\tk\tv', withHeaders)).toMatchObject({ headers: ['a=1'] });
    expect(show('a:1,,b:2\tk\tv', withHeaders)).toEqual({ problem: 'no header key separator ":" in ""' });
    expect(show('\tk\tv', withHeaders)).toEqual({ problem: 'no header key separator ":" in ""' });
  });

  it('takes headers equal to the null marker as none, and a key or value equal to it as null', () => {
    expect(show('NULL\tNULL\tNULL', withHeaders)).toEqual({ key: null, value: null, headers: null });
    expect(show('NULL:v\tk\tv', withHeaders)).toEqual({ problem: 'a header name equals the null marker "NULL"' });
  });

  it('looks for a separator within the line only, short or long, and finds one of several bytes', () => {
    const long = 'v'.repeat(100);
    expect(show(long, keyed)).toEqual({ problem: 'no key separator "\\t" on the line' });
    expect(show(`k\t${long}`, keyed)).toEqual({ key: 'k', value: long, headers: null });
    expect(show(`${long}\t`, keyed)).toEqual({ key: long, value: '', headers: null });
    const twoBytes: LineFormat = { ...plain, keySeparator: b('::') };
    expect(show('a:b::c', twoBytes)).toEqual({ key: 'a:b', value: 'c', headers: null });
    expect(show(`a:b:${long}::c`, twoBytes)).toEqual({ key: `a:b:${long}`, value: 'c', headers: null });
    expect(show('a:', twoBytes)).toHaveProperty('problem');
    // Around the 64th byte, where the search moves from ours to Buffer#indexOf.
    for (let n = 60; n <= 68; n++) {
      const key = 'x'.repeat(n);
      expect(show(`${key}::c`, twoBytes)).toEqual({ key, value: 'c', headers: null });
      expect(show(`${key}:${long}`, twoBytes)).toHaveProperty('problem');
    }
  });

  it("writes a line's ranges into the object it is given, and returns it", () => {
    const into = { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0, headers: null };
    const bytes = b('ab\tcd');
    expect(parseLine(bytes, 0, bytes.length, keyed, into)).toBe(into);
    expect(into).toEqual({ keyStart: 0, keyEnd: 2, valueStart: 3, valueEnd: 5, headers: null });
  });

  it('refuses a line without the headers delimiter', () => {
    expect(show('a:1', withHeaders)).toEqual({ problem: 'no headers delimiter "\\t" on the line' });
  });
});
