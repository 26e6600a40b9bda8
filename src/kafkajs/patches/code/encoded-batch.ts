// A record batch around records that encodeRecords wrote (encode-records.ts): uncompressed, the
// batch's header is written in the room left in front of them and its CRC computed in place, so the
// batch is the records' own buffer, where kafkajs copied it three times more (the body, the batch,
// and the batch with its length), each into a buffer rounded up to a power of two.
import { type EncodedRecords, RECORD_BATCH_HEADER } from './encode-records.js';
import type { Encoder } from './kafkajs-internals.js';

const MAGIC_BYTE = 2;
/** Where the CRC is, and where the bytes it sums start (Attributes). */
const CRC_AT = 17;
const CRC_FROM = 21;

export interface BatchHeader {
  firstOffset: unknown;
  partitionLeaderEpoch: number;
  attributes: number;
  lastOffsetDelta: number;
  firstTimestamp: unknown;
  maxTimestamp: unknown;
  producerId: unknown;
  producerEpoch: number;
  firstSequence: number;
}

export const isEncodedRecords = (records: unknown): records is EncodedRecords =>
  (records as EncodedRecords).encoded !== undefined;

/** The uncompressed batch of the records, in their own buffer. */
export function encodedBatch(
  { length, encoded: batch }: EncodedRecords,
  header: BatchHeader,
  crc32C: (bytes: Buffer) => number,
): Encoder {
  const end = batch.offset;
  batch.offset = 0;
  batch
    .writeInt64(header.firstOffset)
    .writeInt32(end - 12)
    .writeInt32(header.partitionLeaderEpoch)
    .writeInt8(MAGIC_BYTE)
    .writeUInt32(0)
    .writeInt16(header.attributes)
    .writeInt32(header.lastOffsetDelta)
    .writeInt64(header.firstTimestamp)
    .writeInt64(header.maxTimestamp)
    .writeInt64(header.producerId)
    .writeInt16(header.producerEpoch)
    .writeInt32(header.firstSequence)
    .writeInt32(length);
  batch.offset = end;
  batch.buf.writeUInt32BE(crc32C(batch.buf.subarray(CRC_FROM, end)), CRC_AT);
  return batch;
}

/** The records' bytes, for a codec to compress. */
export const recordsBody = ({ encoded }: EncodedRecords): { buffer: Buffer } => ({
  buffer: encoded.buf.subarray(RECORD_BATCH_HEADER, encoded.offset),
});
