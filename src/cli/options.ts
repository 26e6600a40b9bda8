// The command line's options as data, each with a parser that throws a one-line message, and the
// check that turns them into one typed Config. Nothing here connects to anything.

import { usageError } from '../core/errors.js';
import { type Acks, COMPRESSIONS, type Compression } from '../core/transport.js';
import {
  type ClientProperties,
  parseBoolean,
  parseEntry,
  readClientProperties,
} from '../security/client-properties.js';
import { securityFromFile } from '../security/from-file.js';
import { readPasswordFile, Secret } from '../security/secret.js';
import {
  parseSaslMechanism,
  parseSecurityProtocol,
  resolveSecurity,
  type Security,
  type SecurityInput,
} from '../security/settings.js';
import { compileTemplate, type Template } from './template.js';

export interface Config {
  topic: string;
  brokers: string[];
  durationMs: number;
  count: number | null;
  intervalMs: number;
  lingerMs: number;
  batchMaxBytes: number;
  maxInFlight: number;
  compression: Compression;
  acks: Acks;
  idempotence: boolean;
  clientId: string;
  timeoutMs: number;
  deliveryTimeoutMs: number;
  flushTimeoutMs: number;
  quiet: boolean;
  json: boolean;
  color: boolean | undefined;
  debug: boolean;
  key: Template;
  value: Template;
  headers: Record<string, string> | undefined;
  partition: number | null;
  createTopic: boolean;
  partitions: number | null;
  replicationFactor: number | null;
  verify: boolean;
  security: Security;
  /** Allowed but unsafe or ignored settings, said once at the start of the run. */
  warnings: string[];
}

export function parseCompression(text: string): Compression {
  if (!(COMPRESSIONS as readonly string[]).includes(text)) {
    throw usageError(`--compression must be one of ${COMPRESSIONS.join(', ')}, not "${text}"`);
  }
  return text as Compression;
}

export function parseHeader(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`--header must be key=value, not "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export function parseTopic(text: string): string {
  if (text === '.' || text === '..') throw usageError(`--topic: "${text}" is not a valid topic name`);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(text)) {
    throw usageError('--topic must be 1 to 249 characters of a-z, A-Z, 0-9, ".", "_" and "-"');
  }
  return text;
}

export function parseCount(name: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
      throw usageError(`--${name} must be a non-negative integer, not "${text}"`);
    }
    return Number(text);
  };
}

const BROKER = /^(?:\[([0-9a-fA-F:.]+)\]|([a-zA-Z0-9._-]+))(?::(\d{1,5}))?$/;

/** host:port[,host:port...]; a missing port is Kafka's 9092, as in librdkafka. */
export function parseBrokers(text: string): string[] {
  const list = text.split(',').map((b) => b.trim());
  if (text.trim() === '' || list.some((b) => b === '')) {
    throw usageError('--brokers must be a comma-separated list of host:port, such as localhost:9092');
  }
  return list.map((broker) => {
    const match = BROKER.exec(broker);
    const port = Number(match?.[3] ?? 9092);
    if (match === null || port < 1 || port > 65535) {
      throw usageError(`--brokers: "${broker}" is not host:port (port 1 to 65535)`);
    }
    return match[1] !== undefined ? `[${match[1]}]:${port}` : `${match[2]}:${port}`;
  });
}

export function parseAcks(text: string): Acks {
  const acks = ({ all: -1, '-1': -1, '1': 1, '0': 0 } as Record<string, Acks>)[text.trim().toLowerCase()];
  if (acks === undefined) throw usageError(`--acks must be all, 1 or 0, not "${text}"`);
  return acks;
}

export function parseClientId(text: string): string {
  if (!/^[\x20-\x7e]{1,255}$/.test(text)) throw usageError('--client-id must be 1 to 255 printable ASCII characters');
  return text;
}

export interface OptionSpec {
  flags: string;
  description: string;
  parse?: (text: string) => unknown;
  default?: unknown;
  /** May be given several times; the values are collected in a list. */
  repeatable?: boolean;
  /** How --help shows the default, where String(default) would not do. */
  shown?: string;
  env?: string;
  /** Accepted but not listed by --help. */
  hidden?: boolean;
}

export const PASSWORD_HELP = `
Passwords: there is no --sasl-password. A command line is visible to every user of the machine (ps,
/proc/<pid>/cmdline) and stays in shell history, so the SASL password comes from KAFKA_SASL_PASSWORD,
--sasl-password-file or --command-config. It never appears in any output, event or log line.`;

function refusePasswordOption(): never {
  throw usageError(
    '--sasl-password is not an option: a command line is visible to every user of the machine; set KAFKA_SASL_PASSWORD or pass --sasl-password-file',
  );
}

/** Every option of the command, in the order --help shows them. */
export const optionSpecs: OptionSpec[] = [
  { flags: '-t, --topic <name>', description: 'topic to produce to (required)', parse: parseTopic },
  {
    flags: '-b, --brokers <list>',
    description: 'bootstrap brokers, host:port[,host:port...]',
    parse: parseBrokers,
    env: 'KAFKA_BROKERS',
    default: ['localhost:9092'],
  },
  { flags: '-d, --duration <s>', description: 'seconds to produce for (default: 60)', parse: parseCount('duration') },
  {
    flags: '-c, --count <n>',
    description: 'send exactly n messages instead of --duration',
    parse: parseCount('count'),
  },
  {
    flags: '-i, --interval <ms>',
    description: 'milliseconds between messages; 0 = as fast as possible',
    parse: parseCount('interval'),
    default: 1000,
  },
  {
    flags: '-r, --rate <msgs/s>',
    description: 'messages per second, fixed-rate (instead of --interval)',
    parse: parseCount('rate'),
  },
  {
    flags: '--value-size <bytes>',
    description: "pad every value with 'x' to this many bytes",
    parse: parseCount('value-size'),
  },
  {
    flags: '--linger-ms <ms>',
    description: 'how long a batch waits for more messages',
    parse: parseCount('linger-ms'),
    default: 5,
  },
  {
    flags: '--compression <codec>',
    description: 'none, gzip, snappy, lz4 or zstd',
    parse: parseCompression,
    default: 'none',
  },
  {
    flags: '--batch-size <bytes>',
    description: 'most bytes of keys and values in one batch',
    parse: parseCount('batch-size'),
    default: 1_000_000,
  },
  {
    flags: '--max-in-flight <n>',
    description: 'most produce requests in flight to each broker (one per partition); raise for distant brokers',
    parse: parseCount('max-in-flight'),
    default: 1,
  },
  {
    flags: '--acks <all|1|0>',
    description: 'acknowledgements to wait for',
    parse: parseAcks,
    default: -1,
    shown: 'all',
  },
  { flags: '--idempotence', description: 'idempotent producer (the default with --acks all)' },
  { flags: '--no-idempotence', description: 'turn the idempotent producer off' },
  {
    flags: '--client-id <id>',
    description: 'client.id sent to the brokers',
    parse: parseClientId,
    default: 'simple-produce',
  },
  {
    flags: '--timeout <ms>',
    description: 'give up connecting after this long (exit 3)',
    parse: parseCount('timeout'),
    default: 10_000,
  },
  {
    flags: '--delivery-timeout <ms>',
    description: 'report a message failed if not acknowledged within this long',
    parse: parseCount('delivery-timeout'),
    default: 120_000,
  },
  {
    flags: '--flush-timeout <ms>',
    description: 'longest wait for outstanding reports before exit',
    parse: parseCount('flush-timeout'),
    default: 180_000,
  },
  {
    flags: '-k, --key <template>',
    description: 'message key; {n} is the counter, {ts} the time in ms',
    default: '{n}',
  },
  { flags: '--value <template>', description: 'message value, as --key', default: 'hello world: {n}' },
  { flags: '-H, --header <key=value>', description: 'add a header (repeatable)', parse: parseHeader, repeatable: true },
  {
    flags: '-p, --partition <n>',
    description: "send every message to this partition, not the key's",
    parse: parseCount('partition'),
  },
  { flags: '--create-topic', description: 'create the topic if it does not exist' },
  {
    flags: '--partitions <n>',
    description: "partitions of a topic --create-topic creates (default: the broker's)",
    parse: parseCount('partitions'),
  },
  {
    flags: '--replication-factor <n>',
    description: "replication factor of a topic --create-topic creates (default: the broker's)",
    parse: parseCount('replication-factor'),
  },
  {
    flags: '--verify',
    description: 'after the flush, read every delivered message back and compare (exit 4 on a mismatch)',
  },
  { flags: '--json', description: 'newline-delimited JSON events on stdout (delivered, failed, summary)' },
  {
    flags: '-q, --quiet',
    description: 'no per-message delivery lines on stderr (failures and the summary still print)',
  },
  { flags: '--no-color', description: 'no colours, even on a terminal (NO_COLOR is honoured too)' },
  { flags: '--debug', description: "kafkajs's own log on stderr" },
  {
    flags: '--command-config <file>',
    description: 'client.properties with the connection settings (Java or librdkafka keys); options win over it',
  },
  {
    flags: '--security-protocol <protocol>',
    description: 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: PLAINTEXT)',
    parse: parseSecurityProtocol,
  },
  {
    flags: '--sasl-mechanism <mechanism>',
    description: 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512',
    parse: parseSaslMechanism,
  },
  {
    flags: '--sasl-username <name>',
    description: 'SASL user; the password: KAFKA_SASL_PASSWORD or --sasl-password-file',
  },
  { flags: '--sasl-password-file <file>', description: "read the SASL password from the file's first line" },
  {
    flags: '--sasl-password <password>',
    description: 'refused: see Passwords below',
    parse: refusePasswordOption,
    hidden: true,
  },
  { flags: '--ssl-ca <file>', description: "PEM CA certificate(s) to trust (default: Node's root CAs)" },
  { flags: '--ssl-cert <file>', description: 'PEM client certificate, for brokers that require one (with --ssl-key)' },
  {
    flags: '--ssl-key <file>',
    description: 'PEM key of --ssl-cert (encrypted: its password in KAFKA_SSL_KEY_PASSWORD)',
  },
  { flags: '--ssl-skip-verify', description: "do not verify the brokers' certificates (insecure: warns on every run)" },
];

/** The option a client.properties key sets, as the Java client or librdkafka reads it. */
const FILE_OPTIONS: Record<string, string> = {
  'bootstrap.servers': 'brokers',
  'metadata.broker.list': 'brokers',
  'client.id': 'clientId',
  acks: 'acks',
  'request.required.acks': 'acks',
  'enable.idempotence': 'idempotence',
  'linger.ms': 'lingerMs',
  'queue.buffering.max.ms': 'lingerMs',
  'batch.size': 'batchSize',
  'max.in.flight.requests.per.connection': 'maxInFlight',
  'max.in.flight': 'maxInFlight',
  'compression.type': 'compression',
  'compression.codec': 'compression',
  'delivery.timeout.ms': 'deliveryTimeout',
  'message.timeout.ms': 'deliveryTimeout',
};

/** commander's name for an option's value: --linger-ms is lingerMs. */
const attributeOf = (spec: OptionSpec): string =>
  (/--(?:no-)?([\w-]+)/.exec(spec.flags)?.[1] ?? '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Sets the options the file names and the command line does not (the file wins over the environment). */
function applyFileOptions(props: ClientProperties, raw: RawOptions): Set<string> {
  const used = new Set<string>();
  for (const [key, entry] of props.entries) {
    const attribute = FILE_OPTIONS[key];
    if (attribute === undefined) continue;
    used.add(key);
    if (raw.given(attribute)) continue;
    const spec = optionSpecs.find((s) => attributeOf(s) === attribute && s.parse);
    raw.values[attribute] = parseEntry(entry, spec?.parse ?? parseBoolean);
  }
  return used;
}

function securityFromOptions(values: Record<string, unknown>): SecurityInput {
  const input: SecurityInput = {};
  const option = <T>(name: string, flag: string, map: (v: string) => T) =>
    values[name] === undefined ? undefined : { value: map(values[name] as string), from: flag };
  input.protocol = option('securityProtocol', '--security-protocol', (v) => v as Security['protocol']);
  input.mechanism = option('saslMechanism', '--sasl-mechanism', (v) => v as NonNullable<Security['sasl']>['mechanism']);
  input.username = option('saslUsername', '--sasl-username', (v) => v);
  input.password = option('saslPasswordFile', '--sasl-password-file', (v) =>
    readPasswordFile(v, '--sasl-password-file'),
  );
  input.ca = option('sslCa', '--ssl-ca', (file) => ({ file }));
  input.cert = option('sslCert', '--ssl-cert', (file) => ({ file }));
  input.key = option('sslKey', '--ssl-key', (file) => ({ file }));
  if (values.sslSkipVerify === true) input.verifyCertificate = { value: false, from: '--ssl-skip-verify' };
  return input;
}

function securityFromEnvironment(env: NodeJS.ProcessEnv): SecurityInput {
  const input: SecurityInput = {};
  if (env.KAFKA_SASL_PASSWORD)
    input.password = { value: new Secret(env.KAFKA_SASL_PASSWORD), from: 'KAFKA_SASL_PASSWORD' };
  if (env.KAFKA_SSL_KEY_PASSWORD) {
    input.keyPassword = { value: new Secret(env.KAFKA_SSL_KEY_PASSWORD), from: 'KAFKA_SSL_KEY_PASSWORD' };
  }
  return input;
}

/** The connection's settings: command line, then --command-config, then the environment. */
function connectionSettings(raw: RawOptions, warnings: string[]): Security {
  const sources = [securityFromOptions(raw.values)];
  const file = raw.values.commandConfig as string | undefined;
  if (file !== undefined) {
    const props = readClientProperties(file);
    const usedOptions = applyFileOptions(props, raw);
    const { input, used } = securityFromFile(props);
    sources.push(input);
    const unknown = [...props.entries.values()].filter((e) => !used.has(e.key) && !usedOptions.has(e.key));
    if (unknown.length > 0) {
      warnings.push(`${file}: ignoring keys simple-produce does not use: ${unknown.map((e) => e.key).join(', ')}`);
    }
  }
  sources.push(securityFromEnvironment(raw.env ?? process.env));
  return resolveSecurity(sources, raw.values.brokers as string[], (w) => warnings.push(w));
}

/** What commander hands over: parsed values, and which of them the user gave explicitly. */
export interface RawOptions {
  values: Record<string, unknown>;
  given: (name: string) => boolean;
  /** Where KAFKA_SASL_PASSWORD and KAFKA_SSL_KEY_PASSWORD are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export function toConfig(raw: RawOptions): Config {
  const { values, given } = raw;
  if (values.topic === undefined) throw usageError('--topic is required');
  const warnings: string[] = [];
  const security = connectionSettings(raw, warnings);
  if (given('count') && given('duration')) throw usageError('use either --duration or --count, not both');
  const acks = values.acks as Acks;
  if (given('idempotence') && values.idempotence === true && acks !== -1) {
    throw usageError('--idempotence requires --acks all');
  }
  for (const name of ['partitions', 'replicationFactor'] as const) {
    const flag = name === 'partitions' ? '--partitions' : '--replication-factor';
    if (values[name] !== undefined && values.createTopic !== true) throw usageError(`${flag} goes with --create-topic`);
    if (values[name] === 0) throw usageError(`${flag} must be at least 1`);
  }
  const timeoutMs = values.timeout as number;
  if (timeoutMs === 0) throw usageError('--timeout must be at least 1 ms');
  if (given('rate') && given('interval')) throw usageError('use either --interval or --rate, not both');
  if (values.rate === 0) throw usageError('--rate must be at least 1 message per second');
  if (values.batchSize === 0) throw usageError('--batch-size must be at least 1 byte');
  if (values.maxInFlight === 0) throw usageError('--max-in-flight must be at least 1');
  const value = compileTemplate('--value', values.value as string);
  const size = values.valueSize as number | undefined;
  return {
    topic: values.topic as string,
    brokers: values.brokers as string[],
    durationMs: ((values.duration as number | undefined) ?? 60) * 1000,
    count: (values.count as number | undefined) ?? null,
    intervalMs: values.rate !== undefined ? 1000 / (values.rate as number) : (values.interval as number),
    lingerMs: values.lingerMs as number,
    batchMaxBytes: values.batchSize as number,
    maxInFlight: values.maxInFlight as number,
    compression: values.compression as Compression,
    acks,
    // acks 0 or 1 alone turn idempotence off, as the Java client does.
    idempotence: values.idempotence !== false && acks === -1,
    clientId: values.clientId as string,
    timeoutMs,
    deliveryTimeoutMs: values.deliveryTimeout as number,
    flushTimeoutMs: values.flushTimeout as number,
    quiet: values.quiet === true,
    json: values.json === true,
    color: values.color === false ? false : undefined,
    debug: values.debug === true,
    key: compileTemplate('--key', values.key as string),
    value: size === undefined ? value : (n) => value(n).padEnd(size, 'x'),
    headers: values.header === undefined ? undefined : Object.fromEntries(values.header as [string, string][]),
    partition: (values.partition as number | undefined) ?? null,
    createTopic: values.createTopic === true,
    partitions: (values.partitions as number | undefined) ?? null,
    replicationFactor: (values.replicationFactor as number | undefined) ?? null,
    verify: values.verify === true,
    security,
    warnings,
  };
}
