// The launcher against its real nodes: idempotent up, status, the walk-through's topic commands, one node
// killed and started again, down and up. Runs alone (fileParallelism is off for integration tests).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP,
  brokersSeenBy,
  down,
  freezeNode,
  KAFKA,
  killNode,
  NODE_IDS,
  ROOT,
  startNode,
  status,
  thawNode,
  up,
  waitReady,
} from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { runTool } from '../support/oracles.js';
import { freshTopic, kafkaAdmin } from '../support/topics.js';

const execFileAsync = promisify(execFile);

/** Whether a process still runs: exited ones are gone from /proc, or zombies until their parent reaps them. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface PartitionLine {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** kafka-topics --describe, parsed: Kafka's own view of leaders and ISRs. */
async function describe_(topic: string): Promise<{ header: string; partitions: PartitionLine[] }> {
  const out = await runTool('kafka-topics', ['--bootstrap-server', BOOTSTRAP, '--describe', '--topic', topic]);
  const lines = out.trim().split('\n');
  const field = (line: string, name: string) => new RegExp(`${name}: ([^\\t]*)`).exec(line)?.[1] ?? '';
  const ids = (text: string) => text.split(',').filter(Boolean).map(Number);
  return {
    header: lines[0],
    partitions: lines.slice(1).map((line) => ({
      partition: Number(field(line, 'Partition')),
      leader: Number(field(line, 'Leader')),
      replicas: ids(field(line, 'Replicas')),
      isr: ids(field(line, 'Isr')),
    })),
  };
}

/** Waits, through the admin API (fast), until every partition's ISR has this size. */
async function waitForIsr(topic: string, size: number, timeoutMs = 90_000): Promise<void> {
  const admin = kafkaAdmin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      if (topics[0].partitions.every((p) => p.isr.length === size && p.leader >= 0)) return;
      if (Date.now() > deadline) throw new Error(`ISR of ${topic} did not reach ${size}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

describe('the local cluster', () => {
  it('runs three nodes, and a second up starts nothing', async () => {
    expect(status().map((s) => s.state)).toEqual(['running', 'running', 'running']);
    expect(await up()).toEqual({ started: [], bootstrap: BOOTSTRAP });
    const { stdout } = await execFileAsync('npx', ['tsx', join(ROOT, 'kafka', 'cli.ts'), 'up'], { cwd: ROOT });
    const mode = KAFKA.mode === 'kraft' ? 'KRaft' : 'ZooKeeper';
    expect(stdout).toContain(
      `kafka: the cluster is already running, Kafka ${KAFKA.version} (${mode}): 127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094`,
    );
  });

  it('replays the Python SimpleProducer walk-through: 6 partitions, replication factor 3, ISR of 3', async () => {
    const topic = `walkthrough.${Date.now()}`;
    const created = await runTool('kafka-topics', [
      '--bootstrap-server',
      'localhost:9092',
      '--create',
      '--topic',
      topic,
      '--partitions',
      '6',
    ]);
    expect(created).toContain(`Created topic ${topic}.`);
    const { header, partitions } = await describe_(topic);
    expect(header).toMatch(/PartitionCount: 6\tReplicationFactor: 3\t/);
    expect(header).toContain('min.insync.replicas=2');
    expect(partitions).toHaveLength(6);
    for (const p of partitions) expect(p.isr.sort()).toEqual([1, 2, 3]);
  });

  it('keeps every partition led with ISR 2 when one node is killed, takes acks=all writes, and heals', async () => {
    const topic = await freshTopic(6);
    const victim = (await describe_(topic)).partitions[0].leader as 1 | 2 | 3;
    await killNode(victim);
    expect(status().find((s) => s.id === victim)?.state).toBe('stopped');
    await waitForIsr(topic, 2);
    for (const p of (await describe_(topic)).partitions) {
      expect(p.leader).not.toBe(victim);
      expect(p.isr).toHaveLength(2);
    }
    const run = await runCli([...fullSpeed(topic, 50), '--acks', 'all']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('50 delivered, 0 failed');
    await startNode(victim);
    await waitForIsr(topic, 3);
    for (const p of (await describe_(topic)).partitions) expect(p.isr.sort()).toEqual([1, 2, 3]);
  });

  it('freezes a node with SIGSTOP and thaws it with SIGCONT', async () => {
    await freezeNode(2);
    try {
      expect(status().find((s) => s.id === 2)?.state).toBe('frozen');
      expect(await brokersSeenBy(9093)).toBeNull();
    } finally {
      await thawNode(2);
    }
    expect(status().find((s) => s.id === 2)?.state).toBe('running');
    await waitReady([2]);
  });

  it('refuses to start a second cluster on ports in use, names the port and leaves nothing running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-kafka-'));
    try {
      const cli = join(ROOT, 'kafka', 'cli.ts');
      const result = await execFileAsync('npx', ['tsx', cli, 'up'], {
        cwd: ROOT,
        env: { ...process.env, SIMPLE_PRODUCE_KAFKA_DIR: dir },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        "kafka: port 9092 (node 1) is already in use by a process that is not this cluster's node 1\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops every node by pid on down, and starts again on up', async () => {
    const pids = status().map((s) => s.pid);
    expect(await down()).toEqual([...NODE_IDS]);
    for (const pid of pids) expect(alive(pid as number)).toBe(false);
    expect(status().map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
    const { started } = await up();
    expect(started).toEqual([...NODE_IDS]);
  });
});
