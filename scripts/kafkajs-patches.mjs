// kafkajs (and commander), changed on the way into our bundles (an esbuild plugin). Each change fails the build
// when kafkajs no longer has the code it replaces. What changes:
// - groupMessagesPerPartition copies the partition's array for every message it adds, quadratic in
//   the batch size, which took a fifth of the CPU of a full-speed run with 10 000-message batches.
//   The replacement is linear and returns the same object.
// - kafkajs sends an empty topic list in a Metadata request as null, which Kafka reads as "every
//   topic": an idempotent producer's connect, which only needs the brokers and the controller, then
//   fetched and decoded the metadata of the whole cluster (20 KB and 12 ms for 144 topics,
//   and megabytes on a production cluster). Sent as an empty array, it means no topics, as the Java
//   client sends it. Nothing in this bundle asks kafkajs for every topic.
// - kafkajs's Encoder built every varint through an array and a Buffer, every varlong (a record's
//   timestamp delta) through BigInt-backed Long objects, and zero-filled every buffer it grew into:
//   about 3 KB of garbage for each record of a full-speed run. Varints are now written in place,
//   varlongs of 32-bit integers take the varint path (the same bytes), buffers are not zero-filled
//   (only bytes below the offset are ever read), a record's encoder is made at its size, and an
//   encoder is copied without a slice. The bytes on the wire are the same
//   (test/unit/kafkajs-patches.test.ts); a full-speed run allocates 40% less and sends some 40% more
//   messages a second.
// - Start-up: kafkajs's random partitioner looked at globalThis.crypto when loaded, and its SCRAM
//   module required node:crypto: 4 ms of a one-message run. Both now load it on first use, which a
//   run without SCRAM never makes (our partitioner chooses). commander loads node:child_process (2 ms) for subcommands we do not
//   have; it now loads it when it spawns one.

import { readFileSync } from 'node:fs';

const linearGrouping = `module.exports = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    ;(result[partition] || (result[partition] = [])).push(message)
  }
  return result
}
`;

/** Replaces each [from, to] in a file, and fails the build if kafkajs no longer has a `from`. */
function replaced(path, ...changes) {
  let source = readFileSync(path, 'utf8');
  for (const [from, to] of changes) {
    if (!source.includes(from)) throw new Error(`build: ${path} no longer contains ${from}`);
    source = source.replaceAll(from, to);
  }
  return source;
}

// A 32-bit integer's varlong is its varint: the zigzag of it fits in 32 bits, which writeUVarInt reads unsigned.
const smallInteger = "typeof value === 'number' && (value | 0) === value";

const encoderChanges = [
  ['Buffer.alloc(', 'Buffer.allocUnsafe('],
  [
    `  static sizeOfVarLong(value) {
`,
    `  static sizeOfVarLong(value) {
    if (${smallInteger}) return Encoder.sizeOfVarInt(value)
`,
  ],
  [
    `  writeVarLong(value) {
`,
    `  writeVarLong(value) {
    if (${smallInteger}) return this.writeVarInt(value)
`,
  ],
  [
    `    const byteArray = []
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      byteArray.push((value & OTHER_BITS) | MOST_SIGNIFICANT_BIT)
      value >>>= 7
    }
    byteArray.push(value & OTHER_BITS)
    this.writeBufferInternal(Buffer.from(byteArray))
    return this`,
    `    this.ensureAvailable(5)
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      this.buf[this.offset++] = (value & OTHER_BITS) | MOST_SIGNIFICANT_BIT
      value >>>= 7
    }
    this.buf[this.offset++] = value & OTHER_BITS
    return this`,
  ],
  ['this.writeBufferInternal(value.buffer)', 'this.writeEncoderInternal(value)'],
  ['this.writeBufferInternal(v.buffer)', 'this.writeEncoderInternal(v)'],
  [
    `  ensureAvailable(length) {`,
    `  writeEncoderInternal(encoder) {
    this.ensureAvailable(encoder.offset)
    encoder.buf.copy(this.buf, this.offset, 0, encoder.offset)
    this.offset += encoder.offset
  }

  ensureAvailable(length) {`,
  ],
];

const lazyCrypto = [
  ['let cryptoImplementation = null\nif (', 'let cryptoImplementation = null\nconst findCrypto = () => {\nif ('],
  ["  cryptoImplementation = require('crypto')\n}\n", "  cryptoImplementation = require('crypto')\n}\n}\n"],
  ['  if (!cryptoImplementation) {\n', '  if (!cryptoImplementation) findCrypto()\n  if (!cryptoImplementation) {\n'],
];

// SCRAM's node:crypto, loaded at its first use: a run without SCRAM never loads it.
const lazyScramCrypto = [
  ["const crypto = require('crypto')", "const crypto = new Proxy({}, { get: (_, name) => require('crypto')[name] })"],
];

const lazyChildProcess = [
  [
    "const childProcess = require('node:child_process');",
    "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  ],
];

export const kafkajsPatches = {
  name: 'kafkajs-patches',
  setup(b) {
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]producer[\\/]groupMessagesPerPartition\.js$/ }, () => ({
      loader: 'js',
      contents: linearGrouping,
    }));
    b.onLoad(
      { filter: /kafkajs[\\/]src[\\/]protocol[\\/]requests[\\/]metadata[\\/]v[14][\\/]request\.js$/ },
      (args) => ({
        loader: 'js',
        contents: replaced(args.path, ['.writeNullableArray(topics)', '.writeArray(topics)']),
      }),
    );
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]producer[\\/]partitioners[\\/]legacy[\\/]randomBytes\.js$/ }, (args) => ({
      loader: 'js',
      contents: replaced(args.path, ...lazyCrypto),
    }));
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]broker[\\/]saslAuthenticator[\\/]scram\.js$/ }, (args) => ({
      loader: 'js',
      contents: replaced(args.path, ...lazyScramCrypto),
    }));
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => ({
      loader: 'js',
      contents: replaced(args.path, ...lazyChildProcess),
    }));
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]protocol[\\/]encoder\.js$/ }, (args) => ({
      loader: 'js',
      contents: replaced(args.path, ...encoderChanges),
    }));
    b.onLoad({ filter: /kafkajs[\\/]src[\\/]protocol[\\/]recordBatch[\\/]record[\\/]v0[\\/]index\.js$/ }, (args) => ({
      loader: 'js',
      contents: replaced(args.path, ['return new Encoder()\n', 'return new Encoder(sizeOfBody + 5)\n']),
    }));
  },
};
