// npm run demo: the Python SimpleProducer walk-through on the embedded default. Starts the local cluster if no broker
// answers on localhost:9092, creates pcy.simple.producer with 6 partitions, sends ten messages with
// simple-produce, then shows them with Kafka's console consumer (key|partition|offset).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { brokersSeenBy, KAFKA_HOME, ROOT, up, walkThroughConsumerArgs } from '../kafka/cluster.js';

const TOPIC = 'pcy.simple.producer';
const BOOTSTRAP = 'localhost:9092';

function step(title: string, command: string, args: string[]): number {
  process.stderr.write(
    `\n$ ${[command, ...args].map((a) => (/[\s|"]/.test(a) ? `'${a}'` : a)).join(' ')}   # ${title}\n`,
  );
  const { status } = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT });
  return status ?? 1;
}

const tool = (name: string) => join(KAFKA_HOME, 'bin', name);

if ((await brokersSeenBy(9092)) === null) {
  process.stderr.write('No broker answers on localhost:9092: starting the local cluster (npm run kafka:up)\n');
  const { bootstrap } = await up();
  process.stderr.write(`kafka: running: ${bootstrap}\n`);
}
step('create the topic, as the walk-through does', tool('kafka-topics'), [
  '--bootstrap-server',
  BOOTSTRAP,
  '--create',
  '--if-not-exists',
  '--topic',
  TOPIC,
  '--partitions',
  '6',
]);
step('describe it', tool('kafka-topics'), ['--bootstrap-server', BOOTSTRAP, '--describe', '--topic', TOPIC]);
const produced = step('produce ten messages, one a second', process.execPath, [
  join(ROOT, 'bin', 'simple-produce.cjs'),
  '--topic',
  TOPIC,
  '--duration',
  '10',
  '--brokers',
  BOOTSTRAP,
]);
// Read exactly what the topic holds, so the console consumer ends by itself.
const admin = new kafkajs.Kafka({ brokers: [BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING }).admin();
await admin.connect();
const offsets = await admin.fetchTopicOffsets(TOPIC);
await admin.disconnect();
const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
step("read the topic back with Kafka's console consumer", tool('kafka-console-consumer'), [
  ...walkThroughConsumerArgs(BOOTSTRAP, TOPIC),
  '--max-messages',
  String(total),
]);
process.exit(produced);
