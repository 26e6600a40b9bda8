import type { Patch } from './patch.js';

export const producerCluster: Patch = {
  why: 'the producer shows its cluster, whose metadata gives the topic its partition count with no admin client',
  proof: "test/unit/kafkajs/internals.test.ts: 'the producer's cluster (the transport's topic lookup)'",
  files: [
    {
      file: 'kafkajs/src/producer/index.js',
      changes: [
        [
          '  return {\n    /**\n     * @returns {Promise}\n     */\n    connect: async () => {\n',
          '  return {\n    cluster,\n    /**\n     * @returns {Promise}\n     */\n    connect: async () => {\n',
        ],
      ],
    },
  ],
};

// With a retry of its own, kafkajs could send a batch, lose the answer (the batch may be written),
// send it again, be told NOT_LEADER_FOR_PARTITION and throw only that: read as "refused unwritten",
// the batch went again under a new producer id, and the broker wrote it twice. The transport
// (src/kafkajs/send.ts) sees every attempt and does the retrying.
export const oneAttemptPerSend: Patch = {
  why: 'an idempotent producer may have retries: 0 (one attempt a send), which kafkajs refused',
  proof:
    'test/unit/kafkajs/one-attempt-patch.test.ts (a scripted broker); test/fault/answer-lost.test.ts on the cluster',
  files: [
    {
      file: 'kafkajs/src/producer/index.js',
      changes: [
        ['  if (idempotent && retry.retries < 1) {\n', '  if (idempotent && retry.retries < 0) {\n'],
        [
          '  if (idempotent && retry.retries < Number.MAX_SAFE_INTEGER) {\n',
          '  if (idempotent && retry.retries > 0 && retry.retries < Number.MAX_SAFE_INTEGER) {\n',
        ],
      ],
    },
  ],
};

// Unthrottled, the request queue scheduled its check at throttledUntil (-1) minus Date.now(): a
// timeout of about -1.8e12 ms, which Node runs after 1 ms and Node 24 warns of on every run.
export const throttleCheck: Patch = {
  why: "the request queue's unthrottled check at 0 ms, not a negative timeout Node 24 warns of",
  proof: 'test/integration/own-lines.test.ts, under npm run test:node on Node 24',
  files: [
    {
      file: 'kafkajs/src/network/requestQueue/index.js',
      changes: [
        [
          '    let scheduleAt = this.throttledUntil - Date.now()',
          '    let scheduleAt = Math.max(0, this.throttledUntil - Date.now())',
        ],
      ],
    },
  ],
};
