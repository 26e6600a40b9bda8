// A produce request written around its record batches, not over them: the request's own fields go
// into small buffers, each batch stays in the buffer it was written in, and the connection writes the
// pieces in one go (a corked socket: one writev). kafkajs copied each batch into an encoder of its
// partition, that into its topic's, that into the request's and that twice more to frame it, each
// into an encoder grown to the next power of two: at full speed, gigabytes of copies and garbage. The
// bytes on the wire are the same.
import type { EncoderClass, Encoder as KafkaJsEncoder } from './kafkajs-internals.js';

/** A request as pieces of bytes, sent one after another. */
export interface Pieces {
  pieces: Buffer[];
  /** All their bytes. */
  offset: number;
  /** The pieces in one buffer (a copy): for whoever wants the request whole. */
  readonly buffer: Buffer;
}

const piecesOf = (pieces: Buffer[]): Pieces => ({
  pieces,
  offset: pieces.reduce((sum, piece) => sum + piece.length, 0),
  get buffer() {
    return Buffer.concat(pieces);
  },
});

const isPieces = (payload: unknown): payload is Pieces => Array.isArray((payload as Pieces).pieces);

/** An encoder's bytes, without a copy. */
const bytesOf = (encoder: KafkaJsEncoder) => encoder.buf.subarray(0, encoder.offset);

/** A partition's record batch in a produce request. */
export interface EncodedPartition {
  partition: number;
  recordBatch: KafkaJsEncoder;
}

export interface ProduceBody {
  transactionalId: string | null;
  acks: number;
  timeout: number;
  topics: { topic: string; partitions: EncodedPartition[] }[];
}

/** Produce request v3 to v8's body: transactional id, acks, timeout, then each topic's partitions,
 * each batch a piece of its own. */
export function produceBody(Encoder: EncoderClass, { transactionalId, acks, timeout, topics }: ProduceBody): Pieces {
  const pieces: Buffer[] = [];
  let fields = new Encoder(64)
    .writeString(transactionalId)
    .writeInt16(acks)
    .writeInt32(timeout)
    .writeInt32(topics.length);
  for (const { topic, partitions } of topics) {
    fields.writeString(topic).writeInt32(partitions.length);
    for (const { partition, recordBatch } of partitions) {
      fields.writeInt32(partition).writeInt32(recordBatch.offset);
      pieces.push(bytesOf(fields), bytesOf(recordBatch));
      fields = new Encoder(64);
    }
  }
  if (fields.offset > 0) pieces.push(bytesOf(fields));
  return piecesOf(pieces);
}

export interface RequestHeader {
  correlationId: number;
  clientId: string | null;
  request: { apiKey: number; apiVersion: number; encode: () => Promise<KafkaJsEncoder | Pieces> };
}

/** kafkajs's protocol/request.js: the request's size and header (v1) in front of its body. */
export const requestFrame =
  (Encoder: EncoderClass) =>
  async ({ correlationId, clientId, request: { apiKey, apiVersion, encode } }: RequestHeader) => {
    const payload = await encode();
    const header = new Encoder(64)
      .writeInt16(apiKey)
      .writeInt16(apiVersion)
      .writeInt32(correlationId)
      .writeString(clientId);
    const frame = new Encoder(4 + header.offset).writeInt32(header.offset + payload.offset).writeEncoder(header);
    if (isPieces(payload)) return piecesOf([bytesOf(frame), ...payload.pieces]);
    return piecesOf([bytesOf(frame), bytesOf(payload)]);
  };

/** connection.js's write of a request made by requestFrame: its pieces in one go. */
export function writeRequest(socket: NodeJS.WritableStream & { cork(): void; uncork(): void }, request: Pieces): void {
  socket.cork();
  for (const piece of request.pieces) socket.write(piece);
  socket.uncork();
}
