// The produce loop's serializing stage for schema-registered records: each side with a schema is
// encoded by its codec and framed in the Confluent wire format (a zero byte, the schema id as a 4-byte
// big-endian integer, the payload). A record whose text does not fit is failed with why.
import type { ProducerRecord, RecordSerializer } from '../core/produce-loop.js';
import { type Codec, CodecProblem } from './codecs.js';
import type { Side } from './settings.js';

export interface PreparedSide {
  side: Side;
  id: number;
  codec: Codec;
}

/** The Confluent wire format's frame around a payload. */
export function framed(id: number, payload: Buffer): Buffer {
  const bytes = Buffer.allocUnsafe(5 + payload.length);
  bytes[0] = 0;
  bytes.writeUInt32BE(id, 1);
  payload.copy(bytes, 5);
  return bytes;
}

export class SchemaSerializer implements RecordSerializer {
  constructor(
    private readonly key: PreparedSide | null,
    private readonly value: PreparedSide | null,
  ) {}

  serialize(record: ProducerRecord): string | null {
    try {
      if (this.key !== null && record.keyBytes !== null) {
        const key = this.encode(this.key, record.keyBytes.toString('utf8', record.keyStart, record.keyEnd));
        record.keyBytes = key;
        record.keyStart = 0;
        record.keyEnd = key.length;
      }
      if (this.value !== null && record.valueBytes !== null) {
        const value = this.encode(this.value, record.valueBytes.toString('utf8', record.valueStart, record.valueEnd));
        record.valueBytes = value;
        record.valueStart = 0;
        record.valueEnd = value.length;
      }
      return null;
    } catch (err) {
      if (err instanceof CodecProblem) return err.message;
      throw err;
    }
  }

  private encode({ side, id, codec }: PreparedSide, text: string): Buffer {
    try {
      return framed(id, codec.encode(text));
    } catch (err) {
      if (err instanceof CodecProblem) throw new CodecProblem(`the ${side} ${err.message}`);
      throw err;
    }
  }
}
