// Two of three nodes killed (brought back, or not), a node frozen for 10 s, and the whole cluster
// gone for good, each once the run has delivered some of its messages.
import { afterEach, describe, expect, it } from 'vitest';
import { freezeNode, killNode, NODE_IDS, startNode, status, thawNode, up } from '../../kafka/cluster.js';
import {
  eventsAfterFault,
  type FaultRun,
  fullSpeed,
  jsonEvents,
  runCliWithFault,
  startCliWithFault,
} from '../support/cli.js';
import { expectEachDeliveredOnce, judge, TABLE_HEADER } from '../support/judge.js';
import { freshTopic } from '../support/topics.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DELIVERED_5000 = { event: 'delivered', after: 5000 } as const;

/** The fault landed mid-run: messages were delivered before it, and after it had landed. */
function expectMidRun(result: FaultRun): void {
  expect(result.eventsBeforeFault).toBeGreaterThan(0);
  expect(eventsAfterFault(result).filter((e) => e.event === 'delivered').length).toBeGreaterThan(0);
}

afterEach(async () => {
  for (const s of status()) if (s.state === 'frozen') await thawNode(s.id);
  await up(); // whatever a scenario left stopped starts again
});

describe('nodes down mid-run', () => {
  it('two of three nodes killed and brought back within the delivery timeout: all delivered once', async () => {
    const topic = await freshTopic(6);
    // Enough messages that the kill lands mid-run: 50 000 were once all delivered before it had.
    const { landed, ended } = startCliWithFault(
      [...fullSpeed(topic, 300000), '--delivery-timeout', '90000', '--json', '--quiet'],
      DELIVERED_5000,
      () => Promise.all([killNode(2), killNode(3)]),
    );
    await landed;
    await sleep(8000);
    await Promise.all([startNode(2), startNode(3)]);
    const result = await ended;
    expectMidRun(result);
    console.log(TABLE_HEADER);
    if (!result.stdout.includes('"event":"summary"'))
      console.log(`exit ${result.code}; stderr: ${result.stderr.slice(-1500)}`);
    const j = await judge(topic, result.stdout, 'nodes 2 and 3 killed, back after 8 s');
    expect(result.code).toBe(0);
    expectEachDeliveredOnce(j, 300000);
  });

  it('two of three nodes killed for good: the rest fail with a reason within the delivery timeout, exit 1', async () => {
    const topic = await freshTopic(6);
    let killedAt = 0;
    // At a fixed rate the kill lands while most messages are still to come, however fast the
    // producer is; the last is produced 2.5 s in and has timed out by 12.5 s.
    const result = await runCliWithFault(
      ['--topic', topic, '--count', '50000', '--rate', '20000', '--delivery-timeout', '10000', '--json', '--quiet'],
      DELIVERED_5000,
      async () => {
        await Promise.all([killNode(2), killNode(3)]);
        killedAt = Date.now();
      },
    );
    expect(result.eventsBeforeFault).toBeGreaterThanOrEqual(DELIVERED_5000.after);
    const endedAfterKill = Date.now() - killedAt;
    const events = jsonEvents(result.stdout);
    const reasons = new Map<string, number>();
    const messages = new Map<string, number>();
    for (const e of events.filter((x) => x.event === 'failed')) {
      reasons.set(String(e.code), (reasons.get(String(e.code)) ?? 0) + 1);
      messages.set(String(e.error), (messages.get(String(e.error)) ?? 0) + 1);
    }
    await Promise.all([startNode(2), startNode(3)]);
    console.log(TABLE_HEADER);
    const j = await judge(topic, result.stdout, 'nodes 2 and 3 killed for good');
    console.log(
      `ended ${endedAfterKill} ms after the kill; failure reasons: ${JSON.stringify(Object.fromEntries(reasons))}`,
    );
    for (const [message, n] of messages) console.log(`  ${n} x ${message}`);
    expect(result.code).toBe(1);
    expect(endedAfterKill).toBeLessThan(10_000 + 5000);
    expect(j.delivered + j.failed).toBe(j.sent);
    expect(j.failed).toBeGreaterThan(0);
    expect(j).toMatchObject({ duplicates: 0, lost: 0, misplaced: 0 });
    for (const code of reasons.keys()) expect(code).toMatch(/^[A-Z_]+$/);
  });

  it('a node frozen for 10 s: the local queue fills, the producer waits, all delivered once', async () => {
    const topic = await freshTopic(6);
    const { landed, ended } = startCliWithFault(
      [...fullSpeed(topic, 300000), '--json', '--quiet'],
      { event: 'delivered', after: 20_000 },
      () => freezeNode(1),
    );
    await landed;
    await sleep(10_000);
    await thawNode(1);
    const result = await ended;
    expectMidRun(result);
    console.log(TABLE_HEADER);
    const j = await judge(topic, result.stdout, 'node 1 frozen 10 s');
    expect(result.stderr).toContain('% Local producer queue is full (100000 messages awaiting delivery): try again');
    expect(result.code).toBe(0);
    expectEachDeliveredOnce(j, 300000);
  });

  it('the whole cluster gone for good: every unreported message fails within the delivery timeout, no hang', async () => {
    const topic = await freshTopic(6);
    let killedAt = 0;
    const result = await runCliWithFault(
      [...fullSpeed(topic, 150000), '--delivery-timeout', '6000', '--json', '--quiet'],
      { event: 'delivered', after: 20_000 },
      async () => {
        await Promise.all(NODE_IDS.map((id) => killNode(id)));
        killedAt = Date.now();
      },
    );
    expect(result.eventsBeforeFault).toBeGreaterThanOrEqual(20_000);
    const endedAfterKill = Date.now() - killedAt;
    await up();
    console.log(TABLE_HEADER);
    const j = await judge(topic, result.stdout, 'all nodes killed for good');
    console.log(`ended ${endedAfterKill} ms after the kill`);
    expect(result.code).toBe(1);
    expect(j.delivered + j.failed).toBe(j.sent);
    expect(j.sent).toBe(150000);
    expect(j).toMatchObject({ duplicates: 0, lost: 0, misplaced: 0 });
    // What was queued when the cluster died times out 6 s after its produce(); the rest follows at the
    // pace the queue frees up, so the run ends within two delivery timeouts plus a few seconds.
    expect(endedAfterKill).toBeLessThan(2 * 6000 + 5000);
  });
});
