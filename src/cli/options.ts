// Every option of the command, declared once, as data: the commander program (args.ts), the
// client.properties mapping (config.ts) and the README's option table (docs.ts) all come from here.
import { usageError } from '../core/errors.js';
import { integer, nonEmpty, oneOf, type Parser, withValues } from '../core/parser.js';
import { unescapeSeparator } from '../input/escapes.js';
import { SUBJECT_STRATEGIES } from '../schema/settings.js';
import { keysSetting } from '../security/connection-keys.js';
import { parseOAuthMethod } from '../security/oauth.js';
import { parseSaslMechanism, parseSecurityProtocol } from '../security/settings.js';
import {
  parseAcks,
  parseBrokers,
  parseClientId,
  parseCompression,
  parseFormat,
  parseHeader,
  parsePartitioner,
  parseSchemaFormat,
  parseSchemaVersion,
  parseTopic,
  parseUrl,
} from './parsers.js';

/** What commander hands over: parsed values, and which of them the user gave explicitly. */
export interface RawOptions {
  values: Record<string, unknown>;
  given: (name: string) => boolean;
  /** Where KAFKA_SASL_PASSWORD and KAFKA_SSL_KEY_PASSWORD are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface OptionSpec {
  /** The long name without its dashes: linger-ms. */
  long: string;
  short?: string;
  /** The argument's name (<ms>); none for a flag. */
  arg?: string;
  /** The --help line. */
  description: string;
  /** The README's text (Markdown), when it says more than the help line. */
  doc?: string;
  /** Turns the argument into its value; its `values` say what it takes (every number has a range). */
  parse?: Parser;
  default?: unknown;
  /** How the default reads in --help and the README, where String(default) would not do. */
  shown?: string;
  /** The environment variable read when the option is not given. */
  env?: string;
  /** The client.properties keys (Java client's and librdkafka's) that set it, below the command line. */
  properties?: string[];
  /** A connection setting: its keys are read where its meaning is decided, keeping each one's file and
   * line (security/from-file.ts for the brokers', cli/schema-config.ts for the registry's user info). */
  connection?: true;
  /** May be given several times; the values are collected in a list. */
  repeatable?: boolean;
  /** Accepted but not listed by --help or the README. */
  hidden?: boolean;
}

// Ranges: what the setting can mean and a process can hold. Times stay below 2^31 ms, Node's
// longest timer (a longer one fires at once).
const MAX_TIMER_MS = 2_147_483_647;
const DAY_MS = 86_400_000;

const separator = withValues('text; \\n \\r \\t \\0 \\\\ \\xNN escapes', unescapeSeparator);

function refusePasswordOption(): never {
  throw usageError(
    '--sasl-password is not an option: a command line is visible to every user of the machine; set KAFKA_SASL_PASSWORD or pass --sasl-password-file',
  );
}

/** Every option, in the order --help and the README show them. */
export const optionSpecs: OptionSpec[] = [
  {
    long: 'topic',
    short: 't',
    arg: 'name',
    description: 'topic to produce to (required)',
    parse: parseTopic,
  },
  {
    long: 'brokers',
    short: 'b',
    arg: 'list',
    description: 'bootstrap brokers, host:port[,host:port...]',
    doc: 'bootstrap brokers `host:port[,host:port...]` (a missing port is 9092)',
    parse: parseBrokers,
    env: 'KAFKA_BROKERS',
    default: ['localhost:9092'],
    shown: 'localhost:9092',
    properties: ['bootstrap.servers', 'metadata.broker.list'],
  },
  {
    long: 'duration',
    short: 'd',
    arg: 's',
    description: 'seconds to produce for',
    doc: 'seconds to produce for: message n at start + n × interval while that is within the duration',
    parse: integer(0, 31_536_000),
    default: 60,
  },
  {
    long: 'count',
    short: 'c',
    arg: 'n',
    description: 'send exactly n messages instead of --duration',
    parse: integer(0, Number.MAX_SAFE_INTEGER),
  },
  {
    long: 'interval',
    short: 'i',
    arg: 'ms',
    description: 'milliseconds between messages; 0 = as fast as possible',
    doc: 'time between messages, fixed-rate (no drift); 0 = as fast as the producer takes them',
    parse: integer(0, DAY_MS),
    default: 1000,
  },
  {
    long: 'rate',
    short: 'r',
    arg: 'msgs/s',
    description: 'messages per second, fixed-rate (instead of --interval)',
    parse: integer(1, 10_000_000),
  },
  {
    long: 'value-size',
    arg: 'bytes',
    description: "pad every value with 'x' to this many bytes",
    doc: 'pad every value with `x` to this many bytes',
    parse: integer(0, 10_485_760),
  },
  {
    long: 'linger-ms',
    arg: 'ms',
    description: 'how long a batch waits for more messages',
    parse: integer(0, 900_000),
    default: 5,
    properties: ['linger.ms', 'queue.buffering.max.ms'],
  },
  {
    long: 'compression',
    arg: 'codec',
    description: 'none, gzip, snappy, lz4 or zstd',
    doc: 'the codec of every batch (see [compression](docs/compression.md))',
    parse: parseCompression,
    default: 'none',
    properties: ['compression.type', 'compression.codec'],
  },
  {
    long: 'batch-size',
    arg: 'bytes',
    description: 'most bytes of one batch as Kafka stores it (its records, framing included)',
    doc: "most bytes of one batch as Kafka stores it, framing included, so a full batch fits a topic's `max.message.bytes` of the same size (at most a broker's 100 MiB request)",
    parse: integer(1, 104_857_600),
    default: 1_000_000,
    properties: ['batch.size'],
  },
  {
    long: 'max-in-flight',
    arg: 'n',
    description: 'most produce requests in flight to each broker; raise for distant brokers',
    doc: 'most produce requests in flight to each broker (a partition has one at a time; an idempotent request carries every batch ready for that broker): n idempotent producers, each partition keeping to one. Raise it for brokers a network away, where round trips dominate; where the brokers share its cores, 1 is faster',
    parse: integer(1, 100),
    default: 1,
    properties: ['max.in.flight.requests.per.connection', 'max.in.flight'],
  },
  {
    long: 'acks',
    arg: 'all|1|0',
    description: 'acknowledgements to wait for',
    parse: parseAcks,
    default: -1,
    shown: 'all',
    properties: ['acks', 'request.required.acks'],
  },
  {
    long: 'idempotence',
    description: 'idempotent producer (the default with --acks all)',
    doc: 'idempotent producer: on by default with acks all, off with acks 0 or 1 (as the Java client)',
    properties: ['enable.idempotence'],
  },
  { long: 'no-idempotence', description: 'turn the idempotent producer off' },
  {
    long: 'client-id',
    arg: 'id',
    description: 'client.id sent to the brokers',
    parse: parseClientId,
    default: 'simple-produce',
    properties: ['client.id'],
  },
  {
    long: 'timeout',
    arg: 'ms',
    description: 'give up connecting after this long (exit 3)',
    doc: 'give up connecting (and looking up or creating the topic) after this long: exit 3',
    parse: integer(1, DAY_MS),
    default: 10_000,
  },
  {
    long: 'delivery-timeout',
    arg: 'ms',
    description: 'report a message failed if not acknowledged within this long',
    doc: 'every message is reported, delivered or failed, within this long of its produce(), queued or in flight',
    parse: integer(1, MAX_TIMER_MS),
    default: 120_000,
    properties: ['delivery.timeout.ms', 'message.timeout.ms'],
  },
  {
    long: 'flush-timeout',
    arg: 'ms',
    description: 'longest wait for outstanding reports before exit',
    parse: integer(0, MAX_TIMER_MS),
    default: 180_000,
  },
  {
    long: 'key',
    short: 'k',
    arg: 'template',
    description: 'message key; {n} is the counter, {ts} the time in ms',
    doc: 'message key; `{n}` is the counter, `{ts}` the time the message is made, in ms since the epoch',
    default: '{n}',
  },
  { long: 'value', arg: 'template', description: 'message value, as --key', default: 'hello world: {n}' },
  {
    long: 'header',
    short: 'H',
    arg: 'key=value',
    description: 'add a header (repeatable)',
    parse: parseHeader,
    repeatable: true,
  },
  {
    long: 'partition',
    short: 'p',
    arg: 'n',
    description: "send every message to this partition, not the key's",
    parse: integer(0, 2_147_483_646),
  },
  {
    long: 'input',
    arg: 'file',
    description: 'produce the records of this file (- for stdin), repeatable, instead of generated messages',
    doc: 'produce the records of this file (`-` for stdin) instead of generated messages; repeatable, read in the order given as one stream (see [input](docs/input.md))',
    repeatable: true,
    parse: withValues('a path, or -', (text) => text),
  },
  {
    long: 'format',
    arg: 'format',
    description: 'how --input holds its records: lines, json or raw',
    doc: 'how `--input` holds its records: `lines` (one a line), `json` (one object a line, kcat -J read as it is) or `raw` (a file is one record)',
    parse: parseFormat,
    default: 'lines',
  },
  {
    long: 'delimiter',
    short: 'D',
    arg: 'sep',
    description: 'between records of --format lines, instead of line ends (\\n, \\t, \\0, \\xNN escapes)',
    doc: 'between records of `--format lines`, instead of line ends (kcat -D); `\\n`, `\\r`, `\\t`, `\\0`, `\\\\` and `\\xNN` escapes',
    parse: separator,
  },
  {
    long: 'key-separator',
    short: 'K',
    arg: 'sep',
    description: "a line is key<sep>value (kcat -K, the console producer's parse.key)",
    doc: "each line is `key<sep>value`, split at the first `sep` (kcat -K; the console producer's `parse.key` with `key.separator`); a line without it is a failed record",
    parse: separator,
  },
  {
    long: 'parse-headers',
    description: "lines start with headers: h1:v1,h2:v2<TAB> (the console producer's parse.headers)",
    doc: "each line starts with its headers, `name:value,name:value` then a tab, before the key and value (the console producer's `parse.headers`)",
  },
  {
    long: 'headers-delimiter',
    arg: 'sep',
    description: 'between the headers and the key, with --parse-headers',
    parse: separator,
    default: Buffer.from('\t'),
    shown: '\\t',
  },
  {
    long: 'headers-separator',
    arg: 'sep',
    description: 'between two headers, with --parse-headers',
    parse: separator,
    default: Buffer.from(','),
    shown: ',',
  },
  {
    long: 'headers-key-separator',
    arg: 'sep',
    description: "between a header's name and value, with --parse-headers",
    parse: separator,
    default: Buffer.from(':'),
    shown: ':',
  },
  {
    long: 'null-marker',
    arg: 'text',
    description: 'a key, value or header value equal to this is sent as null (a tombstone, for a value)',
    doc: "a key, value or header value equal to this text is sent as null: a tombstone, for a value (the console producer's `null.marker`)",
    parse: withValues('text', (text, flag) => Buffer.from(nonEmpty(text, flag))),
  },
  {
    long: 'failed-out',
    arg: 'file',
    description: "write every failed record here, in the input's format, to retry with --input",
    doc: "write every failed record to this file in the input's own format, to send again with `--input`; those that may have been written (no answer came) go to `file.possibly-persisted` (see [input](docs/input.md))",
    parse: withValues('a path', (text) => text),
  },
  {
    long: 'transactional-id',
    arg: 'id',
    description: 'send the run as one transaction (or one every --transaction-size records) of this transactional.id',
    doc: 'send the run as one transaction with this `transactional.id`, committed after the flush, or aborted (nothing of it visible to read_committed consumers) when a record fails; implies acks all and idempotence (see [transactions](docs/transactions.md))',
    parse: nonEmpty,
    properties: ['transactional.id'],
  },
  {
    long: 'transaction-size',
    arg: 'n',
    description: 'with --transactional-id, commit every n records (each commit reported) instead of once',
    parse: integer(1, Number.MAX_SAFE_INTEGER),
  },
  {
    long: 'transaction-timeout',
    arg: 'ms',
    description: 'the broker aborts a transaction open longer than this (transaction.timeout.ms)',
    doc: "the broker aborts a transaction open longer than this (`transaction.timeout.ms`; at most the broker's `transaction.max.timeout.ms`, 15 minutes by default)",
    parse: integer(1, MAX_TIMER_MS),
    default: 60_000,
    properties: ['transaction.timeout.ms'],
  },
  {
    long: 'partitioner',
    arg: 'name',
    description: 'murmur2 (Java client), consistent_random (librdkafka, kcat, confluent-kafka) or random',
    doc: "where a record without `--partition` goes: `murmur2` (the Java client's), `consistent_random` (librdkafka's default: kcat's and confluent-kafka's) or `random` (see [partitioners](docs/partitioners.md))",
    parse: parsePartitioner,
    default: 'murmur2',
    properties: ['partitioner'],
  },
  {
    long: 'create-topic',
    description: 'create the topic if it does not exist',
    doc: 'create the topic if it does not exist; fine if it exists as asked, exit 2 if it exists otherwise',
  },
  {
    long: 'partitions',
    arg: 'n',
    description: "partitions of a topic --create-topic creates (default: the broker's)",
    parse: integer(1, 100_000),
  },
  {
    long: 'replication-factor',
    arg: 'n',
    description: "replication factor of a topic --create-topic creates (default: the broker's)",
    parse: integer(1, 32_767),
  },
  {
    long: 'verify',
    description: 'after the flush, read every delivered message back and compare (exit 4 on a mismatch)',
    doc: 'after the flush, read every delivered message back from its partition and check it is there once, with its key and value: `% verified N/N`, exit 4 otherwise',
  },
  {
    long: 'json',
    description: 'newline-delimited JSON events on stdout (delivered, failed, summary)',
    doc: 'newline-delimited JSON events on stdout (see [JSON events](docs/json-events.md))',
  },
  {
    long: 'quiet',
    short: 'q',
    description: 'no per-message delivery lines on stderr (failures and the summary still print)',
  },
  {
    long: 'no-color',
    description: 'no colours, even on a terminal (NO_COLOR is honoured too)',
    doc: 'no colours; `NO_COLOR` is honoured too, and colours are only used on a terminal',
  },
  {
    long: 'debug',
    description: "kafkajs's own log on stderr",
    doc: "kafkajs's own log, and the cause of a failure, on stderr",
  },
  {
    long: 'command-config',
    arg: 'file',
    description: 'client.properties with the connection settings (Java or librdkafka keys); options win over it',
    doc: 'a `client.properties` (Java or librdkafka keys): connection and producer settings; options win over it, it wins over the environment',
  },
  {
    long: 'schema-registry',
    arg: 'url',
    description: 'the Schema Registry of --value-format and --key-format (its Confluent-compatible API)',
    parse: parseUrl,
    properties: ['schema.registry.url'],
  },
  {
    long: 'value-format',
    arg: 'format',
    description: "the value's encoding: bytes (as given), or avro, json-schema or protobuf with a registered schema",
    doc: "the value's encoding: `bytes` (the text as given), or the Confluent wire format of `avro` (the record in Avro's JSON encoding), `json-schema` (JSON checked against the schema) or `protobuf` (the record in proto3's JSON mapping); the Confluent CLI's `jsonschema` is taken too",
    parse: parseSchemaFormat,
    default: 'bytes',
  },
  {
    long: 'key-format',
    arg: 'format',
    description: "the key's encoding, as --value-format",
    parse: parseSchemaFormat,
    default: 'bytes',
  },
  {
    long: 'value-schema',
    arg: 'file',
    description:
      "the value's schema from a file (.avsc, .proto, .json): registered under its subject unless --no-auto-register",
  },
  {
    long: 'key-schema',
    arg: 'file',
    description: "the key's schema from a file, as --value-schema",
  },
  {
    long: 'value-schema-id',
    arg: 'id',
    description: "the value's schema by its registry id (rpk's --schema-id)",
    parse: integer(1, 2_147_483_647),
  },
  {
    long: 'key-schema-id',
    arg: 'id',
    description: "the key's schema by its registry id (rpk's --schema-key-id)",
    parse: integer(1, 2_147_483_647),
  },
  {
    long: 'value-schema-version',
    arg: 'version',
    description: "a version of the value's subject: latest (the default without a file or id) or a number",
    parse: parseSchemaVersion,
  },
  {
    long: 'key-schema-version',
    arg: 'version',
    description: "a version of the key's subject, as --value-schema-version",
    parse: parseSchemaVersion,
  },
  {
    long: 'value-subject',
    arg: 'name',
    description: "the value's subject outright (default: from --subject-name-strategy)",
    parse: nonEmpty,
  },
  {
    long: 'key-subject',
    arg: 'name',
    description: "the key's subject outright",
    parse: nonEmpty,
  },
  {
    long: 'value-message',
    arg: 'name',
    description: "Protobuf: the value's message type (default: the file's first)",
    parse: nonEmpty,
  },
  {
    long: 'key-message',
    arg: 'name',
    description: "Protobuf: the key's message type (default: the file's first)",
    parse: nonEmpty,
  },
  {
    long: 'subject-name-strategy',
    arg: 'strategy',
    description: 'topic (<topic>-value, <topic>-key), record (the record name) or topic-record (<topic>-<record name>)',
    parse: oneOf(SUBJECT_STRATEGIES),
    default: 'topic',
  },
  {
    long: 'no-auto-register',
    description: "look a schema file's schema up under its subject, refusing the run if it is not there",
    properties: ['auto.register.schemas'],
  },
  {
    long: 'schema-registry-ca',
    arg: 'file',
    description: "PEM CA certificate(s) of an https registry (default: Node's root CAs)",
    doc: "PEM CA certificate(s) of an https registry (default: Node's root CAs); `--command-config` takes the brokers' TLS keys prefixed `schema.registry.` (`schema.registry.ssl.truststore.location`, a client certificate too)",
    connection: true,
    properties: ['schema.registry.ssl.ca.location', 'schema.registry.ssl.truststore.location'],
    parse: nonEmpty,
  },
  {
    long: 'schema-registry-user-info-file',
    arg: 'file',
    description:
      "the registry's basic auth user:password, from the file's first line (or $SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO)",
    doc: "the registry's basic auth `user:password`, from the file's first line; else `basic.auth.user.info` of `--command-config`, the `user:password@` of its `schema.registry.url`, or `$SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO`; never on the command line",
    connection: true,
    properties: ['basic.auth.user.info', 'schema.registry.basic.auth.user.info'],
  },
  {
    long: 'dry-run',
    description:
      "read, parse and encode every record (with the registry's schemas), send nothing: report what would fail",
    doc: "read, parse and encode every record as a run would (checking each against the registry's schema), send nothing and contact no broker: failed records are reported and written to `--failed-out` as a real run writes them; exit 1 if any",
  },
  {
    long: 'security-protocol',
    arg: 'protocol',
    description: 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: PLAINTEXT)',
    parse: parseSecurityProtocol,
    connection: true,
    properties: keysSetting('protocol'),
  },
  {
    long: 'sasl-mechanism',
    arg: 'mechanism',
    description: 'PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER',
    parse: parseSaslMechanism,
    connection: true,
    properties: keysSetting('mechanism'),
  },
  {
    long: 'sasl-username',
    arg: 'name',
    description: 'SASL user; the password: KAFKA_SASL_PASSWORD or --sasl-password-file',
    connection: true,
    properties: keysSetting('username'),
  },
  {
    long: 'sasl-password-file',
    arg: 'file',
    description: "read the SASL password from the file's first line",
    doc: "the password, from the file's first line (or `$KAFKA_SASL_PASSWORD`; there is no `--sasl-password`)",
    connection: true,
    properties: keysSetting('password'),
  },
  {
    long: 'sasl-password',
    arg: 'password',
    description: 'refused: see Passwords below',
    parse: refusePasswordOption,
    hidden: true,
  },
  {
    long: 'oauth-method',
    arg: 'method',
    description: 'where OAUTHBEARER gets its token: oidc, file or aws-msk-iam (default: from the options given)',
    doc: 'where OAUTHBEARER gets its token: `oidc` (the client credentials grant, implied by `--oauth-token-endpoint`), `file` (implied by `--oauth-token-file`) or `aws-msk-iam`',
    parse: parseOAuthMethod,
    connection: true,
    properties: keysSetting('oauthMethod'),
  },
  {
    long: 'oauth-token-endpoint',
    arg: 'url',
    description: "the OpenID provider's token endpoint (client credentials grant)",
    connection: true,
    properties: keysSetting('tokenEndpoint'),
  },
  {
    long: 'oauth-client-id',
    arg: 'id',
    description: 'OAuth client id; the secret: KAFKA_OAUTH_CLIENT_SECRET or --oauth-client-secret-file',
    connection: true,
    properties: keysSetting('clientId'),
  },
  {
    long: 'oauth-client-secret-file',
    arg: 'file',
    description: "read the OAuth client secret from the file's first line",
    doc: "the client secret, from the file's first line (or `$KAFKA_OAUTH_CLIENT_SECRET`; never on the command line)",
    connection: true,
    properties: keysSetting('clientSecret'),
  },
  {
    long: 'oauth-scope',
    arg: 'scope',
    description: 'OAuth scope to ask the token for',
    connection: true,
    properties: keysSetting('scope'),
  },
  {
    long: 'oauth-audience',
    arg: 'audience',
    description: 'OAuth audience to ask the token for (sent as audience and resource)',
    connection: true,
  },
  {
    long: 'oauth-token-file',
    arg: 'file',
    description: 'read the OAuth token from this file at every authentication',
    doc: 'a file holding the token, kept fresh by another tool: read at every authentication',
    connection: true,
    properties: keysSetting('tokenFile'),
  },
  {
    long: 'aws-region',
    arg: 'region',
    description: 'the AWS region of an MSK cluster (--oauth-method aws-msk-iam; default: $AWS_REGION)',
    connection: true,
  },
  {
    long: 'ssl-ca',
    arg: 'file',
    description: "PEM CA certificate(s) to trust (default: Node's root CAs)",
    connection: true,
    properties: keysSetting('ca'),
  },
  {
    long: 'ssl-cert',
    arg: 'file',
    description: 'PEM client certificate, for brokers that require one (with --ssl-key)',
    connection: true,
    properties: keysSetting('cert'),
  },
  {
    long: 'ssl-key',
    arg: 'file',
    description: 'PEM key of --ssl-cert (encrypted: its password in KAFKA_SSL_KEY_PASSWORD)',
    connection: true,
    properties: keysSetting('key', 'keyPassword'),
  },
  {
    long: 'ssl-skip-verify',
    description: "do not verify the brokers' certificates (insecure: warns on every run)",
    connection: true,
    properties: keysSetting('verifyCertificate', 'verifyHostname'),
  },
];

/** commander's name for an option's value: --linger-ms is lingerMs, --no-idempotence idempotence. */
export const attributeOf = (spec: OptionSpec): string =>
  spec.long.replace(/^no-/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The flags as commander and --help write them: -k, --key <template>. */
export const flagsOf = (spec: OptionSpec): string =>
  `${spec.short ? `-${spec.short}, ` : ''}--${spec.long}${spec.arg ? ` <${spec.arg}>` : ''}`;

/** --help's groups, in order, and the README's option tables: each option in one. */
export const OPTION_GROUPS: { heading: string; options: string[] }[] = [
  { heading: 'Topic and connection', options: ['topic', 'brokers', 'client-id', 'timeout', 'command-config'] },
  {
    heading: 'What to send (generated messages)',
    options: ['duration', 'count', 'interval', 'rate', 'key', 'value', 'value-size', 'header', 'partition'],
  },
  {
    heading: 'Input (your own records)',
    options: [
      'input',
      'format',
      'key-separator',
      'delimiter',
      'parse-headers',
      'headers-delimiter',
      'headers-separator',
      'headers-key-separator',
      'null-marker',
      'failed-out',
    ],
  },
  {
    heading: 'Delivery',
    options: [
      'acks',
      'idempotence',
      'no-idempotence',
      'partitioner',
      'compression',
      'linger-ms',
      'batch-size',
      'max-in-flight',
      'delivery-timeout',
      'flush-timeout',
    ],
  },
  { heading: 'Transactions', options: ['transactional-id', 'transaction-size', 'transaction-timeout'] },
  { heading: 'Creating the topic', options: ['create-topic', 'partitions', 'replication-factor'] },
  {
    heading: 'Schema Registry',
    options: [
      'schema-registry',
      'value-format',
      'key-format',
      'value-schema',
      'key-schema',
      'value-schema-id',
      'key-schema-id',
      'value-schema-version',
      'key-schema-version',
      'value-subject',
      'key-subject',
      'value-message',
      'key-message',
      'subject-name-strategy',
      'no-auto-register',
      'schema-registry-ca',
      'schema-registry-user-info-file',
    ],
  },
  { heading: 'Output and checks', options: ['json', 'quiet', 'verify', 'dry-run', 'no-color', 'debug'] },
  {
    heading: 'Security',
    options: [
      'security-protocol',
      'sasl-mechanism',
      'sasl-username',
      'sasl-password-file',
      'sasl-password',
      'oauth-method',
      'oauth-token-endpoint',
      'oauth-client-id',
      'oauth-client-secret-file',
      'oauth-scope',
      'oauth-audience',
      'oauth-token-file',
      'aws-region',
      'ssl-ca',
      'ssl-cert',
      'ssl-key',
      'ssl-skip-verify',
    ],
  },
];

/** The heading of the option's group. */
export const groupOf = (spec: OptionSpec): string => {
  const group = OPTION_GROUPS.find(({ options }) => options.includes(spec.long));
  if (group === undefined) throw new Error(`option --${spec.long} is in no group of OPTION_GROUPS`);
  return group.heading;
};
