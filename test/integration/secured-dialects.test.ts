// --command-config in both dialects, for each SASL mechanism: the Java client's (the file Kafka's own
// tools take) and librdkafka's; what we report delivered is what the console consumer reads. Apart
// from secured.test.ts so that test:node's smoke set leaves out this parsing, the same on every Node.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { SASL_MECHANISMS, TLS } from '../../kafka/cluster.js';
import { dir, expectLanded, javaConfig, json, produce, SASL_SSL, user } from '../support/secured.js';
import { freshTopic } from '../support/topics.js';

describe('--command-config', () => {
  for (const mechanism of SASL_MECHANISMS) {
    it(`reads the Java client's dialect (sasl.jaas.config, PEM truststore), ${mechanism}: the file Kafka's tools use`, async () => {
      const topic = await freshTopic(6);
      const config = javaConfig(mechanism);
      // No --brokers: bootstrap.servers comes from the file and wins over KAFKA_BROKERS (runCli sets it).
      const run = await produce([...json(topic), '--command-config', config]);
      await expectLanded(topic, run, 20, SASL_SSL, config);
    });

    it(`reads librdkafka's dialect (sasl.mechanisms, sasl.username, sasl.password, ssl.ca.location), ${mechanism}`, async () => {
      const topic = await freshTopic(6);
      const file = join(dir, `librdkafka-${mechanism}.properties`);
      writeFileSync(
        file,
        [
          '# as Confluent Cloud hands it out',
          `bootstrap.servers=${SASL_SSL}`,
          'security.protocol=SASL_SSL',
          `sasl.mechanisms=${mechanism}`,
          `sasl.username=${user.username}`,
          `sasl.password=${user.password}`,
          `ssl.ca.location=${TLS.ca.certFile}`,
          '',
        ].join('\n'),
      );
      const run = await produce([...json(topic), '--command-config', file]);
      await expectLanded(topic, run, 20, SASL_SSL, javaConfig(mechanism));
    });
  }
});
