// --verify: every delivered message must be in its partition exactly once, at its reported offset,
// with its key and value. Pure: the records are read elsewhere (src/kafkajs/read-back.ts).
import { counted } from './plural.js';
import type { StoredRecord } from './transport.js';

export interface Expected {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface Verdict {
  verified: number;
  expected: number;
  problems: string[];
}

const text = (b: Buffer | null) => (b === null ? 'null' : JSON.stringify(b.toString()));
const same = (a: Buffer | null, b: Buffer | null) => (a === null ? b === null : b !== null && a.equals(b));

/** Offsets to read per partition: from the lowest to the highest reported offset. */
export function rangesToRead(expected: readonly Expected[]): Map<number, { from: number; to: number }> {
  const ranges = new Map<number, { from: number; to: number }>();
  for (const { partition, offset } of expected) {
    const range = ranges.get(partition);
    if (range === undefined) ranges.set(partition, { from: offset, to: offset });
    else {
      range.from = Math.min(range.from, offset);
      range.to = Math.max(range.to, offset);
    }
  }
  return ranges;
}

export function verify(expected: readonly Expected[], stored: Map<number, StoredRecord[]>): Verdict {
  const problems: string[] = [];
  let verified = 0;
  const atOffset = new Map<string, StoredRecord>();
  const copies = new Map<string, number>();
  for (const [partition, records] of stored) {
    for (const r of records) {
      atOffset.set(`${partition}@${r.offset}`, r);
      const content = `${partition}|${text(r.key)}|${text(r.value)}`;
      copies.set(content, (copies.get(content) ?? 0) + 1);
    }
  }
  // The same content may be sent several times on purpose (a constant --value); more copies than sends is a duplicate.
  const sends = new Map<string, number>();
  for (const e of expected) {
    const content = `${e.partition}|${text(e.key)}|${text(e.value)}`;
    sends.set(content, (sends.get(content) ?? 0) + 1);
  }
  for (const e of expected) {
    const where = `[${e.partition}] @ ${e.offset}`;
    const record = atOffset.get(`${e.partition}@${e.offset}`);
    if (record === undefined) {
      problems.push(`key ${text(e.key)}: reported at ${where}, but no record is there`);
    } else if (!same(record.key, e.key) || !same(record.value, e.value)) {
      problems.push(
        `key ${text(e.key)}: at ${where} Kafka has key ${text(record.key)} value ${text(record.value)}, not value ${text(e.value)}`,
      );
    } else {
      const content = `${e.partition}|${text(e.key)}|${text(e.value)}`;
      const n = copies.get(content) ?? 0;
      const sent = sends.get(content) ?? 1;
      if (n > sent)
        problems.push(`key ${text(e.key)}: stored ${counted(n, 'time')} in partition ${e.partition}, sent ${sent}`);
      else verified++;
    }
  }
  return { verified, expected: expected.length, problems };
}
