// The compatibility suite: what a user's cluster must take, on whichever Kafka the local cluster runs
// (npm test: the pinned release; npm run test:compat: each release and mode of scripts/test-compat.mjs).
// Judged with that release's own tools (console consumer, kafka-dump-log, kafka-topics, kafka-configs)
// and kcat. Topic auto-creation, on and off, is in auto-create.test.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapFor, CLIENT_CONFIG_DIR, KAFKA, type NodeId, STATE_DIR } from '../../kafka/cluster.js';
import { deliveredLines, fullSpeed, jsonEvents, runCli } from '../support/cli.js';
import { expectEachDeliveredOnce, leaderKilledMidRun } from '../support/judge.js';
import { byPartitionOffset, consoleConsume, kcatRecords, runTool, transactionMarkers } from '../support/oracles.js';
import { freshTopic, uniqueTopic } from '../support/topics.js';

const release = `Kafka ${KAFKA.version} (${KAFKA.mode})`;

describe(`on ${release}`, () => {
  it('the Python SimpleProducer walk-through: --create-topic with 6 partitions and 3 replicas, each report where the console consumer reads it', async () => {
    const topic = uniqueTopic('compat.walkthrough');
    const run = await runCli([
      '--topic',
      topic,
      '--duration',
      '3',
      '--create-topic',
      '--partitions',
      '6',
      '--replication-factor',
      '3',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const described = await runTool('kafka-topics', [
      '--bootstrap-server',
      bootstrapFor('PLAINTEXT'),
      '--describe',
      '--topic',
      topic,
    ]);
    expect(described).toMatch(/PartitionCount:\s*6/);
    expect(described).toMatch(/ReplicationFactor:\s*3/);
    const reports = deliveredLines(run.stderr);
    expect(reports).toHaveLength(3);
    const records = await consoleConsume(topic, 3);
    expect(records.map((r) => `${r.key}|${r.value}`).sort()).toEqual([
      '0|hello world: 0',
      '1|hello world: 1',
      '2|hello world: 2',
    ]);
    expect(reports.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset)).toEqual(
      records.map(({ partition, offset }) => ({ partition, offset })).sort(byPartitionOffset),
    );
  });

  it('at full speed, --json: every report is the record kcat reads at that partition and offset', async () => {
    const topic = await freshTopic(6);
    const run = await runCli([...fullSpeed(topic, 5000), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const delivered = jsonEvents(run.stdout).filter((e) => e.event === 'delivered');
    expect(delivered).toHaveLength(5000);
    const log = await kcatRecords(topic);
    expect(log.map((r) => `${r.partition}@${r.offset}=${r.key}|${r.value}`).sort()).toEqual(
      delivered.map((e) => `${e.partition}@${e.offset}=${e.key}|hello world: ${e.key}`).sort(),
    );
  });

  it('--verify reads every acknowledged message back', async () => {
    const topic = await freshTopic(3);
    const run = await runCli(['--topic', topic, '--count', '300', '--interval', '0', '--quiet', '--verify']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('% verified 300/300');
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'])(
    '--compression %s: stored with that codec (kafka-dump-log), read back',
    async (codec) => {
      const topic = await freshTopic(1);
      const run = await runCli([...fullSpeed(topic, 200), '--quiet', '--compression', codec]);
      expect(run.code, run.stderr).toBe(0);
      expect((await consoleConsume(topic, 200)).map((r) => r.value).sort()).toEqual(
        Array.from({ length: 200 }, (_, n) => `hello world: ${n}`).sort(),
      );
      const node = readdirSync(STATE_DIR).find(
        (d) => d.startsWith('node-') && readdirSync(join(STATE_DIR, d, 'data')).includes(`${topic}-0`),
      );
      const segment = join(STATE_DIR, node as string, 'data', `${topic}-0`, '00000000000000000000.log');
      const batches = (await runTool('kafka-dump-log', ['--files', segment]))
        .split('\n')
        .filter((l) => l.startsWith('baseOffset:'));
      expect(batches.length).toBeGreaterThan(0);
      for (const batch of batches) {
        expect(batch).toContain(`compresscodec: ${codec}`);
        expect(batch).toContain('isvalid: true');
      }
    },
  );

  it('SASL_SSL with SCRAM-SHA-512 (--command-config), read back over the same listener', async () => {
    const topic = await freshTopic(3);
    const config = join(CLIENT_CONFIG_DIR, 'sasl_ssl-scram-sha-512.properties');
    // The file's bootstrap.servers (the SASL_SSL listeners) wins over the plaintext KAFKA_BROKERS runCli sets.
    const run = await runCli(['--command-config', config, ...fullSpeed(topic, 100), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const delivered = jsonEvents(run.stdout)
      .filter((e) => e.event === 'delivered')
      .map((e) => `${e.key}|${e.partition}|${e.offset}`)
      .sort();
    expect(delivered).toHaveLength(100);
    const records = await consoleConsume(topic, 100, { bootstrap: bootstrapFor('SASL_SSL'), config });
    expect(records.map((r) => `${r.key}|${r.partition}|${r.offset}`).sort()).toEqual(delivered);
  });

  it('--transactional-id: read_committed sees the committed transactions once, one COMMIT marker each a partition, none of an aborted one', async () => {
    const topic = await freshTopic(3, { 'max.message.bytes': '1000' });
    const tx = ['--transactional-id', `${topic}.tx`, '--transaction-size', '100', '--json', '--quiet'];
    const run = await runCli([...fullSpeed(topic, 300), ...tx]);
    expect(run.code, run.stderr).toBe(0);
    const committed = jsonEvents(run.stdout).filter((e) => e.event === 'committed');
    expect(committed.map((e) => e.records)).toEqual([100, 100, 100]);
    // A value too large for the topic: that transaction is aborted, and nothing of it shows.
    const aborted = await runCli([...fullSpeed(topic, 10), ...tx, '--value', `${'x'.repeat(2000)}{n}`]);
    expect(aborted.code).toBe(1);
    expect(jsonEvents(aborted.stdout).find((e) => e.event === 'aborted')).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    const records = await consoleConsume(topic, 300, null, 'read_committed');
    expect(records.map((r) => r.value).sort()).toEqual(
      Array.from({ length: 300 }, (_, n) => `hello world: ${n}`).sort(),
    );
    const markers = await transactionMarkers(topic, 3);
    const ranges = committed.flatMap((e) => e.partitions as unknown[]);
    expect(markers.filter((m) => m.marker === 'COMMIT')).toHaveLength(ranges.length);
    expect(markers.filter((m) => m.marker === 'ABORT').length).toBeGreaterThan(0);
  });

  it('acks=all, idempotent, a partition leader killed mid-run: all delivered once, every report where Kafka stored it', async () => {
    const topic = await freshTopic(6);
    const victim: NodeId = 2;
    const messages = 150_000;
    const { result, judgement: j } = await leaderKilledMidRun(
      topic,
      victim,
      messages,
      15_000,
      `${release}: node ${victim} killed`,
    );
    expect(result.code).toBe(0);
    expectEachDeliveredOnce(j, messages);
  });
});
