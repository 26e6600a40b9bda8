// SIGINT and SIGTERM at random points of a full-speed run, several trials: every message
// the broker acknowledged was reported, and the log holds nothing that was reported failed.
import { describe, expect, it } from 'vitest';
import { fullSpeed, runCliWithFault } from '../support/cli.js';
import { judge, TABLE_HEADER } from '../support/judge.js';
import { freshTopic } from '../support/topics.js';

const trials = [
  ['SIGINT', 1],
  ['SIGINT', 2],
  ['SIGINT', 3],
  ['SIGTERM', 1],
  ['SIGTERM', 2],
  ['SIGTERM', 3],
] as const;

describe('signals at random points of a full-speed run', () => {
  it.each(trials)('%s, trial %d', async (signal, trial) => {
    const topic = await freshTopic(6);
    // At a random point of the run: after 10 000 to 300 000 of its 1 000 000 messages are delivered.
    const after = 10_000 + Math.floor(Math.random() * 290_000);
    const result = await runCliWithFault(
      [...fullSpeed(topic, 1000000), '--json', '--quiet'],
      { event: 'delivered', after },
      async (child) => {
        child.kill(signal);
      },
    );
    console.log(TABLE_HEADER);
    const j = await judge(topic, result.stdout, `${signal} after ${after} delivered (trial ${trial})`);
    expect(result.eventsBeforeFault).toBeGreaterThanOrEqual(after);
    expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(j.sent).toBeLessThan(1_000_000);
    // Everything acknowledged was reported, and is where its report says; nothing else is in the log.
    expect(j).toMatchObject({ failed: 0, duplicates: 0, lost: 0, misplaced: 0, failedInLog: 0 });
    expect(j.delivered).toBe(j.sent);
    expect(j.inLog).toBe(j.delivered);
  });
});
