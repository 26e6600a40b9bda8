import { type Patch, wholeFile } from './patch.js';

export const groupMessages: Patch = {
  why: 'grouping messages by partition copied the partition array per message: quadratic in the batch size',
  proof: "test/unit/kafkajs/patches.test.ts: 'groups messages by partition as kafkajs does, in order'",
  files: [
    wholeFile('kafkajs/src/producer/groupMessagesPerPartition.js', 'group-messages.ts', 'groupMessagesPerPartition'),
  ],
};
