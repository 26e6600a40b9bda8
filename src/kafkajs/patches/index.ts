// The kafkajs fork: every change we make to kafkajs 2.2.4 on its way into our bundles and into the
// integration tests (scripts/package-patches.ts applies them).
import { crc32cSlicing } from './crc32c.js';
import { encoderVarints } from './encoder.js';
import { groupMessages } from './group-messages.js';
import { lazyLoading } from './lazy-loading.js';
import { metadataNoTopics } from './metadata-no-topics.js';
import type { Patch } from './patch.js';
import { oneAttemptPerSend, producerCluster, throttleCheck } from './producer.js';
import { recordEncoding } from './record-encoding.js';
import { sizedRequests } from './sized-requests.js';
import { transactionCoordinator } from './transaction-coordinator.js';

export const KAFKAJS_PATCHES: Patch[] = [
  groupMessages,
  metadataNoTopics,
  lazyLoading,
  transactionCoordinator,
  producerCluster,
  oneAttemptPerSend,
  recordEncoding,
  sizedRequests,
  throttleCheck,
  encoderVarints,
  crc32cSlicing,
];
