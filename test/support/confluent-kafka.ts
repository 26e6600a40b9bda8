// The Python SimpleProducer walk-through's client, confluent-kafka (librdkafka), in a venv of its own under the user's cache,
// installed from PyPI on first use: tests compare our placement of keys with librdkafka's own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The version the bench runs too. */
export const CONFLUENT_KAFKA = '2.16.1';
const VENV = join(homedir(), '.cache', 'simple-produce', `confluent-kafka-${CONFLUENT_KAFKA}`);

/** The venv's python, with confluent-kafka installed. */
export function confluentPython(): string {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(join(VENV, '.installed'))) {
    mkdirSync(VENV, { recursive: true });
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(python, ['-m', 'pip', 'install', '-q', `confluent-kafka==${CONFLUENT_KAFKA}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync(python, ['-c', `open(${JSON.stringify(join(VENV, '.installed'))}, 'w').close()`]);
  }
  return python;
}

/** protoc, for the Protobuf judge. */
const GRPCIO_TOOLS = '1.85.4';
const SCHEMA_VENV = join(
  homedir(),
  '.cache',
  'simple-produce',
  `confluent-kafka-${CONFLUENT_KAFKA}-schemas-grpcio-tools-${GRPCIO_TOOLS}`,
);

/** A venv's python with confluent-kafka and its Schema Registry extras (Avro, JSON Schema,
 * Protobuf), and grpcio-tools (protoc): Confluent's own deserializers and Google's protobuf runtime,
 * the schema tests' reader. */
export function confluentSchemaPython(): string {
  const python = join(SCHEMA_VENV, 'bin', 'python');
  if (!existsSync(join(SCHEMA_VENV, '.installed'))) {
    mkdirSync(SCHEMA_VENV, { recursive: true });
    execFileSync('python3', ['-m', 'venv', SCHEMA_VENV], { stdio: ['ignore', 'ignore', 'inherit'] });
    const spec = `confluent-kafka[avro,schemaregistry,json,protobuf]==${CONFLUENT_KAFKA}`;
    execFileSync(python, ['-m', 'pip', 'install', '-q', spec, `grpcio-tools==${GRPCIO_TOOLS}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync(python, ['-c', `open(${JSON.stringify(join(SCHEMA_VENV, '.installed'))}, 'w').close()`]);
  }
  return python;
}
