import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords, type SourceRecord, sourceOf } from '../../../src/input/reader.js';

/** A key|value file of n lines, long enough to be read in several chunks. */
function file(n: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'reader-')), 'lines.txt');
  const lines = Array.from({ length: n }, (_, i) => (i % 1000 === 7 ? `no separator ${i}\n` : `k${i}|value ${i}\n`));
  writeFileSync(path, lines.join(''));
  return path;
}

const text = (bytes: Buffer | null, start: number, end: number) =>
  bytes === null ? null : bytes.toString('utf8', start, end);

async function read(reuseRecords: boolean, path: string, stdin?: { fd: number; stream?: Readable }) {
  const lines: string[] = [];
  const objects = new Set<SourceRecord>();
  let chunks = 0;
  const records = readRecords({
    inputs: [stdin === undefined ? path : '-'],
    format: 'lines',
    delimiter: null,
    line: { keySeparator: Buffer.from('|'), headers: null, nullMarker: null },
    stdin: () => stdin?.stream ?? Readable.from([]),
    stdinFd: stdin?.fd,
    reuseRecords,
  });
  for await (const chunk of records) {
    chunks++;
    for (const r of chunk) {
      objects.add(r);
      const what =
        r.problem ?? `${text(r.keyBytes, r.keyStart, r.keyEnd)}=${text(r.valueBytes, r.valueStart, r.valueEnd)}`;
      lines.push(`${r.number}:${what}:${sourceOf(r).toString()}`);
    }
  }
  return { lines, objects: objects.size, chunks };
}

describe('readRecords', () => {
  it('reads the same records whether a chunk fills the objects of the chunk before or makes its own', async () => {
    const path = file(60_000);
    const made = await read(false, path);
    const filled = await read(true, path);
    expect(made.chunks).toBeGreaterThan(3);
    expect(filled.lines).toEqual(made.lines);
    expect(made.lines[7]).toBe('8:no key separator "|" on the line:no separator 7');
    expect(made.lines[59_999]).toBe('60000:k59999=value 59999:k59999|value 59999');
    // Made: an object a record. Filled: no more objects than the largest chunk's records.
    expect(made.objects).toBe(60_000);
    expect(filled.objects).toBeLessThan(60_000 / 3);
  });

  it('reads stdin from its descriptor as it reads a file, chunk after chunk', async () => {
    const path = file(60_000);
    const fd = openSync(path, 'r');
    try {
      const fromFd = await read(true, path, { fd });
      const fromPath = await read(true, path);
      expect(fromFd.chunks).toBeGreaterThan(3);
      expect(fromFd.lines).toEqual(fromPath.lines);
    } finally {
      closeSync(fd);
    }
  });

  it('reads a stdin that is a pipe as a stream: a read of one may wait for ever', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'reader-')), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const read1 = await read(true, '', { fd, stream: Readable.from([Buffer.from('k1|v1\nk2|v2\n')]) });
      expect(read1.lines).toEqual(['1:k1=v1:k1|v1', '2:k2=v2:k2|v2']);
    } finally {
      closeSync(fd);
    }
  });
});
