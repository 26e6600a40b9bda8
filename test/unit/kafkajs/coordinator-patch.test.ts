// The transaction coordinator patch (src/kafkajs/patches/transaction-coordinator.ts) against a scripted
// coordinator: AddPartitionsToTxn and EndTxn go one at a time, and CONCURRENT_TRANSACTIONS is retried.
// kafkajs as published fails the same script, which is what the patch is for (kafkajs #1315, #430).
import { describe, expect, it } from 'vitest';
import { type Internals, loadKafkajs, silentLogger } from '../../support/kafkajs-bundle.js';

const entry = `module.exports = {
  createEosManager: require('kafkajs/src/producer/eosManager'),
  createErrorFromCode: require('kafkajs/src/protocol/error').createErrorFromCode,
}`;

const CONCURRENT_TRANSACTIONS = 51;

/** A coordinator that answers CONCURRENT_TRANSACTIONS to the first `refusals` requests of each kind, and
 * counts the requests and the most in flight at once. */
function scriptedCoordinator(kafkajs: Internals, refusals: number) {
  const seen = { addPartitionsToTxn: 0, endTxn: 0, mostAtOnce: 0 };
  let inFlight = 0;
  const answer = async (request: 'addPartitionsToTxn' | 'endTxn') => {
    seen[request]++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, ++inFlight);
    const refused = seen[request] <= refusals;
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    if (refused) throw kafkajs.createErrorFromCode(CONCURRENT_TRANSACTIONS);
    return {};
  };
  const broker = {
    initProducerId: async () => ({ producerId: 7, producerEpoch: 0 }),
    addPartitionsToTxn: () => answer('addPartitionsToTxn'),
    endTxn: () => answer('endTxn'),
  };
  const cluster = {
    retry: { initialRetryTime: 10, retries: 0 },
    refreshMetadataIfNecessary: async () => {},
    findGroupCoordinator: async () => broker,
    findControllerBroker: async () => broker,
    brokerPool: { seedBroker: broker },
  };
  return { cluster, seen };
}

/** One transaction whose two partitions add themselves at once, then its commit. */
async function transactionOfTwoPartitions(patched: boolean, refusals: number) {
  const kafkajs = await loadKafkajs(entry, patched);
  const { cluster, seen } = scriptedCoordinator(kafkajs, refusals);
  const eos = kafkajs.createEosManager({ logger: silentLogger, cluster, transactional: true, transactionalId: 'tx' });
  await eos.initProducerId();
  eos.beginTransaction();
  const outcome = Promise.all([
    eos.addPartitionsToTransaction([{ topic: 'a', partitions: [{ partition: 0 }] }]),
    eos.addPartitionsToTransaction([{ topic: 'b', partitions: [{ partition: 0 }] }]),
  ]).then(() => eos.commit());
  return { outcome, seen };
}

describe('the transaction coordinator patch', () => {
  it('sends AddPartitionsToTxn one at a time and retries CONCURRENT_TRANSACTIONS, then EndTxn likewise', async () => {
    const { outcome, seen } = await transactionOfTwoPartitions(true, 1);
    await outcome;
    expect(seen.mostAtOnce).toBe(1);
    // Each partition's request, and the one refused sent again; the commit refused once, then sent again.
    expect(seen.addPartitionsToTxn).toBe(3);
    expect(seen.endTxn).toBe(2);
  });

  it('is needed: kafkajs as published sends them at once and gives up on CONCURRENT_TRANSACTIONS', async () => {
    const { outcome, seen } = await transactionOfTwoPartitions(false, 1);
    await expect(outcome).rejects.toMatchObject({ type: 'CONCURRENT_TRANSACTIONS' });
    expect(seen.mostAtOnce).toBe(2);
  });
});
