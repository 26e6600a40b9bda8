// --value-format and --key-format with their schema options, checked together before anything
// connects: a schema format without a registry, a side given two schemas, or schema options without a
// schema format, are one line and exit 2.
import { usageError } from '../core/errors.js';
import type { RegistrySettings } from '../schema/registry-client.js';
import type {
  SchemaFormat,
  SchemaSettings,
  SchemaSource,
  Side,
  SideSettings,
  SubjectStrategy,
} from '../schema/settings.js';
import type { ClientProperties, Entry } from '../security/client-properties.js';
import { securityFromFile } from '../security/from-file.js';
import { readPasswordFile, Secret } from '../security/secret.js';
import { resolveSecurity, type SecurityInput, type TlsSettings } from '../security/settings.js';
import type { RawOptions } from './options.js';

/** The registry's keys of a client.properties, as Confluent's serializers read them (bare, or with
 * the schema.registry. prefix its clients also take). */
const USER_INFO_KEYS = ['basic.auth.user.info', 'schema.registry.basic.auth.user.info'];
const CREDENTIALS_SOURCE_KEYS = ['basic.auth.credentials.source', 'schema.registry.basic.auth.credentials.source'];

export interface RegistryProperties {
  userInfo: Secret | null;
  /** schema.registry.ssl.*, read as the brokers' ssl.* keys are (PEM files, PEM stores, inline PEM). */
  tls: SecurityInput;
}

const PREFIX = 'schema.registry.';

/** The registry's keys in --command-config: its basic auth user info and its TLS; and the keys read. */
export function registryPropertiesOf(props: ClientProperties): RegistryProperties & { used: string[] } {
  const used: string[] = [];
  const entries = new Map<string, Entry>();
  for (const [key, entry] of props.entries) {
    if (key.startsWith(`${PREFIX}ssl.`))
      entries.set(key.slice(PREFIX.length), { ...entry, key: key.slice(PREFIX.length) });
  }
  const tls = securityFromFile({ ...props, entries });
  for (const key of tls.used) used.push(`${PREFIX}${key}`);
  let userInfo: Secret | null = null;
  for (const key of [...USER_INFO_KEYS, ...CREDENTIALS_SOURCE_KEYS]) {
    const entry = props.entries.get(key);
    if (entry === undefined) continue;
    used.push(key);
    if (USER_INFO_KEYS.includes(key)) userInfo = new Secret(entry.value);
    else if (!['USER_INFO', 'URL'].includes(entry.value.toUpperCase())) {
      // SASL_INHERIT takes the Kafka SASL user: not what a registry behind its own users expects.
      throw usageError(`${entry.where}: ${key} ${entry.value}: USER_INFO or URL are supported`);
    }
  }
  return { userInfo, tls: tls.input, used };
}

/** A side's options, by commander's attribute. */
const sideOptions = (side: Side) => ({
  format: `${side}Format`,
  schema: `${side}Schema`,
  id: `${side}SchemaId`,
  version: `${side}SchemaVersion`,
  subject: `${side}Subject`,
  message: `${side}Message`,
});

function sideSettings({ values }: RawOptions, side: Side): SideSettings | null {
  const names = sideOptions(side);
  const format = values[names.format] as SchemaFormat;
  const given = (['schema', 'id', 'version', 'subject', 'message'] as const).filter(
    (n) => values[names[n]] !== undefined,
  );
  const flagOf = (n: (typeof given)[number]) =>
    `--${side}-${n === 'schema' || n === 'subject' || n === 'message' ? n : `schema-${n}`}`;
  if (format !== 'protobuf' && given.includes('message')) {
    throw usageError(`--${side}-message goes with --${side}-format protobuf`);
  }
  if (format === 'bytes') {
    if (given.length > 0)
      throw usageError(`${flagOf(given[0])} goes with --${side}-format avro, json-schema or protobuf`);
    return null;
  }
  const sources = given.filter((n) => n !== 'subject' && n !== 'message');
  if (sources.length > 1) {
    throw usageError(`--${side}-schema, --${side}-schema-id and --${side}-schema-version: give one`);
  }
  const source: SchemaSource =
    values[names.schema] !== undefined
      ? { file: values[names.schema] as string }
      : values[names.id] !== undefined
        ? { id: values[names.id] as number }
        : { version: (values[names.version] as 'latest' | number | undefined) ?? 'latest' };
  return {
    side,
    format,
    source,
    subject: (values[names.subject] as string | undefined) ?? null,
    message: (values[names.message] as string | undefined) ?? null,
  };
}

/** The schemas of a run, or null when both sides are bytes. */
export function schemaConfig(
  raw: RawOptions,
  timeoutMs: number,
  fromFile: RegistryProperties | null = null,
  warn: (message: string) => void = () => {},
): SchemaSettings | null {
  const fileUserInfo = fromFile?.userInfo ?? null;
  const { values } = raw;
  const key = sideSettings(raw, 'key');
  const value = sideSettings(raw, 'value');
  if (key === null && value === null) {
    if (values.autoRegister === false && raw.given('autoRegister')) {
      throw usageError('--no-auto-register goes with a --value-format or --key-format other than bytes');
    }
    if (raw.given('subjectNameStrategy')) {
      throw usageError('--subject-name-strategy goes with a --value-format or --key-format other than bytes');
    }
    return null;
  }
  const given = values.schemaRegistry as URL | undefined;
  if (given === undefined) {
    throw usageError(
      `--${value !== null ? 'value' : 'key'}-format ${(value ?? key)?.format} needs --schema-registry (or schema.registry.url in --command-config)`,
    );
  }
  // User info in the URL of --command-config (basic.auth.credentials.source=URL) is taken out of it,
  // so that no message that names the registry shows the password; on the command line it is refused,
  // as every password is.
  const url = new URL(given.href);
  if (url.username !== '' && raw.given('schemaRegistry')) {
    throw usageError(
      '--schema-registry: no user:password in the URL on the command line; use --schema-registry-user-info-file or $SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO',
    );
  }
  const inUrl =
    url.username === '' ? null : new Secret(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
  url.username = '';
  url.password = '';
  const env = raw.env ?? process.env;
  let userInfo: Secret | null = null;
  if (values.schemaRegistryUserInfoFile !== undefined) {
    userInfo = readPasswordFile(values.schemaRegistryUserInfoFile as string, '--schema-registry-user-info-file');
  } else if (fileUserInfo !== null) {
    userInfo = fileUserInfo;
  } else if (inUrl !== null) {
    userInfo = inUrl;
  } else if (env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO) {
    userInfo = new Secret(env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
  }
  if (userInfo !== null && !userInfo.reveal().includes(':')) {
    throw usageError("the schema registry's user info must be user:password");
  }
  // An https registry's TLS: --schema-registry-ca over the file's schema.registry.ssl.* keys.
  let tls: TlsSettings | null = null;
  if (url.protocol === 'https:') {
    const option: SecurityInput = { protocol: { value: 'SSL', from: '--schema-registry' } };
    if (values.schemaRegistryCa !== undefined) {
      option.ca = { value: { file: values.schemaRegistryCa as string }, from: '--schema-registry-ca' };
    }
    const registryWarn = (message: string) => warn(`the schema registry: ${message}`);
    tls = resolveSecurity([option, fromFile?.tls ?? {}], [url.host], registryWarn).tls;
  } else if (values.schemaRegistryCa !== undefined) {
    throw usageError('--schema-registry-ca goes with an https --schema-registry');
  }
  const registry: RegistrySettings = { url, userInfo, tls, timeoutMs };
  return {
    registry,
    key,
    value,
    autoRegister: values.autoRegister !== false,
    strategy: values.subjectNameStrategy as SubjectStrategy,
  };
}
