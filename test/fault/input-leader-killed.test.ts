// A partition leader killed (kill -9) while a 1 000 000-line file goes in with --json and
// --failed-out, and a delivery timeout short enough that some records fail: every input line is in
// the log exactly once or reported failed with its line, and after sending the failed-out file
// again (and the possibly persisted records the log does not hold, as the README says to), every
// line is there exactly once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { killNode, type NodeId, startNode } from '../../kafka/cluster.js';
import { eventsAfterFault, jsonEvents, runCli, runCliWithFault } from '../support/cli.js';
import { keyCopies, linesOf } from '../support/oracles.js';
import { freshTopic, leaders } from '../support/topics.js';

const LINES = 1_000_000;

describe('--input with a leader killed mid-run', () => {
  it('loses nothing, duplicates nothing, and --failed-out sends exactly what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'input-fault-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const input = join(dir, 'records.txt');
    writeFileSync(input, Array.from({ length: LINES }, (_, n) => `${n}|line ${n + 1}\n`).join(''));
    const failedOut = join(dir, 'failed.txt');
    const topic = await freshTopic(6);
    const victim: NodeId = 2;
    const args = ['-t', topic, '--input', input, '-K', '|', '--json', '--quiet', '--failed-out', failedOut];
    expect(await leaders(topic), `node ${victim} leads a partition of the topic`).toContain(victim);
    // Killed once 100 000 lines are delivered, with 900 000 still to go.
    const result = await runCliWithFault(
      [...args, '--delivery-timeout', '4000'],
      { event: 'delivered', after: 100_000 },
      () => killNode(victim),
    );
    await startNode(victim);
    // The kill landed mid-run: lines were delivered before it and reported after it.
    expect(result.eventsBeforeFault).toBeGreaterThanOrEqual(100_000);
    expect(eventsAfterFault(result).filter((e) => e.event === 'delivered').length).toBeGreaterThan(0);

    const events = jsonEvents(result.stdout);
    const failed = events.filter((e) => e.event === 'failed');
    const delivered = events.filter((e) => e.event === 'delivered');
    const summary = events[events.length - 1];
    expect(summary).toMatchObject({ event: 'summary', sent: LINES });
    expect(delivered.length + failed.length).toBe(LINES);
    // Each report names its line, and the line's key is the record's.
    for (const e of [...delivered.slice(0, 1000), ...failed]) expect(e.key).toBe(String((e.line as number) - 1));

    const copies = await keyCopies(topic);
    const deliveredKeys = new Set(delivered.map((e) => String(e.key)));
    const failedFor = new Map(failed.map((e) => [String(e.key), e]));
    let failedInLog = 0;
    for (let n = 0; n < LINES; n++) {
      const key = String(n);
      const times = copies.get(key) ?? 0;
      expect(times, `line ${n + 1} is in the log ${times} times`).toBeLessThanOrEqual(1);
      if (deliveredKeys.has(key)) expect(times, `line ${n + 1} was reported delivered`).toBe(1);
      else expect(failedFor.has(key), `line ${n + 1}: neither in the log nor reported failed`).toBe(true);
      if (times === 1 && failedFor.has(key)) failedInLog++;
    }
    // Only a possibly persisted record may be in the log though reported failed.
    const definite = failed.filter((e) => e.possiblyPersisted === false);
    for (const e of definite)
      expect(copies.has(String(e.key)), `line ${e.line} failed, unwritten, yet in the log`).toBe(false);
    const [retry, maybe] = [linesOf(failedOut), linesOf(`${failedOut}.possibly-persisted`)];
    expect(retry.length + maybe.length).toBe(failed.length);
    expect(retry.length).toBe(definite.length);

    // The README's procedure: send the failed ones again, and of the possibly persisted, those the
    // topic does not hold.
    const absent = maybe.filter((line) => !copies.has(line.split('|')[0]));
    const again = join(dir, 'again.txt');
    writeFileSync(again, [...retry, ...absent].map((l) => `${l}\n`).join(''));
    console.log(
      `input fault: ${delivered.length} delivered, ${failed.length} failed (${definite.length} unwritten, ${maybe.length} possibly persisted, of which ${failedInLog} were in the log), exit ${result.code}`,
    );
    if (retry.length + absent.length > 0) {
      const second = await runCli(['-t', topic, '--input', again, '-K', '|', '--quiet']);
      expect(second.code).toBe(0);
    }
    const after = await keyCopies(topic);
    expect(after.size).toBe(LINES);
    expect([...after.values()].every((times) => times === 1)).toBe(true);
    expect(result.code).toBe(failed.length > 0 ? 1 : 0);
  });
});
