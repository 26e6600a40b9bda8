// Time bounds against the real cluster: a frozen cluster (every node SIGSTOPped) never hangs the CLI,
// and every message gets its report within the delivery timeout.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, freezeNode, NODE_IDS, thawNode, waitReady } from '../../kafka/cluster.js';
import { BIN, jsonEvents, runCli } from '../support/cli.js';
import { consoleConsume } from '../support/oracles.js';
import { endOffsets, freshTopic } from '../support/topics.js';

describe('time bounds', () => {
  it('exits at once on a second SIGINT, even while the flush waits on a frozen cluster', async () => {
    const topic = await freshTopic(3);
    const child = spawn(process.execPath, [BIN, '--topic', topic, '--count', '100000', '--interval', '1', '--quiet'], {
      env: { ...process.env, KAFKA_BROKERS: BOOTSTRAP },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(NODE_IDS.map((id) => freezeNode(id)));
    try {
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      const second = Date.now();
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(Date.now() - second).toBeLessThan(1000);
    } finally {
      await Promise.all(NODE_IDS.map((id) => thawNode(id)));
    }
    expect(stderr).toContain('% SIGINT: stopping; flushing what is in flight (SIGINT again to exit at once)');
    expect(stderr).not.toContain('% done:');
    await waitReady(NODE_IDS);
  });

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
    await Promise.all(NODE_IDS.map((id) => freezeNode(id)));
    let result: Awaited<typeof run>;
    try {
      result = await run;
    } finally {
      await Promise.all(NODE_IDS.map((id) => thawNode(id)));
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
