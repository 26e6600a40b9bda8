// Which Kafka the launcher runs, from the environment, and the flavours it refuses before resolving
// anything.
import { describe, expect, it } from 'vitest';
import { autoCreateProblem, flavourName, flavourProblem, kafkaFlavour, pinnedVersion } from '../../../kafka/version.js';

describe('the local cluster’s Kafka release and mode', () => {
  it('is the pinned release in KRaft mode without the variables, and in .kafka', () => {
    const flavour = kafkaFlavour({});
    expect(flavour).toEqual({ version: pinnedVersion(), mode: 'kraft', pinned: true });
    expect(flavourName(flavour)).toBe(pinnedVersion());
    expect(flavourProblem(flavour)).toBeNull();
  });

  it('takes another release and mode, named in its data folder', () => {
    const zk = kafkaFlavour({ SIMPLE_PRODUCE_KAFKA_VERSION: '3.6.2', SIMPLE_PRODUCE_KAFKA_MODE: 'zookeeper' });
    expect(zk).toEqual({ version: '3.6.2', mode: 'zookeeper', pinned: false });
    expect(flavourName(zk)).toBe('3.6.2-zookeeper');
    expect(flavourProblem(zk)).toBeNull();
    // The pinned release in ZooKeeper mode is not the pinned cluster.
    expect(kafkaFlavour({ SIMPLE_PRODUCE_KAFKA_MODE: 'zookeeper' }).pinned).toBe(false);
    expect(flavourProblem(kafkaFlavour({ SIMPLE_PRODUCE_KAFKA_VERSION: '3.9.2' }))).toBeNull();
  });

  it.each([
    [
      { SIMPLE_PRODUCE_KAFKA_VERSION: 'latest' },
      'SIMPLE_PRODUCE_KAFKA_VERSION must be an Apache Kafka release such as 3.9.2, not "latest"',
    ],
    [{ SIMPLE_PRODUCE_KAFKA_MODE: 'zk' }, 'SIMPLE_PRODUCE_KAFKA_MODE must be kraft or zookeeper, not "zk"'],
    [{ SIMPLE_PRODUCE_KAFKA_VERSION: '2.8.2' }, 'Kafka 2.8.2 is older than the launcher runs (3.0 and newer)'],
    [
      { SIMPLE_PRODUCE_KAFKA_VERSION: '4.0.0', SIMPLE_PRODUCE_KAFKA_MODE: 'zookeeper' },
      'Kafka 4.0.0 has no ZooKeeper mode (4.0 removed it)',
    ],
    [
      { SIMPLE_PRODUCE_KAFKA_VERSION: '3.2.3' },
      'Kafka 3.2.3 has KRaft only as an early access: use 3.3 or newer, or SIMPLE_PRODUCE_KAFKA_MODE=zookeeper',
    ],
  ])('refuses %o in one line', (env, line) => {
    expect(flavourProblem(kafkaFlavour(env))).toBe(line);
  });

  it('takes topic auto-creation as true or false, and refuses anything else in one line', () => {
    expect(autoCreateProblem({})).toBeNull();
    expect(autoCreateProblem({ SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS: 'true' })).toBeNull();
    expect(autoCreateProblem({ SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS: 'false' })).toBeNull();
    expect(autoCreateProblem({ SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS: 'off' })).toBe(
      'SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS must be true or false, not "off"',
    );
  });
});
