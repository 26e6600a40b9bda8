// A produce request's records, encoded one after another into one encoder, with room in front for
// the record batch's header: the same bytes as kafkajs's Record (record/v0) makes one encoder, one
// copy of the message and four arrays at a time for. Headers come from the producer core as
// [name, value] pairs, in order, a name as often as it is given and a value possibly null, which
// kafkajs's object of headers cannot say; an object of headers still goes through Record.
import type { EncoderClass, Encoder as KafkaJsEncoder, Message, RecordFn } from './kafkajs-internals.js';

/** FirstOffset Length PartitionLeaderEpoch Magic CRC Attributes LastOffsetDelta FirstTimestamp
 * MaxTimestamp ProducerId ProducerEpoch FirstSequence, and the record count. */
export const RECORD_BATCH_HEADER = 8 + 4 + 4 + 1 + 4 + 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

const NO_HEADERS: [Buffer, Buffer | null][] = [];

/** Below this many bytes a key or value is copied byte by byte: Buffer#copy costs more. */
const SHORT_COPY = 48;

export interface EncodedRecords {
  length: number;
  encoded: KafkaJsEncoder;
}

/** A batch whose records the producer core has already written as Kafka stores them, behind room for
 * the batch's header (src/core/transport.ts, ProduceBatch). */
export interface PreEncodedRecords {
  count: number;
  bytes: Buffer;
  end: number;
  firstTimestamp: number;
  maxTimestamp: number;
}

/** A pre-encoded batch goes through kafkajs's producer as one message standing for all its records:
 * its partition chosen, its value null (not undefined, which kafkajs refuses). */
export interface PreEncodedMessage {
  partition: number;
  key: null;
  value: null;
  preEncoded: PreEncodedRecords;
}

/** The pre-encoded batch a partition's messages are, or null when they are messages. */
export function preEncodedOf(messages: unknown[]): PreEncodedRecords | null {
  if (messages.length !== 1) return null;
  return (messages[0] as Partial<PreEncodedMessage>).preEncoded ?? null;
}

/** How many records a partition's messages are: what its producer sequence moves by. */
export const recordCount = (messages: unknown[]): number => preEncodedOf(messages)?.count ?? messages.length;

/** The batch's first and largest timestamps in one pass (kafkajs sorted them all, as strings). */
export function timestampRange(messages: Message[], dateNow: number): { firstTimestamp: number; maxTimestamp: number } {
  const preEncoded = preEncodedOf(messages);
  if (preEncoded !== null) return { firstTimestamp: preEncoded.firstTimestamp, maxTimestamp: preEncoded.maxTimestamp };
  let first: number | null = null;
  let max: number | null = null;
  for (let i = 0; i < messages.length; i++) {
    const timestamp = messages[i].timestamp;
    if (timestamp == null) continue;
    const n = Number(timestamp);
    if (first === null || n < first) first = n;
    if (max === null || n > max) max = n;
  }
  return first === null || max === null
    ? { firstTimestamp: dateNow, maxTimestamp: dateNow }
    : { firstTimestamp: first, maxTimestamp: max };
}

/** encodeRecords on kafkajs's Encoder and Record. */
export function recordsEncoder(Encoder: EncoderClass, Record: RecordFn) {
  const sizeOfSlice = (bytes: Buffer | null, start: number, end: number) =>
    bytes === null ? Encoder.sizeOfVarInt(-1) : Encoder.sizeOfVarInt(end - start) + end - start;

  const writeSlice = (encoded: KafkaJsEncoder, bytes: Buffer | null, start: number, end: number) => {
    if (bytes === null) return encoded.writeVarInt(-1);
    encoded.writeVarInt(end - start);
    encoded.ensureAvailable(end - start);
    if (end - start < SHORT_COPY) {
      const { buf, offset } = encoded;
      for (let i = start; i < end; i++) buf[offset + i - start] = bytes[i];
    } else {
      bytes.copy(encoded.buf, encoded.offset, start, end);
    }
    encoded.offset += end - start;
    return encoded;
  };

  /** Sized for the keys and values at once, not grown by doubling (a copy at each step). */
  const sizeOf = (messages: Message[]) => {
    let bytes = RECORD_BATCH_HEADER;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      if (message.keyBytes !== undefined) {
        bytes += 32 + (message.keyEnd - message.keyStart) + (message.valueEnd - message.valueStart);
      } else {
        const { key, value } = message;
        bytes += 32 + (key ? key.length : 0) + (value ? value.length : 0);
      }
      const { headers } = message;
      if (Array.isArray(headers)) for (const [n, v] of headers) bytes += 10 + n.length + (v ? v.length : 0);
    }
    return bytes;
  };

  return function encodeRecords(messages: Message[], dateNow: number, firstTimestamp: number): EncodedRecords {
    const preEncoded = preEncodedOf(messages);
    if (preEncoded !== null) {
      // Its own bytes: the batch's header is written in the room in front (encoded-batch.ts).
      const encoded = new Encoder(0);
      encoded.buf = preEncoded.bytes;
      encoded.offset = preEncoded.end;
      return { length: preEncoded.count, encoded };
    }
    const encoded = new Encoder(sizeOf(messages));
    encoded.offset = RECORD_BATCH_HEADER;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      const timestampDelta = Number(message.timestamp || dateNow) - firstTimestamp;
      const sliced = message.keyBytes !== undefined;
      const { headers } = message;
      if (headers && !Array.isArray(headers) && Object.keys(headers).length > 0) {
        const { key, value } = message;
        encoded.writeEncoder(Record({ ...message, key, value, offsetDelta: i, timestampDelta }));
        continue;
      }
      const pairs = headers == null ? NO_HEADERS : (headers as [Buffer, Buffer | null][]);
      const key = sliced ? null : message.key;
      const value = sliced ? null : message.value;
      let sizeOfHeaders = Encoder.sizeOfVarInt(pairs.length);
      for (const [name, v] of pairs) sizeOfHeaders += Encoder.sizeOfVarIntBytes(name) + Encoder.sizeOfVarIntBytes(v);
      const sizeOfKeyAndValue = sliced
        ? sizeOfSlice(message.keyBytes ?? null, message.keyStart, message.keyEnd) +
          sizeOfSlice(message.valueBytes, message.valueStart, message.valueEnd)
        : Encoder.sizeOfVarIntBytes(key) + Encoder.sizeOfVarIntBytes(value);
      const sizeOfBody =
        1 + Encoder.sizeOfVarLong(timestampDelta) + Encoder.sizeOfVarInt(i) + sizeOfKeyAndValue + sizeOfHeaders;
      encoded.writeVarInt(sizeOfBody).writeInt8(0).writeVarLong(timestampDelta).writeVarInt(i);
      if (sliced) {
        writeSlice(encoded, message.keyBytes ?? null, message.keyStart, message.keyEnd);
        writeSlice(encoded, message.valueBytes, message.valueStart, message.valueEnd);
      } else {
        encoded.writeVarIntBytes(key).writeVarIntBytes(value);
      }
      encoded.writeVarInt(pairs.length);
      for (const [name, v] of pairs) encoded.writeVarIntBytes(name).writeVarIntBytes(v);
    }
    return { length: messages.length, encoded };
  };
}
