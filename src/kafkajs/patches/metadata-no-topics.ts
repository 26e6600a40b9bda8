import type { Patch } from './patch.js';

// kafkajs sent an empty topic list as null, which Kafka reads as "every topic": a producer's connect,
// which needs only the brokers, fetched the metadata of the whole cluster. An empty array means none,
// as the Java client sends it; nothing in our bundle asks kafkajs for every topic.
const noTopics: [string, string] = ['.writeNullableArray(topics)', '.writeArray(topics)'];

export const metadataNoTopics: Patch = {
  why: 'a Metadata request for no topics asks for none, not for the whole cluster',
  proof: "test/unit/kafkajs/patches.test.ts: 'asks Metadata for no topics where kafkajs asks for every topic'",
  files: [
    { file: 'kafkajs/src/protocol/requests/metadata/v1/request.js', changes: [noTopics] },
    { file: 'kafkajs/src/protocol/requests/metadata/v4/request.js', changes: [noTopics] },
  ],
};
