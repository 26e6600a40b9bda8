// The transaction coordinator's requests as the Java client's TransactionManager sends them: one at a
// time, each retried (with the coordinator found again) while the answer is retriable, for some
// 30 s. kafkajs sent AddPartitionsToTxn and EndTxn once each, and two partitions whose leaders differ
// added themselves at the same time (kafkajs #1315, #430), so the coordinator answered
// CONCURRENT_TRANSACTIONS, which kafkajs gave up on.
import type { CreateRetry } from './kafkajs-internals.js';

interface Broker {
  [request: string]: unknown;
}

/** kafkajs's own retries, run out (finding the coordinator on a node just lost), say "not retriable":
 * the error under them says what it was. */
export const unwrapped = (e: Error): Error & { retriable?: boolean } =>
  e.name === 'KafkaJSNumberOfRetriesExceeded' && e.cause ? (e.cause as Error) : e;

export function coordinatorRequests(createRetry: CreateRetry, findTransactionCoordinator: () => Promise<Broker>) {
  const coordinatorRetrier = createRetry({ initialRetryTime: 20, maxRetryTime: 500, retries: 60 });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    coordinatorRetrier,
    /** Runs fn after every request queued before it has ended. */
    serialized<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(fn, fn);
      queue = run.catch(() => {});
      return run;
    },
    /** A request to the coordinator, retried while retriable. */
    coordinatorRequest<T>(request: (broker: Broker) => Promise<T>): Promise<T> {
      return coordinatorRetrier(async () => {
        try {
          return await request(await findTransactionCoordinator());
        } catch (e) {
          throw unwrapped(e as Error);
        }
      });
    },
  };
}
