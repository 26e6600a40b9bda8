// Which Apache Kafka the local cluster runs: the pinned release (kafka/pom.xml) in KRaft mode, or
// another release given by SIMPLE_PRODUCE_KAFKA_VERSION, in the mode SIMPLE_PRODUCE_KAFKA_MODE names
// (kraft or zookeeper). Each release and mode keeps a data folder of its own.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type KafkaMode = 'kraft' | 'zookeeper';

export interface KafkaFlavour {
  version: string;
  mode: KafkaMode;
  /** The pinned release in KRaft mode: the cluster of npm test, in .kafka. */
  pinned: boolean;
}

/** The release kafka/pom.xml pins. */
export function pinnedVersion(): string {
  const pom = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'pom.xml'), 'utf8');
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (match === null) throw new Error('kafka/pom.xml has no <kafka.version>');
  return match[1];
}

/** The flavour the environment asks for, unchecked: see flavourProblem. */
export function kafkaFlavour(env: NodeJS.ProcessEnv = process.env): KafkaFlavour {
  const pinned = pinnedVersion();
  const version = env.SIMPLE_PRODUCE_KAFKA_VERSION || pinned;
  const mode = (env.SIMPLE_PRODUCE_KAFKA_MODE || 'kraft') as KafkaMode;
  return { version, mode, pinned: version === pinned && mode === 'kraft' };
}

const major = (version: string) => Number(version.split('.')[0]);
const minor = (version: string) => Number(version.split('.')[1]);

/** Why the launcher cannot run this flavour, in one line, or null. */
export function flavourProblem({ version, mode }: KafkaFlavour): string | null {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    return `SIMPLE_PRODUCE_KAFKA_VERSION must be an Apache Kafka release such as 3.9.2, not "${version}"`;
  }
  if (mode !== 'kraft' && mode !== 'zookeeper') {
    return `SIMPLE_PRODUCE_KAFKA_MODE must be kraft or zookeeper, not "${mode}"`;
  }
  if (major(version) < 3) return `Kafka ${version} is older than the launcher runs (3.0 and newer)`;
  if (mode === 'zookeeper' && major(version) >= 4) return `Kafka ${version} has no ZooKeeper mode (4.0 removed it)`;
  if (mode === 'kraft' && major(version) === 3 && minor(version) < 3) {
    return `Kafka ${version} has KRaft only as an early access: use 3.3 or newer, or SIMPLE_PRODUCE_KAFKA_MODE=zookeeper`;
  }
  return null;
}

/** How the flavour is named in folders and messages: 4.1.1, or 3.9.2-kraft, 3.6.2-zookeeper. */
export const flavourName = ({ version, mode, pinned }: KafkaFlavour): string =>
  pinned ? version : `${version}-${mode}`;

/** Why SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS cannot be used, in one line, or null (unset is the
 * brokers' default, on). */
export function autoCreateProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS;
  if (value === undefined || value === '' || value === 'true' || value === 'false') return null;
  return `SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS must be true or false, not "${value}"`;
}
