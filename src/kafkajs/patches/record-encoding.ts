import type { Patch } from './patch.js';

export const recordEncoding: Patch = {
  why: 'a batch of records written once, into one buffer the batch header then goes in front of: by the producer core when it is produced (a pre-encoded batch), or here from slices',
  proof:
    "test/unit/kafkajs/patches.test.ts: 'encodes keys and values given as slices of one chunk (the producer core's) as kafkajs encodes them as Buffers', and its other encoding tests",
  files: [
    {
      file: 'kafkajs/src/protocol/requests/produce/v3/request.js',
      code: { module: 'encode-records.ts', names: ['recordsEncoder', 'timestampRange'] },
      changes: [
        [
          `  const messageTimestamps = messages
    .map(m => m.timestamp)
    .filter(timestamp => timestamp != null)
    .sort()

  const timestamps = messageTimestamps.length === 0 ? [dateNow] : messageTimestamps
  const firstTimestamp = timestamps[0]
  const maxTimestamp = timestamps[timestamps.length - 1]
`,
          '  const { firstTimestamp, maxTimestamp } = timestampRange(messages, dateNow)\n',
        ],
        [
          `  const records = messages.map((message, i) =>
    Record({
      ...message,
      offsetDelta: i,
      timestampDelta: (message.timestamp || dateNow) - firstTimestamp,
    })
  )`,
          '  const records = encodeRecords(messages, dateNow, firstTimestamp)',
        ],
        [
          "const { RecordBatch } = require('../../../recordBatch/v0')\n",
          "const { RecordBatch } = require('../../../recordBatch/v0')\nconst encodeRecords = recordsEncoder(Encoder, Record)\n",
        ],
      ],
    },
    {
      file: 'kafkajs/src/protocol/recordBatch/v0/index.js',
      code: { module: 'encoded-batch.ts', names: ['encodedBatch', 'isEncodedRecords', 'recordsBody'] },
      changes: [
        [
          '  const batchBody = new Encoder()\n',
          `  if (isEncodedRecords(records) && compression === Compression.None) {
    const header = { firstOffset, partitionLeaderEpoch, attributes, lastOffsetDelta, firstTimestamp, maxTimestamp }
    return encodedBatch(records, { ...header, producerId, producerEpoch, firstSequence }, crc32C)
  }
  const batchBody = new Encoder()
`,
        ],
        [
          '  if (compression === Compression.None) {\n    if (records.every(',
          `  if (isEncodedRecords(records)) {
    batchBody.writeInt32(records.length).writeBuffer(await lookupCodec(compression).compress(recordsBody(records)))
  } else if (compression === Compression.None) {
    if (records.every(`,
        ],
      ],
    },
    {
      // A pre-encoded batch is one message standing for all its records: the partition's producer
      // sequence moves by its records, not by one.
      file: 'kafkajs/src/producer/sendMessages.js',
      code: { module: 'encode-records.ts', names: ['recordCount'] },
      changes: [
        [
          'eosManager.updateSequence(topic, entry.partition, entry.messages.length)',
          'eosManager.updateSequence(topic, entry.partition, recordCount(entry.messages))',
        ],
        [
          'eosManager.updateSequence(topic, entry.partition, -entry.messages.length)',
          'eosManager.updateSequence(topic, entry.partition, -recordCount(entry.messages))',
        ],
      ],
    },
    {
      // kafkajs looked at every message's value to refuse one without: a message of the producer core
      // has its value as slices, and its value, a Buffer made when asked, is never undefined.
      file: 'kafkajs/src/producer/messageProducer.js',
      changes: [
        [
          'messages.find(message => message.value === undefined)',
          'messages.find(message => message.valueBytes === undefined && message.value === undefined)',
        ],
      ],
    },
  ],
};
