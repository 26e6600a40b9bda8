import type { Change, Patch } from './patch.js';

// A non-transactional producer id can come from any broker (the Java client asks the least loaded
// one); kafkajs asked the one Metadata names controller, which KRaft picks at random, so the first
// write waited for a connection to a broker it might not need. Asked of the broker just connected, the
// first attempt needs no Metadata before it: the producer id's request goes at once, beside the
// topic's Metadata (src/kafkajs/topics.ts), not a round trip after an empty one.
const initProducerIdOnConnectedBroker: Change[] = [
  [
    '            await cluster.refreshMetadataIfNecessary()\n',
    '            if (transactional || retryCount > 0 || !cluster.brokerPool.seedBroker) await cluster.refreshMetadataIfNecessary()\n',
  ],
  [
    '              : cluster.findControllerBroker())',
    '              : cluster.brokerPool.seedBroker || cluster.findControllerBroker())',
  ],
];

/** EndTxn, committing (true) or aborting: one at a time, retried. */
const endTxn = (commit: boolean): Change => [
  `        const broker = await findTransactionCoordinator()
        await broker.endTxn({
          producerId,
          producerEpoch,
          transactionalId,
          transactionResult: ${commit},
        })
`,
  `        await serialized(() =>
          coordinatorRequest(broker =>
            broker.endTxn({ producerId, producerEpoch, transactionalId, transactionResult: ${commit} })
          )
        )
`,
];

const transactionRequests: Change[] = [
  [
    '  const retrier = createRetry(cluster.retry)\n',
    `  const retrier = createRetry(cluster.retry)
  const { coordinatorRetrier, serialized, coordinatorRequest } = coordinatorRequests(createRetry, () =>
    findTransactionCoordinator()
  )
`,
  ],
  [
    '      async initProducerId() {\n        return retrier(',
    '      async initProducerId() {\n        return (transactional ? coordinatorRetrier : retrier)(',
  ],
  // A transactional id's coordinator on a node just lost: retried until the id moves to another.
  [
    '            if (INIT_PRODUCER_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {\n',
    '            if (INIT_PRODUCER_RETRIABLE_PROTOCOL_ERRORS.includes(e.type) || (transactional && unwrapped(e).retriable)) {\n',
  ],
  [
    '        transactionalGuard()\n        const newTopicPartitions = {}\n',
    '        transactionalGuard()\n        return serialized(async () => {\n        const newTopicPartitions = {}\n',
  ],
  [
    `          const broker = await findTransactionCoordinator()
          await broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
`,
    `          await coordinatorRequest(broker =>
            broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
          )
`,
  ],
  [
    `            transactionTopicPartitions[topic][partition] = true
          })
        })
      },
`,
    `            transactionTopicPartitions[topic][partition] = true
          })
        })
        })
      },
`,
  ],
  endTxn(true),
  endTxn(false),
];

export const transactionCoordinator: Patch = {
  why: "the coordinator's requests one at a time, retried while retriable (CONCURRENT_TRANSACTIONS, a coordinator lost); a producer id from the broker already connected, with no Metadata first",
  issue: 'kafkajs #1315, #430',
  proof:
    'test/unit/kafkajs/coordinator-patch.test.ts (a scripted coordinator); test/integration/transactions.test.ts and test/fault/transaction-leader-killed.test.ts on the cluster',
  files: [
    {
      file: 'kafkajs/src/producer/eosManager/index.js',
      code: { module: 'coordinator-requests.ts', names: ['coordinatorRequests', 'unwrapped'] },
      changes: [...initProducerIdOnConnectedBroker, ...transactionRequests],
    },
  ],
};
