// npm run demo:schema: the walk-through's job with Avro values through a Schema Registry. Starts the
// local cluster if no broker answers on localhost:9092 and the local registry if none answers on its
// port, registers an Avro schema from a file, sends ten records with simple-produce (each read back
// by --verify), then shows them with Kafka's console consumer: each value is the Confluent wire
// format, a zero byte, the schema's id in four bytes, then the Avro binary (its strings readable).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, walkThroughConsumerArgs } from '../kafka/cluster.js';
import { REGISTRY_URL, registryAnswers, registryUp } from '../kafka/registry.js';
import { BOOTSTRAP, createTopic, ensureCluster, recordCount, shown, step, tool } from './demo-steps.js';

const TOPIC = 'pcy.simple.producer.avro';

await ensureCluster();
if (!(await registryAnswers())) {
  process.stderr.write(`No registry answers at ${REGISTRY_URL}: starting the local one (npm run registry:up)\n`);
  await registryUp();
}

const dir = mkdtempSync(join(tmpdir(), 'simple-produce-demo-'));
const schema = join(dir, 'payment.avsc');
writeFileSync(
  schema,
  `${JSON.stringify(
    {
      type: 'record',
      name: 'Payment',
      namespace: 'demo',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'text', type: 'string' },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    },
    null,
    2,
  )}\n`,
);
// Avro's JSON encoding, as kafka-avro-console-producer reads it: a union's value as {"type": value}.
const input = join(dir, 'payments.txt');
const lines = Array.from({ length: 10 }, (_, n) => {
  const note = n % 3 === 0 ? null : { string: `note ${n}` };
  return `${n}|${JSON.stringify({ id: 1000 + n, text: `hello world: ${n}`, note })}`;
});
writeFileSync(input, `${lines.join('\n')}\n`);
process.stderr.write(`\n${schema}:\n`);
spawnSync('cat', [schema], { stdio: 'inherit' });
process.stderr.write(`${input} (key|value):\n`);
spawnSync('head', ['-n', '3', input], { stdio: 'inherit' });

createTopic(TOPIC, 'create the topic');
const produced = step('register the schema, encode and send the file, read each record back', process.execPath, [
  join(ROOT, 'bin', 'simple-produce.cjs'),
  '--topic',
  TOPIC,
  '--brokers',
  BOOTSTRAP,
  '--input',
  input,
  '-K',
  '|',
  '--schema-registry',
  REGISTRY_URL,
  '--value-format',
  'avro',
  '--value-schema',
  schema,
  '--verify',
]);

// The console consumer prints each value's bytes as they are: here the bytes that are not printable
// text are shown as \xNN, so the frame and Avro's binary can be seen.
// Read exactly what the topic holds (earlier demos' records too), so the console consumer ends by itself.
const total = await recordCount(TOPIC);
const consumerArgs = [...walkThroughConsumerArgs(BOOTSTRAP, TOPIC), '--max-messages', String(total)];
process.stderr.write(
  `\n$ ${shown(tool('kafka-console-consumer'), consumerArgs)}   # read it back with Kafka's console consumer (bytes that are not text as \\xNN)\n`,
);
const consumer = spawnSync(tool('kafka-console-consumer'), consumerArgs, {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const text = (consumer.stdout ?? Buffer.alloc(0))
  .toString('latin1')
  .replace(/[^\x20-\x7e\n\t]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
process.stdout.write(text);
process.stderr.write(
  `\nEach value: \\x00 (the wire format's magic byte), the schema id in 4 bytes, then the Avro record.\n` +
    `The schema: ${REGISTRY_URL}/subjects/${TOPIC}-value/versions/latest\n`,
);
process.exit(produced);
