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

export const walkThroughKey = (n: number): string => String(n);
export const walkThroughValue = (n: number): string => `hello world: ${n}`;

export async function* generatedRecords(options: GeneratedOptions = {}): AsyncGenerator<GeneratedRecord[]> {
  const { key = walkThroughKey, value = walkThroughValue, count = null, chunkSize = 512 } = options;
  // One buffer for every chunk's keys and values, the records its slices: produce() copies a record's
  // bytes before it returns, and the next chunk is made once every record of this one is handed over.
  let bytes = Buffer.allocUnsafe(0);
  for (let n = 0; count === null || n < count; ) {
    const size = count === null ? chunkSize : Math.min(chunkSize, count - n);
    const chunk: GeneratedRecord[] = new Array(size);
    const keys: string[] = new Array(size);
    const values: string[] = new Array(size);
    let most = 0;
    for (let i = 0; i < size; i++) {
      keys[i] = key(n + i);
      values[i] = value(n + i);
      most += (keys[i].length + values[i].length) * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
    }
    if (bytes.length < most) bytes = Buffer.allocUnsafe(Math.max(most, 64 * 1024));
    let at = 0;
    for (let i = 0; i < size; i++, n++) {
      const keyStart = at;
      at += bytes.write(keys[i], at);
      const valueStart = at;
      at += bytes.write(values[i], at);
      chunk[i] = {
        n,
        headers: null,
        keyBytes: bytes,
        keyStart,
        keyEnd: valueStart,
        valueBytes: bytes,
        valueStart,
        valueEnd: at,
      };
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
