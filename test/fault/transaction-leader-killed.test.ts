// A partition leader killed (kill -9) during a transactional run of a 200 000-line file, committed
// every 20 000 records, with a delivery timeout short enough that some transactions may fail: each
// transaction is either committed with every record of it once, or aborted with none of it visible
// (judged with kcat, read_committed); never part of one. Sending --failed-out again (with the same
// transactional id) then leaves every line in the topic exactly once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killNode, type NodeId, startNode } from '../../kafka/cluster.js';
import { eventsAfterFault, type JsonEvent, jsonEvents, runCli, runCliWithFault } from '../support/cli.js';
import { keyCopies, linesOf } from '../support/oracles.js';
import { freshTopic, leaders } from '../support/topics.js';

const LINES = 200_000;
const SIZE = 20_000;

/** The run's transactions: the reports before each committed or aborted event are its records. */
function transactionsOf(events: JsonEvent[]): { end: JsonEvent; keys: string[] }[] {
  const transactions: { end: JsonEvent; keys: string[] }[] = [];
  let keys: string[] = [];
  for (const e of events) {
    if (e.event === 'delivered' || e.event === 'failed') keys.push(String(e.key));
    else if (e.event === 'committed' || e.event === 'aborted') {
      transactions.push({ end: e, keys });
      keys = [];
    }
  }
  return transactions;
}

describe('a transactional run with a leader killed mid-run', () => {
  it('commits each transaction whole or aborts it whole, and --failed-out sends exactly the aborted ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transaction-fault-'));
    const input = join(dir, 'records.txt');
    writeFileSync(input, Array.from({ length: LINES }, (_, n) => `${n}|line ${n + 1}\n`).join(''));
    const failedOut = join(dir, 'failed.txt');
    const topic = await freshTopic(6);
    const victim: NodeId = 2;
    const id = `${topic}.tx`;
    const tx = ['--transactional-id', id, '--transaction-size', String(SIZE)];
    const args = ['-t', topic, '--input', input, '-K', '|', '--json', '--quiet', '--failed-out', failedOut, ...tx];
    expect(await leaders(topic), `node ${victim} leads a partition of the topic`).toContain(victim);
    // Killed once the first transaction has committed, while the second is under way.
    const result = await runCliWithFault(
      [...args, '--delivery-timeout', '4000'],
      { event: 'committed', after: 1 },
      () => killNode(victim),
    );
    await startNode(victim);
    // The kill landed mid-run: a transaction committed before it, and records were reported after it.
    expect(result.eventsBeforeFault).toBe(1);
    expect(
      eventsAfterFault(result).filter((e) => e.event === 'delivered' || e.event === 'failed').length,
    ).toBeGreaterThan(0);

    const events = jsonEvents(result.stdout);
    expect(events.at(-1)).toMatchObject({ event: 'summary', sent: LINES });
    const transactions = transactionsOf(events);
    expect(transactions.reduce((sum, t) => sum + t.keys.length, 0)).toBe(LINES);
    const copies = await keyCopies(topic, 'read_committed');
    for (const { end, keys } of transactions) {
      const visible = keys.filter((k) => copies.has(k)).length;
      if (end.event === 'committed') {
        expect(end.records).toBe(keys.length);
        expect(visible, `transaction ${end.transaction}, committed`).toBe(keys.length);
      } else expect(visible, `transaction ${end.transaction}, aborted (${end.error})`).toBe(0);
    }
    expect([...copies.values()].every((times) => times === 1)).toBe(true);
    const delivered = events.filter((e) => e.event === 'delivered').map((e) => String(e.key));
    expect(new Set(delivered)).toEqual(new Set(copies.keys()));
    const aborted = transactions.filter((t) => t.end.event === 'aborted');
    const failed = events.filter((e) => e.event === 'failed');
    // An aborted transaction's records are not "possibly persisted": none of them is visible.
    expect(linesOf(`${failedOut}.possibly-persisted`)).toEqual([]);
    expect(linesOf(failedOut)).toHaveLength(failed.length);
    console.log(
      `transaction fault: ${transactions.length} transactions, ${aborted.length} aborted (${aborted.map((t) => t.end.error).join('; ')}), exit ${result.code}`,
    );

    // What was aborted goes again, with the same id: then every line is there once.
    if (failed.length > 0) {
      const again = await runCli(['-t', topic, '--input', failedOut, '-K', '|', '--quiet', ...tx]);
      expect(again.code).toBe(0);
    }
    const after = await keyCopies(topic, 'read_committed');
    expect(after.size).toBe(LINES);
    expect([...after.values()].every((times) => times === 1)).toBe(true);
  });
});
