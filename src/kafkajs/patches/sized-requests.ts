import type { Patch } from './patch.js';

const FRAME = `module.exports = async ({ correlationId, clientId, request: { apiKey, apiVersion, encode } }) => {
  const payload = await encode()
  const requestPayload = new Encoder()
    .writeInt16(apiKey)
    .writeInt16(apiVersion)
    .writeInt32(correlationId)
    .writeString(clientId)
    .writeEncoder(payload)

  return new Encoder().writeInt32(requestPayload.size()).writeEncoder(requestPayload)
}
`;

export const sizedRequests: Patch = {
  why: 'a request written around its record batches and sent as pieces in one corked write, where kafkajs copied each batch five times into encoders grown by doubling',
  proof:
    "test/unit/kafkajs/patches.test.ts: 'frames requests as kafkajs does' and its produce request tests (the same bytes); test/unit/kafkajs/pieces-on-the-wire.test.ts (the bytes a socket receives)",
  files: [
    {
      file: 'kafkajs/src/network/connection.js',
      code: { module: 'sized-requests.ts', names: ['writeRequest'] },
      changes: [
        ['size: Buffer.byteLength(requestPayload.buffer),', 'size: requestPayload.offset,'],
        ["this.socket.write(requestPayload.buffer, 'binary')", 'writeRequest(this.socket, requestPayload)'],
      ],
    },
    {
      file: 'kafkajs/src/protocol/request.js',
      code: { module: 'sized-requests.ts', names: ['requestFrame'] },
      changes: [[FRAME, 'module.exports = requestFrame(Encoder)\n']],
    },
    {
      file: 'kafkajs/src/protocol/requests/produce/v3/request.js',
      code: { module: 'sized-requests.ts', names: ['produceBody'] },
      changes: [
        [
          `    const encodeTopic = topicEncoder(compression)
    const encodedTopicData = []

    for (const data of topicData) {
      encodedTopicData.push(
        await encodeTopic({ ...data, transactionalId, producerId, producerEpoch })
      )
    }

    return new Encoder()
      .writeString(transactionalId)
      .writeInt16(acks)
      .writeInt32(timeout)
      .writeArray(encodedTopicData)
`,
          `    const encodePartition = partitionsEncoder(compression)
    const topics = []
    for (const { topic, partitions } of topicData) {
      const encoded = []
      for (const data of partitions) {
        encoded.push(await encodePartition({ ...data, transactionalId, producerId, producerEpoch }))
      }
      topics.push({ topic, partitions: encoded })
    }
    return produceBody(Encoder, { transactionalId, acks, timeout, topics })
`,
        ],
        [
          `  return new Encoder()
    .writeInt32(partition)
    .writeInt32(recordBatch.size())
    .writeEncoder(recordBatch)
`,
          '  return { partition, recordBatch }\n',
        ],
      ],
    },
  ],
};
