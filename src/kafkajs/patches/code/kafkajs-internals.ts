// The shapes of the kafkajs internals the patches' code works with (kafkajs has no types for them).

/** kafkajs's protocol Encoder (src/protocol/encoder.js), with writeEncoderInternal from our patch. */
export interface Encoder {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeInt8(value: number): Encoder;
  writeString(value: string | null): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeUInt32(value: number): Encoder;
  writeInt64(value: unknown): Encoder;
  writeVarInt(value: number): Encoder;
  writeVarLong(value: number): Encoder;
  writeVarIntBytes(value: Buffer | string | null): Encoder;
  writeEncoder(value: Encoder): Encoder;
}

export interface EncoderClass {
  new (size?: number): Encoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: number): number;
  sizeOfVarIntBytes(value: Buffer | string | null): number;
}

/** A record's header, as kafkajs's Record takes it: [name, value] pairs (ours) or an object (kafkajs's). */
export type Headers = [Buffer, Buffer | null][] | Record<string, unknown>;

/** A message as the producer core gives it (slices: src/core/transport.ts), or as kafkajs's own users do. */
export interface Message {
  keyBytes?: Buffer | null;
  keyStart: number;
  keyEnd: number;
  valueBytes: Buffer | null;
  valueStart: number;
  valueEnd: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Headers;
  timestamp?: number | string | null;
}

/** kafkajs's Record (src/protocol/recordBatch/record/v0): one record's encoder. */
export type RecordFn = (record: Message & { offsetDelta: number; timestampDelta: number }) => Encoder;

/** kafkajs's retry factory (src/retry): a function that runs `fn` until it succeeds or the retries run out. */
export type CreateRetry = (options: {
  initialRetryTime: number;
  maxRetryTime: number;
  retries: number;
}) => <T>(fn: (bail: (error: Error) => never, retryCount: number, retryTime: number) => Promise<T>) => Promise<T>;
