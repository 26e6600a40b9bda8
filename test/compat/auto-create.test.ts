// The compatibility suite's topic auto-creation test, on whichever Kafka the local cluster runs
// (npm run test:compat runs it with the brokers' auto.create.topics.enable on, then again off),
// judged with that release's kafka-configs, kafka-topics and console consumer.
import { describe, expect, it } from 'vitest';
import { bootstrapFor, KAFKA } from '../../kafka/cluster.js';
import { fullSpeed, runCli } from '../support/cli.js';
import { consoleConsume, runTool } from '../support/oracles.js';
import { uniqueTopic } from '../support/topics.js';

const release = `Kafka ${KAFKA.version} (${KAFKA.mode})`;
const stderrLines = (stderr: string) => stderr.split('\n').filter((l) => l !== '');

/** The broker's own auto.create.topics.enable, as that release's kafka-configs reads it. */
async function brokersAutoCreate(): Promise<boolean> {
  const out = await runTool('kafka-configs', [
    '--bootstrap-server',
    bootstrapFor('PLAINTEXT'),
    '--describe',
    '--all',
    '--entity-type',
    'brokers',
    '--entity-name',
    '1',
  ]);
  // "auto.create.topics.enable=false sensitive=false synonyms={..., DEFAULT_CONFIG:auto.create.topics.enable=true}"
  const value = /^\s*auto\.create\.topics\.enable=(\w+)/m.exec(out)?.[1];
  if (value === undefined) throw new Error(`kafka-configs shows no auto.create.topics.enable:\n${out}`);
  return value === 'true';
}

describe(`on ${release}`, () => {
  it('topic auto-creation, as the brokers have it: on, a run creates the topic; off, one line and exit 2', async () => {
    const topic = uniqueTopic('compat.auto');
    const on = await brokersAutoCreate();
    // Where the launcher was told (test:compat), the brokers must have it so: both branches run.
    const asked = process.env.SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS;
    if (asked !== undefined) expect(String(on)).toBe(asked);
    const run = await runCli([...fullSpeed(topic, 3)]);
    if (on) {
      expect(run.code, run.stderr).toBe(0);
      expect(await consoleConsume(topic, 3)).toHaveLength(3);
    } else {
      expect(run.code).toBe(2);
      expect(stderrLines(run.stderr)).toEqual([
        `simple-produce: topic "${topic}" does not exist and the cluster does not create topics on first use (pass --create-topic)`,
      ]);
      const topics = await runTool('kafka-topics', ['--bootstrap-server', bootstrapFor('PLAINTEXT'), '--list']);
      expect(topics.split('\n')).not.toContain(topic);
    }
    console.log(`${release}: auto.create.topics.enable=${on}`);
  });
});
