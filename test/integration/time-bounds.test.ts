// Time bounds against the real cluster: a frozen cluster (every node SIGSTOPped) never hangs the CLI,
// and every message gets its report within the delivery timeout.
import { describe, expect, it } from 'vitest';
import { freezeNode, NODE_IDS, thawNode, waitReady } from '../../kafka/cluster.js';
import { consoleConsume, endOffsets, freshTopic, jsonEvents, runCli } from './helpers.js';

describe('time bounds', () => {
  it('reports every message within --delivery-timeout when the whole cluster freezes mid-run, and exits 1', async () => {
    const topic = await freshTopic(6);
    const run = runCli([
      '--topic',
      topic,
      '--count',
      '300',
      '--interval',
      '10',
      '--delivery-timeout',
      '4000',
      '--json',
      '--quiet',
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    const frozenAt = Date.now();
    for (const id of NODE_IDS) freezeNode(id);
    let result: Awaited<typeof run>;
    try {
      result = await run;
    } finally {
      for (const id of NODE_IDS) thawNode(id);
    }
    // Producing ends about 2 s after the freeze; the last message is reported within 4 s of its produce().
    expect(Date.now() - frozenAt).toBeLessThan(2000 + 4000 + 2000);
    expect(result.code).toBe(1);
    const events = jsonEvents(result.stdout);
    const summary = events[events.length - 1];
    const delivered = events.filter((e) => e.event === 'delivered');
    const failed = events.filter((e) => e.event === 'failed');
    expect(summary).toMatchObject({ event: 'summary', sent: 300, unreported: 0, exitCode: 1 });
    expect(delivered.length + failed.length).toBe(300);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.code).toBe('MSG_TIMED_OUT');
    console.log(`frozen cluster: ${delivered.length} delivered before the freeze, ${failed.length} timed out`);
    // Every message reported delivered is in the log.
    await waitReady(NODE_IDS);
    const inLog = [...(await endOffsets(topic)).values()].reduce((a, b) => a + b, 0);
    expect(inLog).toBeGreaterThanOrEqual(delivered.length);
    const records = await consoleConsume(topic, inLog);
    const stored = new Set(records.map((r) => `${r.key}|${r.partition}|${r.offset}`));
    for (const d of delivered) expect(stored.has(`${d.key}|${d.partition}|${d.offset}`)).toBe(true);
  });
});
