import type { Change, Patch } from './patch.js';

// A 32-bit integer's varlong is its varint: the zigzag of it fits in 32 bits, which writeUVarInt reads unsigned.
const smallInteger = "typeof value === 'number' && (value | 0) === value";

const encoderChanges: Change[] = [
  ['Buffer.alloc(', 'Buffer.allocUnsafe(', 2],
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

export const encoderVarints: Patch = {
  why: 'varints written in place, varlongs of 32-bit integers as varints, buffers not zero-filled, encoders copied without a slice',
  proof:
    "test/unit/kafkajs/patches.test.ts: 'writes varints and varlongs as kafkajs does, on both sides of the fast path'",
  files: [
    { file: 'kafkajs/src/protocol/encoder.js', changes: encoderChanges },
    {
      // A record's encoder sized for its body at once.
      file: 'kafkajs/src/protocol/recordBatch/record/v0/index.js',
      changes: [['return new Encoder()\n', 'return new Encoder(sizeOfBody + 5)\n']],
    },
  ],
};
