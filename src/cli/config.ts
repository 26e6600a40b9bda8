// The options commander parsed, with client.properties and the environment under them, checked
// together and turned into one typed Config. Nothing here connects to anything.
import { usageError } from '../core/errors.js';
import { parseBoolean } from '../core/parser.js';
import type { PartitionerName } from '../core/partitioner.js';
import type { Acks, Compression, Header } from '../core/transport.js';
import type { SchemaSettings } from '../schema/settings.js';
import { type ClientProperties, parseEntry, readClientProperties } from '../security/client-properties.js';
import { securityFromFile } from '../security/from-file.js';
import type { OAuthMethod } from '../security/oauth.js';
import { readPasswordFile, Secret } from '../security/secret.js';
import { resolveSecurity, type Security, type SecurityInput } from '../security/settings.js';
import { type InputConfig, inputConfig } from './input-config.js';
import { attributeOf, type OptionSpec, optionSpecs, type RawOptions } from './options.js';
import { type RegistryProperties, registryPropertiesOf, schemaConfig } from './schema-config.js';
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
  /** --header, in order, as pairs: the same on every message. */
  headers: Header[] | undefined;
  partition: number | null;
  createTopic: boolean;
  partitions: number | null;
  replicationFactor: number | null;
  verify: boolean;
  /** --input and how to read it; null: the walk-through's generated messages. */
  input: InputConfig | null;
  partitioner: PartitionerName;
  /** --transactional-id: the run in transactions; null: none. */
  transactionalId: string | null;
  /** Records a transaction; null: one for the whole run. */
  transactionSize: number | null;
  transactionTimeoutMs: number;
  security: Security;
  /** The registered schemas of the key and value; null: both go as bytes. */
  schemas: SchemaSettings | null;
  /** Read, parse and encode every record; send nothing. */
  dryRun: boolean;

  /** Allowed but unsafe or ignored settings, said once at the start of the run. */
  warnings: string[];
}

/** The option each client.properties key sets, from the option list (connection settings aside:
 * security/from-file.ts reads those). */
const FILE_OPTIONS = new Map(
  optionSpecs
    .filter((spec) => spec.connection === undefined)
    .flatMap((spec) => (spec.properties ?? []).map((key): [string, OptionSpec] => [key, spec])),
);

/** Sets the options the file names and the command line does not (the file wins over the environment). */
function applyFileOptions(props: ClientProperties, raw: RawOptions): Set<string> {
  const used = new Set<string>();
  for (const [key, entry] of props.entries) {
    const spec = FILE_OPTIONS.get(key);
    if (spec === undefined) continue;
    used.add(key);
    const attribute = attributeOf(spec);
    if (raw.given(attribute)) continue;
    raw.values[attribute] = parseEntry(entry, spec.parse ?? parseBoolean);
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
  input.oauthMethod = option('oauthMethod', '--oauth-method', (v) => v as OAuthMethod);
  input.tokenEndpoint = option('oauthTokenEndpoint', '--oauth-token-endpoint', (v) => v);
  input.clientId = option('oauthClientId', '--oauth-client-id', (v) => v);
  input.clientSecret = option('oauthClientSecretFile', '--oauth-client-secret-file', (v) =>
    readPasswordFile(v, '--oauth-client-secret-file'),
  );
  input.scope = option('oauthScope', '--oauth-scope', (v) => v);
  input.audience = option('oauthAudience', '--oauth-audience', (v) => v);
  input.tokenFile = option('oauthTokenFile', '--oauth-token-file', (v) => v);
  input.awsRegion = option('awsRegion', '--aws-region', (v) => v);
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
  if (env.KAFKA_OAUTH_CLIENT_SECRET) {
    input.clientSecret = { value: new Secret(env.KAFKA_OAUTH_CLIENT_SECRET), from: 'KAFKA_OAUTH_CLIENT_SECRET' };
  }
  if (env.KAFKA_SSL_KEY_PASSWORD) {
    input.keyPassword = { value: new Secret(env.KAFKA_SSL_KEY_PASSWORD), from: 'KAFKA_SSL_KEY_PASSWORD' };
  }
  return input;
}

/** The connection's settings (the brokers', and the registry's user info from the file): command
 * line, then --command-config, then the environment. */
function connectionSettings(
  raw: RawOptions,
  warnings: string[],
): { security: Security; registry: RegistryProperties | null } {
  const sources = [securityFromOptions(raw.values)];
  const file = raw.values.commandConfig as string | undefined;
  let registry: RegistryProperties | null = null;
  if (file !== undefined) {
    const props = readClientProperties(file);
    const usedOptions = applyFileOptions(props, raw);
    const { input, used } = securityFromFile(props);
    const { used: registryKeys, ...registryProperties } = registryPropertiesOf(props);
    registry = registryProperties;
    for (const key of registryKeys) usedOptions.add(key);
    sources.push(input);
    const unknown = [...props.entries.values()].filter((e) => !used.has(e.key) && !usedOptions.has(e.key));
    if (unknown.length > 0) {
      warnings.push(`${file}: ignoring keys simple-produce does not use: ${unknown.map((e) => e.key).join(', ')}`);
    }
  }
  sources.push(securityFromEnvironment(raw.env ?? process.env));
  const env = raw.env ?? process.env;
  const security = resolveSecurity(sources, raw.values.brokers as string[], (w) => warnings.push(w), env);
  return { security, registry };
}

/** --dry-run sends nothing: the options about sending or reading back have nothing to do. */
function checkDryRun({ values }: RawOptions): boolean {
  if (values.dryRun !== true) return false;
  const idle = { verify: '--verify', transactionalId: '--transactional-id', createTopic: '--create-topic' };
  for (const [name, flag] of Object.entries(idle)) {
    if (values[name] !== undefined && values[name] !== false) throw usageError(`${flag}: --dry-run sends nothing`);
  }
  return true;
}

/** A transaction is acks all and idempotent, with one request in flight to a partition's leader. */
function checkTransactional({ values, given }: RawOptions, transactionalId: string | null, warnings: string[]): void {
  if (transactionalId === null) {
    if (values.transactionSize !== undefined) throw usageError('--transaction-size goes with --transactional-id');
    return;
  }
  if (values.acks !== -1) throw usageError('--transactional-id requires --acks all');
  if (values.idempotence === false) throw usageError('--transactional-id requires idempotence: drop --no-idempotence');
  if ((values.maxInFlight as number) > 1) {
    const why = 'a transaction sends with one producer id, one request at a time to each broker';
    if (given('maxInFlight')) throw usageError(`--transactional-id: ${why}: --max-in-flight must be 1`);
    warnings.push(`--transactional-id: ${why}: ignoring max.in.flight ${values.maxInFlight} of --command-config`);
  }
}

/** The most messages --verify compares: it holds each one's key and value until the end (some 200 bytes). */
const VERIFY_MOST = 10_000_000;

export function toConfig(raw: RawOptions): Config {
  const { values, given } = raw;
  if (values.topic === undefined) throw usageError('--topic is required');
  const warnings: string[] = [];
  const { security, registry } = connectionSettings(raw, warnings);
  if (given('count') && given('duration')) throw usageError('use either --duration or --count, not both');
  const acks = values.acks as Acks;
  if (given('idempotence') && values.idempotence === true && acks !== -1) {
    throw usageError('--idempotence requires --acks all');
  }
  for (const name of ['partitions', 'replicationFactor'] as const) {
    const flag = name === 'partitions' ? '--partitions' : '--replication-factor';
    if (values[name] !== undefined && values.createTopic !== true) throw usageError(`${flag} goes with --create-topic`);
  }
  if (given('rate') && given('interval')) throw usageError('use either --interval or --rate, not both');
  const count = (values.count as number | undefined) ?? null;
  if (values.verify === true && count !== null && count > VERIFY_MOST) {
    throw usageError(`--verify keeps every delivered message to compare: --count at most ${VERIFY_MOST} with it`);
  }
  const input = inputConfig(raw);
  const transactionalId = (values.transactionalId as string | undefined) ?? null;
  checkTransactional(raw, transactionalId, warnings);
  // Records of an input go as fast as the producer takes them, unless paced.
  const paced = given('interval') || given('rate');
  const value = compileTemplate('--value', values.value as string);
  const size = values.valueSize as number | undefined;
  return {
    topic: values.topic as string,
    brokers: values.brokers as string[],
    durationMs: (values.duration as number) * 1000,
    count,
    intervalMs:
      values.rate !== undefined
        ? 1000 / (values.rate as number)
        : input !== null && !paced
          ? 0
          : (values.interval as number),
    lingerMs: values.lingerMs as number,
    batchMaxBytes: values.batchSize as number,
    maxInFlight: values.maxInFlight as number,
    compression: values.compression as Compression,
    acks,
    // acks 0 or 1 alone turn idempotence off, as the Java client does.
    idempotence: values.idempotence !== false && acks === -1,
    clientId: values.clientId as string,
    timeoutMs: values.timeout as number,
    deliveryTimeoutMs: values.deliveryTimeout as number,
    flushTimeoutMs: values.flushTimeout as number,
    quiet: values.quiet === true,
    json: values.json === true,
    color: values.color === false ? false : undefined,
    debug: values.debug === true,
    key: compileTemplate('--key', values.key as string),
    value: size === undefined ? value : (n) => value(n).padEnd(size, 'x'),
    headers:
      values.header === undefined
        ? undefined
        : (values.header as [string, string][]).map(([name, v]): Header => [Buffer.from(name), Buffer.from(v)]),
    partition: (values.partition as number | undefined) ?? null,
    createTopic: values.createTopic === true,
    partitions: (values.partitions as number | undefined) ?? null,
    replicationFactor: (values.replicationFactor as number | undefined) ?? null,
    verify: values.verify === true,
    input,
    partitioner: values.partitioner as PartitionerName,
    transactionalId,
    transactionSize: (values.transactionSize as number | undefined) ?? null,
    transactionTimeoutMs: values.transactionTimeout as number,
    security,
    schemas: schemaConfig(raw, values.timeout as number, registry, (w) => warnings.push(w)),
    dryRun: checkDryRun(raw),
    warnings,
  };
}
