import { type Patch, wholeFile } from './patch.js';

export const crc32cSlicing: Patch = {
  why: "CRC-32C of a record batch eight bytes at a step (code/crc32c.ts), where kafkajs's took one",
  proof: "test/unit/kafkajs/patches.test.ts: 'sums CRC-32C as kafkajs does, for every length and alignment'",
  files: [wholeFile('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js', 'crc32c.ts', 'crc32C')],
};
