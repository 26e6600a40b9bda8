// One partition's records on their way: written as Kafka stores them when they are produced (see
// record-batch.ts), beside what their reports need in typed arrays: when each was produced and its
// CreateTime. Nothing a record stays alive but its bytes, unless it brought an opaque or a callback
// of its own, so a full queue is a few buffers a partition, not an object a message.
import {
  RECORD_BATCH_HEADER_BYTES,
  type RecordView,
  readRecord,
  recordBodyBytes,
  varintBytes,
  writeRecord,
} from './record-batch.js';
import type { RecordArrays, SpareStorage } from './spare-storage.js';
import { type Header, headerBytes, type ProduceBatch, type Slices } from './transport.js';

export type Callback<R> = (report: R) => void;

/** A record as the producer places it: its key's and value's slices, and what its report needs. */
export interface Appending<R> {
  slices: Slices;
  headers: Header[] | undefined;
  /** CreateTime, ms since the epoch. */
  timestamp: number;
  /** performance.now() at produce(). */
  queuedAt: number;
  /** Its key's, value's and headers' bytes. */
  payload: number;
  opaque: unknown;
  callback: Callback<R> | undefined;
}

const FIRST_RECORDS = 64;
const FIRST_BYTES = 4096;

/** The power of two at or above n: sizes of a few kinds, so that a served batch's storage fits the
 * next batch (of about the same size) more often than not. */
const roundedUp = (n: number): number => 2 ** Math.ceil(Math.log2(n));

export class Batch<R> implements ProduceBatch {
  bytes: Buffer;
  end = RECORD_BATCH_HEADER_BYTES;
  count = 0;
  firstTimestamp = 0;
  maxTimestamp = 0;
  /** Keys', values' and headers' bytes: what the producer's byte bound counts. */
  payload = 0;
  /** Where each record starts in bytes. */
  private starts: Uint32Array;
  /** performance.now() at produce(), for latency and the delivery timeout. */
  queuedAt: Float64Array;
  timestamps: Float64Array;
  /** Each record's opaque while every one given is a number, as an input's line numbers are (NaN for
   * none): an array of them would be copied as it grows and promoted, megabytes a second. */
  private numbers: Float64Array | null = null;
  /** Taken from a served batch, for numbers. */
  private spareNumbers: Float64Array | null = null;
  /** Each record's opaque, once one is not a number. */
  private opaques: unknown[] | null = null;
  /** Each record's callback, once one differs from the first's. */
  private callbacks: (Callback<R> | undefined)[] | null = null;
  private callback: Callback<R> | undefined;

  /** Room for `bytes` of records and `records` of them at first (a partition's last batch is a good
   * guess): it grows by doubling past them, its record arrays to mostRecords at most (the producer
   * seals a batch of that many: a full batch's arrays are then all one size). */
  constructor(
    readonly topic: string,
    readonly partition: number,
    bytes = 0,
    records = FIRST_RECORDS,
    /** Where its buffers come from and go back to, when no report is kept past its callback. */
    private readonly spare: SpareStorage | null = null,
    private readonly mostRecords = Number.POSITIVE_INFINITY,
  ) {
    const room = roundedUp(Math.max(FIRST_BYTES, RECORD_BATCH_HEADER_BYTES + bytes));
    this.bytes = spare?.takeBuffer(room) ?? Buffer.allocUnsafe(room);
    const capacity = Math.min(roundedUp(Math.max(FIRST_RECORDS, records)), mostRecords);
    const arrays = spare?.takeArrays(capacity) ?? newArrays(capacity);
    this.starts = arrays.starts;
    this.queuedAt = arrays.queuedAt;
    this.timestamps = arrays.timestamps;
    this.spareNumbers = arrays.numbers;
  }

  /** Its reports are all served: its buffers go to the spare storage, for later batches. */
  release(): void {
    if (this.spare === null) return;
    this.spare.giveBuffer(this.bytes);
    this.spare.giveArrays(this.arrays);
  }

  private get arrays(): RecordArrays {
    const { starts, queuedAt, timestamps } = this;
    return { starts, queuedAt, timestamps, numbers: this.numbers ?? this.spareNumbers };
  }

  /** The batch as Kafka stores it, its header included. */
  get size(): number {
    return this.end;
  }

  /** Appends the record unless the batch holds records and would then be more than maxBytes as
   * Kafka stores it; false when it would. The record is read as one object: its CreateTime and
   * queue time as numbers, each would be a boxed double a record. */
  tryAppend(record: Appending<R>, maxBytes = Number.POSITIVE_INFINITY): boolean {
    const { slices, headers, timestamp, queuedAt, payload, opaque, callback } = record;
    const i = this.count;
    const timestampDelta = i === 0 ? 0 : timestamp - this.firstTimestamp;
    const body = recordBodyBytes(slices, headers, i, timestampDelta);
    const size = varintBytes(body) + body;
    if (i > 0 && this.end + size > maxBytes) return false;
    if (i === 0) {
      this.firstTimestamp = timestamp;
      this.maxTimestamp = timestamp;
      this.callback = callback;
    } else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    if (i === this.starts.length) this.growRecords();
    if (this.end + size > this.bytes.length) this.growBytes(this.end + size);
    this.starts[i] = this.end;
    this.end = writeRecord(this.bytes, this.end, body, slices, headers, i, timestampDelta);
    this.queuedAt[i] = queuedAt;
    this.timestamps[i] = timestamp;
    this.payload += payload;
    if (opaque !== undefined || this.numbers !== null) this.keepOpaque(i, opaque);
    if (callback !== this.callback && this.callbacks === null) this.callbacks = new Array(i).fill(this.callback);
    if (this.callbacks !== null) this.callbacks[i] = callback;
    this.count = i + 1;
    return true;
  }

  opaqueOf(i: number): unknown {
    if (this.numbers === null) return this.opaques?.[i];
    const number = this.numbers[i];
    return Number.isNaN(number) ? undefined : number;
  }

  private keepOpaque(i: number, opaque: unknown): void {
    if (this.opaques === null && (opaque === undefined || (typeof opaque === 'number' && !Number.isNaN(opaque)))) {
      if (this.numbers === null) {
        const spare = this.spareNumbers;
        this.numbers =
          spare !== null && spare.length >= this.starts.length ? spare : new Float64Array(this.starts.length);
        this.numbers.fill(Number.NaN, 0, i);
      }
      this.numbers[i] = opaque === undefined ? Number.NaN : (opaque as number);
      return;
    }
    if (this.opaques === null) {
      this.opaques = [];
      for (let j = 0; j < i; j++) this.opaques[j] = this.opaqueOf(j);
      this.numbers = null;
    }
    this.opaques[i] = opaque;
  }

  callbackOf(i: number): Callback<R> | undefined {
    return this.callbacks === null ? this.callback : this.callbacks[i];
  }

  /** The payload of records [from, to): the batch's sum when they are all of them, else read from
   * their bytes (a rare path: records served apart from the rest of their batch). */
  payloadOf(from: number, to = from + 1): number {
    if (from === 0 && to === this.count) return this.payload;
    let payload = 0;
    for (let i = from; i < to; i++) {
      const { keyStart, keyEnd, valueStart, valueEnd, headers } = this.record(i);
      payload += (keyStart < 0 ? 0 : keyEnd - keyStart) + (valueStart < 0 ? 0 : valueEnd - valueStart);
      payload += headerBytes(headers);
    }
    return payload;
  }

  /** Record i's parts, where they lie in bytes. */
  record(i: number): RecordView {
    return readRecord(this.bytes, this.starts[i]);
  }

  key(i: number): Buffer | null {
    const { keyStart, keyEnd } = this.record(i);
    return keyStart < 0 ? null : this.bytes.subarray(keyStart, keyEnd);
  }

  value(i: number): Buffer | null {
    const { valueStart, valueEnd } = this.record(i);
    return valueStart < 0 ? null : this.bytes.subarray(valueStart, valueEnd);
  }

  /** Records [from, to) as a batch of their own (their deltas written anew): a batch refused as too
   * large goes again in halves, and the records left after some timed out go on without them. */
  slice(from: number, to: number): Batch<R> {
    const part = new Batch<R>(this.topic, this.partition, this.end - this.starts[from], to - from);
    for (let i = from; i < to; i++) {
      const { keyStart, keyEnd, valueStart, valueEnd, headers } = this.record(i);
      const slices: Slices = {
        keyBytes: keyStart < 0 ? null : this.bytes,
        keyStart,
        keyEnd,
        valueBytes: valueStart < 0 ? null : this.bytes,
        valueStart,
        valueEnd,
      };
      part.tryAppend({
        slices,
        headers: headers.length === 0 ? undefined : headers,
        timestamp: this.timestamps[i],
        queuedAt: this.queuedAt[i],
        payload: this.payloadOf(i),
        opaque: this.opaqueOf(i),
        callback: this.callbackOf(i),
      });
    }
    return part;
  }

  /** Arrays of twice the room, taken from the spare storage when it has them; the old ones go there. */
  private growRecords(): void {
    const doubled = this.starts.length * 2;
    const capacity = this.starts.length < this.mostRecords ? Math.min(doubled, this.mostRecords) : doubled;
    const old = this.arrays;
    const grown = this.spare?.takeArrays(capacity) ?? newArrays(capacity);
    grown.starts.set(old.starts);
    grown.queuedAt.set(old.queuedAt);
    grown.timestamps.set(old.timestamps);
    this.starts = grown.starts;
    this.queuedAt = grown.queuedAt;
    this.timestamps = grown.timestamps;
    this.spareNumbers = grown.numbers;
    if (this.numbers !== null) {
      const numbers =
        grown.numbers !== null && grown.numbers.length >= capacity ? grown.numbers : new Float64Array(capacity);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    this.spare?.giveArrays(old);
  }

  private growBytes(needed: number): void {
    const size = roundedUp(Math.max(needed, this.bytes.length * 2));
    const grown = this.spare?.takeBuffer(size) ?? Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.end);
    this.spare?.giveBuffer(this.bytes);
    this.bytes = grown;
  }
}

function newArrays(capacity: number): RecordArrays {
  return {
    starts: new Uint32Array(capacity),
    queuedAt: new Float64Array(capacity),
    timestamps: new Float64Array(capacity),
    numbers: null,
  };
}
