// The built CLI against the real cluster, checked with Kafka's own console consumer and the Java
// client's partitioner.
import { describe, expect, it } from 'vitest';
import { deliveredLines, fullSpeed, runCli } from '../support/cli.js';
import { byPartitionOffset, consoleConsume, javaPartitions } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

describe('simple-produce against the local cluster', () => {
  it("runs the walk-through's job: --duration 10 sends 10 messages a second apart, each report where Kafka stored it", async () => {
    const topic = await freshTopic(6);
    const run = await runCli(['--topic', topic, '--duration', '10']);
    expect(run.code).toBe(0);
    const reports = deliveredLines(run.stderr);
    expect(reports).toHaveLength(10);
    expect(run.stderr).toContain('% Waiting for ');
    expect(run.stderr).toContain('% done: 10 sent, 10 delivered, 0 failed');

    const records = await consoleConsume(topic, 10);
    expect(records.map((r) => r.key).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 10 }, (_, n) => String(n)),
    );
    for (const r of records) expect(r.value).toBe(`hello world: ${r.key}`);
    // Every (partition, offset) printed is one Kafka holds, and Kafka holds no other.
    expect(reports.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset)).toEqual(
      records.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset),
    );
    // Each key sits where the Java client would have put it.
    const java = await javaPartitions(
      records.map((r) => r.key),
      6,
    );
    for (const r of records) expect(r.partition).toBe(java.get(r.key));
    // Pacing: message n's CreateTime is within 50 ms of start + n × 1000.
    const byKey = [...records].sort((a, b) => Number(a.key) - Number(b.key));
    const deviations = byKey.map((r, n) => Math.abs(r.timestamp - (byKey[0].timestamp + n * 1000)));
    console.log(`pacing at 1000 ms: largest deviation ${Math.max(...deviations)} ms`);
    expect(Math.max(...deviations)).toBeLessThanOrEqual(50);
  });

  it('at full speed reports every message at its true partition and offset', async () => {
    const topic = await freshTopic(6);
    const run = await runCli([...fullSpeed(topic, 2000)]);
    expect(run.code).toBe(0);
    const reports = deliveredLines(run.stderr);
    expect(reports).toHaveLength(2000);
    const records = await consoleConsume(topic, 2000);
    expect(records).toHaveLength(2000);
    expect(new Set(records.map((r) => r.key)).size).toBe(2000);
    expect(reports.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset)).toEqual(
      records.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset),
    );
  });

  it('paces --interval 200 from the start, without drift', async () => {
    const topic = await freshTopic(6);
    const run = await runCli(['--topic', topic, '--count', '20', '--interval', '200', '--quiet']);
    expect(run.code).toBe(0);
    expect(deliveredLines(run.stderr)).toHaveLength(0);
    const records = (await consoleConsume(topic, 20)).sort((a, b) => Number(a.key) - Number(b.key));
    const deviations = records.map((r, n) => Math.abs(r.timestamp - (records[0].timestamp + n * 200)));
    console.log(`pacing at 200 ms: largest deviation ${Math.max(...deviations)} ms`);
    expect(Math.max(...deviations)).toBeLessThanOrEqual(50);
    // No sleep after the last message: 19 intervals, plus start-up and the final flush.
    expect(run.ms).toBeLessThan(19 * 200 + 3000);
  });

  it('creates a missing topic where the cluster creates topics on first use, as a producer would', async () => {
    const topic = `test.auto.${Date.now()}`;
    const run = await runCli([...fullSpeed(topic, 3)]);
    expect(run.code).toBe(0);
    expect(await consoleConsume(topic, 3)).toHaveLength(3);
  });

  it("asks the brokers for its own topic's metadata only, never for every topic of the cluster", async () => {
    const [ours, other] = [await freshTopic(1), await freshTopic(1)];
    const run = await runCli(['-t', ours, '--count', '1', '--debug']);
    expect(run.code).toBe(0);
    const metadata = run.stderr.split('\n').filter((l) => l.includes('Response Metadata'));
    expect(metadata.length).toBeGreaterThan(0);
    expect(metadata.some((l) => l.includes(ours))).toBe(true);
    expect(metadata.filter((l) => l.includes(other))).toEqual([]);
  });

  it('says which brokers it could not reach and exits 3 within the timeout', async () => {
    const run = await runCli(['--topic', 't', '--count', '1', '--brokers', '127.0.0.1:1', '--timeout', '2000']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^simple-produce: cannot connect to any broker of 127\.0\.0\.1:1\b[^\n]*\n$/);
    expect(run.ms).toBeLessThan(4000);
  });

  it('refuses bad usage with one line and exit 2, before connecting', async () => {
    const run = await runCli(['--topic', 'bad topic', '--brokers', '127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('simple-produce: --topic must be 1 to 249 characters of a-z, A-Z, 0-9, ".", "_" and "-"\n');
    expect(run.ms).toBeLessThan(2000);
  });

  it('prints its version and help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
  });
});
