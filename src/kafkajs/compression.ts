// --compression: gzip is built into kafkajs; snappy, lz4 and zstd come from codec packages that
// install from the npm registry alone (pure JavaScript or WebAssembly, nothing to compile) and are
// loaded only when asked for.
import kafkajs from 'kafkajs';
import type { Compression } from '../core/transport.js';

const { CompressionTypes, CompressionCodecs } = kafkajs;

type Codec = () => {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
};

const codec =
  (compress: (data: Buffer) => Uint8Array, decompress: (data: Buffer) => Uint8Array): Codec =>
  () => ({
    compress: async (encoder) => Buffer.from(compress(encoder.buffer)),
    decompress: async (buffer) => Buffer.from(decompress(buffer)),
  });

const LZ4_BLOCK_MAX = 4 * 1024 * 1024;

/** lz4js writes frames without the block-independence flag, which Kafka's LZ4 reader requires. Its
 * frames of up to one 4 MiB block are independent all the same: set the flag and redo the header
 * checksum (the second byte of xxh32 over FLG and BD). */
function kafkaLz4Frame(
  frame: Uint8Array,
  data: Buffer,
  xxh32: { hash(seed: number, src: Uint8Array, index: number, length: number): number },
) {
  if (data.length > LZ4_BLOCK_MAX) throw new Error('lz4: a batch over 4 MiB; lower --batch-size');
  frame[4] |= 0x20;
  frame[6] = (xxh32.hash(0, frame, 4, 2) >> 8) & 0xff;
  return frame;
}

/** The kafkajs compression type for a name, with its codec registered. */
export async function compressionType(name: Compression): Promise<kafkajs.CompressionTypes> {
  switch (name) {
    case 'none':
      return CompressionTypes.None;
    case 'gzip':
      return CompressionTypes.GZIP;
    case 'snappy': {
      const { default: snappy } = await import('kafkajs-snappy');
      CompressionCodecs[CompressionTypes.Snappy] = snappy;
      return CompressionTypes.Snappy;
    }
    case 'lz4': {
      const { default: lz4 } = await import('lz4js');
      const { default: xxh32 } = await import('lz4js/xxh32.js');
      CompressionCodecs[CompressionTypes.LZ4] = codec(
        (data) => kafkaLz4Frame(lz4.compress(data), data, xxh32),
        lz4.decompress,
      );
      return CompressionTypes.LZ4;
    }
    case 'zstd': {
      const zstd = await import('@bokuweb/zstd-wasm');
      await zstd.init();
      CompressionCodecs[CompressionTypes.ZSTD] = codec(
        (data) => zstd.compress(data, 3),
        (data) => zstd.decompress(data),
      );
      return CompressionTypes.ZSTD;
    }
  }
}
