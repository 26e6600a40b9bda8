// Kafka's records (magic 2) as bytes: each record written once, when it is produced, behind the room
// its batch's header takes, and read back from there for a report's key and value. A record is
//   length, attributes (0), timestamp delta, offset delta, key, value, headers
// with zig-zag varints for lengths and deltas, and -1 for a null key, value or header value.
import type { Header, Slices } from './transport.js';

/** A record batch's header (base offset to records count), which the transport writes in front. */
export const RECORD_BATCH_HEADER_BYTES = 61;

/** The bytes of n as a zig-zag varint. */
export function varintBytes(n: number): number {
  let zigzag = n >= 0 ? n * 2 : -n * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes++;
  }
  return bytes;
}

/** Writes n as a zig-zag varint at `at`; returns where the next byte goes. */
function writeVarint(buf: Buffer, at: number, n: number): number {
  let zigzag = n >= 0 ? n * 2 : -n * 2 - 1;
  while (zigzag >= 128) {
    buf[at++] = (zigzag & 127) | 128;
    zigzag = zigzag > 0x7fffffff ? Math.floor(zigzag / 128) : zigzag >>> 7;
  }
  buf[at++] = zigzag;
  return at;
}

/** Where readVarint stopped: the byte after the varint it read. */
let readEnd = 0;

function readVarint(buf: Buffer, at: number): number {
  let zigzag = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[at++];
    zigzag += (byte & 127) * scale;
    if (byte < 128) break;
    scale *= 128;
  }
  readEnd = at;
  return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
}

const sliceBytes = (bytes: Buffer | null, start: number, end: number) =>
  bytes === null ? 1 : varintBytes(end - start) + end - start;

/** The bytes of one record's body (all but its length varint). */
export function recordBodyBytes(
  record: Slices,
  headers: Header[] | undefined,
  offsetDelta: number,
  timestampDelta: number,
): number {
  let body =
    1 +
    varintBytes(timestampDelta) +
    varintBytes(offsetDelta) +
    sliceBytes(record.keyBytes, record.keyStart, record.keyEnd) +
    sliceBytes(record.valueBytes, record.valueStart, record.valueEnd) +
    varintBytes(headers?.length ?? 0);
  if (headers !== undefined) {
    for (const [name, value] of headers) {
      body += varintBytes(name.length) + name.length + (value === null ? 1 : varintBytes(value.length) + value.length);
    }
  }
  return body;
}

/** Below this many bytes a key or value is copied byte by byte: Buffer#copy costs more. */
const SHORT_COPY = 48;

function writeSlice(buf: Buffer, at: number, bytes: Buffer | null, start: number, end: number): number {
  if (bytes === null) return writeVarint(buf, at, -1);
  let to = writeVarint(buf, at, end - start);
  if (end - start < SHORT_COPY) for (let i = start; i < end; i++) buf[to++] = bytes[i];
  else to += bytes.copy(buf, to, start, end);
  return to;
}

/** Writes one record whose body is `body` bytes (recordBodyBytes) at `at`; returns where it ends. */
export function writeRecord(
  buf: Buffer,
  at: number,
  body: number,
  record: Slices,
  headers: Header[] | undefined,
  offsetDelta: number,
  timestampDelta: number,
): number {
  let to = writeVarint(buf, at, body);
  buf[to++] = 0;
  to = writeVarint(buf, to, timestampDelta);
  to = writeVarint(buf, to, offsetDelta);
  to = writeSlice(buf, to, record.keyBytes, record.keyStart, record.keyEnd);
  to = writeSlice(buf, to, record.valueBytes, record.valueStart, record.valueEnd);
  to = writeVarint(buf, to, headers?.length ?? 0);
  if (headers !== undefined) {
    for (const [name, value] of headers) {
      to = writeSlice(buf, to, name, 0, name.length);
      to = writeSlice(buf, to, value, 0, value?.length ?? 0);
    }
  }
  return to;
}

/** A record's parts, as where they lie in its batch's bytes (start -1: null). */
export interface RecordView {
  timestampDelta: number;
  offsetDelta: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  headers: Header[];
  /** Where the next record starts. */
  end: number;
}

function readSlice(buf: Buffer, at: number): [start: number, end: number] {
  const length = readVarint(buf, at);
  return length < 0 ? [-1, -1] : [readEnd, readEnd + length];
}

/** Reads the record at `at`. */
export function readRecord(buf: Buffer, at: number): RecordView {
  const length = readVarint(buf, at);
  const end = readEnd + length;
  const timestampDelta = readVarint(buf, readEnd + 1);
  const offsetDelta = readVarint(buf, readEnd);
  const [keyStart, keyEnd] = readSlice(buf, readEnd);
  const [valueStart, valueEnd] = readSlice(buf, Math.max(keyEnd, readEnd));
  let to = Math.max(valueEnd, readEnd);
  const count = readVarint(buf, to);
  to = readEnd;
  const headers: Header[] = [];
  for (let i = 0; i < count; i++) {
    const [nameStart, nameEnd] = readSlice(buf, to);
    const [start, stop] = readSlice(buf, nameEnd);
    headers.push([buf.subarray(nameStart, nameEnd), start < 0 ? null : buf.subarray(start, stop)]);
    to = start < 0 ? readEnd : stop;
  }
  return { timestampDelta, offsetDelta, keyStart, keyEnd, valueStart, valueEnd, headers, end };
}

/** A record read back from a batch's bytes. */
export interface ReadRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Header[];
  timestamp: number;
}

/** The records of bytes[RECORD_BATCH_HEADER_BYTES, end), whose first timestamp is firstTimestamp. */
export function readRecords({
  bytes,
  end,
  firstTimestamp,
}: {
  bytes: Buffer;
  end: number;
  firstTimestamp: number;
}): ReadRecord[] {
  const records: ReadRecord[] = [];
  for (let at = RECORD_BATCH_HEADER_BYTES; at < end; ) {
    const record = readRecord(bytes, at);
    records.push({
      key: record.keyStart < 0 ? null : bytes.subarray(record.keyStart, record.keyEnd),
      value: record.valueStart < 0 ? null : bytes.subarray(record.valueStart, record.valueEnd),
      headers: record.headers,
      timestamp: firstTimestamp + record.timestampDelta,
    });
    at = record.end;
  }
  return records;
}
