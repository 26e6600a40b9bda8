// npm run demo: the Python SimpleProducer walk-through on the embedded default. Starts the local cluster if no broker
// answers on localhost:9092, creates pcy.simple.producer with 6 partitions, sends ten messages with
// simple-produce, then shows them with Kafka's console consumer (key|partition|offset).
import { join } from 'node:path';
import { ROOT, walkThroughConsumerArgs } from '../kafka/cluster.js';
import { BOOTSTRAP, createTopic, ensureCluster, recordCount, step, tool } from './demo-steps.js';

const TOPIC = 'pcy.simple.producer';

await ensureCluster();
createTopic(TOPIC, 'create the topic, as the walk-through does');
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
const total = await recordCount(TOPIC);
step("read the topic back with Kafka's console consumer", tool('kafka-console-consumer'), [
  ...walkThroughConsumerArgs(BOOTSTRAP, TOPIC),
  '--max-messages',
  String(total),
]);
process.exit(produced);
