// What the demos share: a step printed as the shell command it runs, Kafka's tools, the local cluster
// started when no broker answers, and a topic's record count (so the console consumer ends by itself).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { brokersSeenBy, KAFKA_HOME, ROOT, up } from '../kafka/cluster.js';

export const BOOTSTRAP = 'localhost:9092';

/** A command as it would be typed, quoted where the shell needs it. */
export const shown = (command: string, args: string[]) =>
  [command, ...args].map((a) => (/[\s|"{}]/.test(a) ? `'${a}'` : a)).join(' ');

/** Runs one step of a demo, its command and purpose first; its exit status. */
export function step(title: string, command: string, args: string[]): number {
  process.stderr.write(`\n$ ${shown(command, args)}   # ${title}\n`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT });
  return status ?? 1;
}

export const tool = (name: string) => join(KAFKA_HOME, 'bin', name);

/** Starts the local cluster when no broker answers on localhost:9092. */
export async function ensureCluster(): Promise<void> {
  if ((await brokersSeenBy(9092)) !== null) return;
  process.stderr.write('No broker answers on localhost:9092: starting the local cluster (npm run kafka:up)\n');
  const { bootstrap } = await up();
  process.stderr.write(`kafka: running: ${bootstrap}\n`);
}

/** How many records the topic holds. */
export async function recordCount(topic: string): Promise<number> {
  const admin = new kafkajs.Kafka({ brokers: [BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/** Creates the topic with 6 partitions, as the walk-through does, unless it exists. */
export const createTopic = (topic: string, title: string) =>
  step(title, tool('kafka-topics'), [
    '--bootstrap-server',
    BOOTSTRAP,
    '--create',
    '--if-not-exists',
    '--topic',
    topic,
    '--partitions',
    '6',
  ]);
