// Generated records, as the Python SimpleProducer walk-through sends them: record n has the key "n"
// and the value "hello world: n", or what the --key and --value templates make of n.
import type { ProducerRecord, RecordSource } from './produce-loop.js';

export interface GeneratedOptions {
  key?: (n: number) => string;
  value?: (n: number) => string;
  /** How many records in all; null: as many as the loop takes. */
  count?: number | null;
  /** Records a chunk: 1 for a paced run (none made before its time), more at full speed. */
  chunkSize?: number;
}

/** A generated record, its number n beside its bytes. */
export interface GeneratedRecord extends ProducerRecord {
  n: number;
}

/** A key or value made of text around the record's number. Its bytes are written straight into the
 * chunk's buffer, its parts' UTF-8 copied and n's digits written, without a string a record. */
export interface NumberedText {
  (n: number): string;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
}

export function numberedText(before: string, after = ''): NumberedText {
  return Object.assign((n: number) => before + n + after, { before: Buffer.from(before), after: Buffer.from(after) });
}

const isNumbered = (text: (n: number) => string): text is NumberedText => 'before' in text && 'after' in text;

export const walkThroughKey = numberedText('');
export const walkThroughValue = numberedText('hello world: ');

function copyInto(bytes: Buffer, at: number, part: Uint8Array): number {
  for (let i = 0; i < part.length; i++) bytes[at + i] = part[i];
  return at + part.length;
}

/** n's decimal digits at `at`, as String(n) writes them; returns where they end. */
export function writeDigits(bytes: Buffer, at: number, n: number): number {
  if (n >= 2 ** 31 || n < 0 || !Number.isInteger(n)) return at + bytes.write(String(n), at, 'latin1');
  let end = at + 1;
  for (let rest = n; rest >= 10; rest = (rest / 10) | 0) end++;
  for (let i = end - 1, rest = n; i >= at; i--, rest = (rest / 10) | 0) bytes[i] = 48 + (rest % 10);
  return end;
}

/** Writes record n's key or value at `at`; returns where it ends. */
function writeText(
  bytes: Buffer,
  at: number,
  text: (n: number) => string,
  n: number,
  made: string | undefined,
): number {
  if (made !== undefined) return at + bytes.write(made, at);
  const { before, after } = text as NumberedText;
  return copyInto(bytes, writeDigits(bytes, copyInto(bytes, at, before), n), after);
}

/** The most bytes a record's key or value can take; the text made of n where it is not numbered. */
function sizeOf(text: (n: number) => string, n: number, made: (string | undefined)[], i: number): number {
  if (isNumbered(text)) return text.before.length + text.after.length + 24; // digits: at most 22 (1e21 and up)
  const s = text(n);
  made[i] = s;
  return s.length * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
}

export async function* generatedRecords(options: GeneratedOptions = {}): AsyncGenerator<GeneratedRecord[]> {
  const { key = walkThroughKey, value = walkThroughValue, count = null, chunkSize = 512 } = options;
  // One buffer for every chunk's keys and values, and one set of records, their slices, filled again
  // for each chunk: produce() copies a record's bytes before it returns, keeps nothing of the record,
  // and the next chunk is made once every record of this one is handed over.
  let bytes = Buffer.allocUnsafe(0);
  const records: GeneratedRecord[] = [];
  // The keys and values of the chunk that are not numbered texts, made once to size the buffer.
  const keys: (string | undefined)[] = [];
  const values: (string | undefined)[] = [];
  for (let n = 0; count === null || n < count; ) {
    const size = count === null ? chunkSize : Math.min(chunkSize, count - n);
    const chunk: GeneratedRecord[] = new Array(size);
    let most = 0;
    for (let i = 0; i < size; i++) most += sizeOf(key, n + i, keys, i) + sizeOf(value, n + i, values, i);
    if (bytes.length < most) bytes = Buffer.allocUnsafe(Math.max(most, 64 * 1024));
    let at = 0;
    for (let i = 0; i < size; i++, n++) {
      const keyStart = at;
      at = writeText(bytes, at, key, n, keys[i]);
      const valueStart = at;
      at = writeText(bytes, at, value, n, values[i]);
      records[i] ??= {
        n,
        headers: null,
        keyBytes: bytes,
        keyStart: 0,
        keyEnd: 0,
        valueBytes: bytes,
        valueStart: 0,
        valueEnd: 0,
      };
      const record = records[i];
      record.n = n;
      record.keyBytes = bytes;
      record.keyStart = keyStart;
      record.keyEnd = valueStart;
      record.valueBytes = bytes;
      record.valueStart = valueStart;
      record.valueEnd = at;
      chunk[i] = record;
    }
    yield chunk;
  }
}

/** The generated records of a run of `count` records (or for durationMs), paced or not. */
export function generatedSource(
  options: Omit<GeneratedOptions, 'chunkSize'> & { intervalMs?: number; durationMs?: number } = {},
): RecordSource<GeneratedRecord> {
  const { intervalMs = 0, durationMs, ...generated } = options;
  return {
    records: generatedRecords({ ...generated, chunkSize: intervalMs > 0 ? 1 : 4096 }),
    durationMs,
    // A generated record's report needs nothing of it.
    opaqueOf: () => undefined,
  };
}
