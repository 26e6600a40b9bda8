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
  for (let n = 0; count === null || n < count; ) {
    const size = count === null ? chunkSize : Math.min(chunkSize, count - n);
    const chunk: GeneratedRecord[] = new Array(size);
    // The chunk's keys and values are written into one buffer, the records its slices: a Buffer a key
    // and a value would be two objects more a record for the garbage collector.
    const keys: string[] = new Array(size);
    const values: string[] = new Array(size);
    let bytesOfChunk = 0;
    for (let i = 0; i < size; i++) {
      keys[i] = key(n + i);
      values[i] = value(n + i);
      bytesOfChunk += Buffer.byteLength(keys[i]) + Buffer.byteLength(values[i]);
    }
    const bytes = Buffer.allocUnsafe(bytesOfChunk);
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
    records: generatedRecords({ ...generated, chunkSize: intervalMs > 0 ? 1 : 512 }),
    durationMs,
    // A generated record's report needs nothing of it.
    opaqueOf: () => undefined,
  };
}
