// How the fault scenarios are judged, the way Apache Kafka's replication system test does it: read
// the whole log back with Kafka's own console consumer and compare it with the delivery reports.
import { expect } from 'vitest';
import { killNode, type NodeId, startNode } from '../../kafka/cluster.js';
import { eventsAfterFault, type FaultRun, fullSpeed, type JsonEvent, jsonEvents, runCliWithFault } from './cli.js';
import { consoleConsume } from './oracles.js';
import { endOffsets, leaders } from './topics.js';

export interface Judgement {
  sent: number;
  delivered: number;
  failed: number;
  inLog: number;
  /** Keys stored more than once. */
  duplicates: number;
  /** Reported delivered, but not in the log at all. */
  lost: number;
  /** Reported delivered at a (partition, offset) that holds something else. */
  misplaced: number;
  /** Reported failed, yet in the log ("possibly persisted" outcomes). */
  failedInLog: number;
  exitCode: number;
  durationMs: number;
}

export async function judge(topic: string, stdout: string, trial: string): Promise<Judgement> {
  const events = jsonEvents(stdout);
  const summary = events[events.length - 1] as JsonEvent & { sent: number; exitCode: number; durationMs: number };
  if (summary?.event !== 'summary') throw new Error(`${trial}: the run printed no summary event`);
  const delivered = events.filter((e) => e.event === 'delivered');
  const failed = events.filter((e) => e.event === 'failed');
  const inLog = [...(await endOffsets(topic)).values()].reduce((a, b) => a + b, 0);
  const records = inLog > 0 ? await consoleConsume(topic, inLog) : [];
  const copies = new Map<string, number>();
  const at = new Map<string, string>();
  for (const r of records) {
    copies.set(r.key, (copies.get(r.key) ?? 0) + 1);
    at.set(`${r.partition}@${r.offset}`, r.key);
  }
  let lost = 0;
  let misplaced = 0;
  for (const d of delivered) {
    const key = String(d.key);
    if (at.get(`${d.partition}@${d.offset}`) === key) continue;
    if (copies.has(key)) misplaced++;
    else lost++;
  }
  const judgement: Judgement = {
    sent: summary.sent,
    delivered: delivered.length,
    failed: failed.length,
    inLog: records.length,
    duplicates: [...copies.values()].filter((n) => n > 1).length,
    lost,
    misplaced,
    failedInLog: failed.filter((f) => copies.has(String(f.key))).length,
    exitCode: summary.exitCode,
    durationMs: summary.durationMs,
  };
  const j = judgement;
  console.log(
    `| ${trial} | ${j.sent} | ${j.delivered} | ${j.failed} | ${j.inLog} | ${j.duplicates} | ${j.lost} | ${j.misplaced} | ${j.failedInLog} | ${j.exitCode} | ${(j.durationMs / 1000).toFixed(1)} s |`,
  );
  return judgement;
}

export const TABLE_HEADER =
  '| trial | sent | delivered | failed | in log | duplicates | lost | misplaced | failed but in log | exit | run |';

/** The promise held: all `sent` messages delivered, each in the log once, where its report says. */
export function expectEachDeliveredOnce(j: Judgement, sent: number): void {
  expect(j).toMatchObject({ sent, delivered: sent, failed: 0, inLog: sent, duplicates: 0, lost: 0, misplaced: 0 });
}

/** A full-speed run of `messages` whose partition leader `victim` is killed (kill -9) once `killAt` of
 * them are delivered, and started again after the run: judged, the kill shown to have landed mid-run
 * on a node that led a partition of the topic. */
export async function leaderKilledMidRun(
  topic: string,
  victim: NodeId,
  messages: number,
  killAt: number,
  trial: string,
): Promise<{ result: FaultRun; judgement: Judgement }> {
  expect(await leaders(topic), `node ${victim} leads a partition of the topic`).toContain(victim);
  const result = await runCliWithFault(
    [...fullSpeed(topic, messages), '--json', '--quiet'],
    { event: 'delivered', after: killAt },
    () => killNode(victim),
  );
  await startNode(victim);
  expect(result.eventsBeforeFault).toBeGreaterThanOrEqual(killAt);
  expect(eventsAfterFault(result).filter((e) => e.event === 'delivered').length).toBeGreaterThan(0);
  console.log(TABLE_HEADER);
  return { result, judgement: await judge(topic, result.stdout, trial) };
}
