// How we reach a secured cluster: the security protocol, SASL credentials and TLS material, gathered
// from the command line, a client.properties file and the environment (in that order of precedence),
// checked, and turned into kafkajs's ssl and sasl settings. Passwords travel as Secrets, which print as
// [redacted] wherever they end up.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { inspect } from 'node:util';
import { type ClientProperties, type Entry, parseJaasConfig } from './client-properties.js';
import { usageError } from './errors.js';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** A password. It prints, serialises and inspects as [redacted]; reveal() is for the client alone. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

export function parseSecurityProtocol(text: string): SecurityProtocol {
  const protocol = text.trim().toUpperCase() as SecurityProtocol;
  if (!SECURITY_PROTOCOLS.includes(protocol)) {
    throw usageError(`--security-protocol must be one of ${SECURITY_PROTOCOLS.join(', ')}, not "${text}"`);
  }
  return protocol;
}

export function parseSaslMechanism(text: string): SaslMechanism {
  const mechanism = text.trim().toUpperCase() as SaslMechanism;
  if (!SASL_MECHANISMS.includes(mechanism)) {
    throw usageError(
      `--sasl-mechanism must be one of ${SASL_MECHANISMS.join(', ')}, not "${text}" (GSSAPI, OAUTHBEARER and AWS_MSK_IAM are not supported)`,
    );
  }
  return mechanism;
}

/** A setting and where it came from (an option, file:line, a variable), for messages. */
export interface Given<T> {
  value: T;
  from: string;
}

/** PEM text, or the file that holds it. */
export type Pem = { file: string } | { text: string };

/** One source's say on the connection; every field may be missing. */
export interface SecurityInput {
  protocol?: Given<SecurityProtocol>;
  mechanism?: Given<SaslMechanism>;
  username?: Given<string>;
  password?: Given<Secret>;
  ca?: Given<Pem>;
  cert?: Given<Pem>;
  key?: Given<Pem>;
  keyPassword?: Given<Secret>;
  verifyCertificate?: Given<boolean>;
  verifyHostname?: Given<boolean>;
}

export interface TlsSettings {
  /** PEM certificates to trust; null: Node's bundled root CAs, as a public cloud's brokers need. */
  ca: string | null;
  cert: string | null;
  key: string | null;
  keyPassword: Secret | null;
  verifyCertificate: boolean;
  verifyHostname: boolean;
}

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
  password: Secret;
}

export interface Security {
  protocol: SecurityProtocol;
  sasl: SaslSettings | null;
  tls: TlsSettings | null;
}

export const PLAINTEXT: Security = { protocol: 'PLAINTEXT', sasl: null, tls: null };

// ---- client.properties ----

const given = <T>(value: T, entry: Entry): Given<T> => ({ value, from: entry.where });

function fileBoolean(entry: Entry): boolean {
  const value = entry.value.toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  throw usageError(`${entry.where}: ${entry.key} must be true or false, not "${entry.value}"`);
}

function fileChoice<T>(entry: Entry, parse: (text: string) => T): T {
  try {
    return parse(entry.value);
  } catch (err) {
    throw usageError(`${entry.where}: ${entry.key}: ${(err as Error).message.replace(/^--[\w-]+ /, '')}`);
  }
}

/** The file's connection settings, and the keys it used. */
export function securityFromFile(props: ClientProperties): { input: SecurityInput; used: Set<string> } {
  const input: SecurityInput = {};
  const used = new Set<string>();
  const get = (...keys: string[]): Entry | undefined => {
    for (const key of keys) {
      const entry = props.entries.get(key);
      if (entry !== undefined) {
        used.add(key);
        return entry;
      }
    }
    return undefined;
  };
  const protocol = get('security.protocol');
  if (protocol) input.protocol = given(fileChoice(protocol, parseSecurityProtocol), protocol);
  const mechanism = get('sasl.mechanism', 'sasl.mechanisms');
  if (mechanism) input.mechanism = given(fileChoice(mechanism, parseSaslMechanism), mechanism);
  const username = get('sasl.username');
  if (username) input.username = given(username.value, username);
  const password = get('sasl.password');
  if (password) input.password = given(new Secret(password.value), password);
  const jaas = get('sasl.jaas.config');
  if (jaas) readJaas(jaas, input);

  const pem = (fileKey: string, textKey: string) => {
    const file = get(fileKey);
    if (file) return given<Pem>({ file: file.value }, file);
    const text = get(textKey);
    return text ? given<Pem>({ text: text.value.replace(/\\n/g, '\n') }, text) : undefined;
  };
  input.ca = pem('ssl.ca.location', 'ssl.ca.pem');
  input.cert = pem('ssl.certificate.location', 'ssl.certificate.pem');
  input.key = pem('ssl.key.location', 'ssl.key.pem');
  readJavaStores(get, input);
  const keyPassword = get('ssl.key.password');
  if (keyPassword) input.keyPassword = given(new Secret(keyPassword.value), keyPassword);
  const verify = get('enable.ssl.certificate.verification');
  if (verify) input.verifyCertificate = given(fileBoolean(verify), verify);
  const identification = get('ssl.endpoint.identification.algorithm');
  if (identification) {
    // Java: "https" (the default) or empty; librdkafka: "https" or "none" (its default before 2.0).
    const value = identification.value.toLowerCase();
    if (!['', 'none', 'https'].includes(value)) {
      throw usageError(`${identification.where}: ssl.endpoint.identification.algorithm must be https, none or empty`);
    }
    input.verifyHostname = given(value === 'https', identification);
  }
  for (const key of Object.keys(input) as (keyof SecurityInput)[]) if (input[key] === undefined) delete input[key];
  return { input, used };
}

function readJaas(entry: Entry, input: SecurityInput): void {
  const login = parseJaasConfig(entry.value, entry.where);
  const module = login.module.split('.').pop();
  if (module === 'PlainLoginModule') input.mechanism ??= given<SaslMechanism>('PLAIN', entry);
  else if (module !== 'ScramLoginModule') {
    throw usageError(
      `${entry.where}: sasl.jaas.config: ${module} is not supported (PlainLoginModule or ScramLoginModule)`,
    );
  }
  if (login.options.username !== undefined) input.username ??= given(login.options.username, entry);
  if (login.options.password !== undefined) input.password ??= given(new Secret(login.options.password), entry);
}

type Get = (...keys: string[]) => Entry | undefined;

/** The Java client's stores: PEM only (a path or the PEM inline); JKS and PKCS12 need the JVM's keytool. */
function readJavaStores(get: Get, input: SecurityInput): void {
  const convert = {
    truststore: 'keytool -exportcert -rfc -keystore <store> -alias <alias> > ca.pem',
    keystore: 'openssl pkcs12 -in <store>.p12 -nodes > client.pem',
  };
  for (const store of ['truststore', 'keystore'] as const) {
    const location = get(`ssl.${store}.location`);
    const inline = store === 'truststore' ? get('ssl.truststore.certificates') : get('ssl.keystore.certificate.chain');
    const source = location ?? inline;
    if (source === undefined) continue;
    const type = get(`ssl.${store}.type`);
    get(`ssl.${store}.password`); // a PEM store has none; a JKS one is refused below
    if (location !== undefined && (type?.value.toUpperCase() ?? 'JKS') !== 'PEM') {
      const name = type?.value.toUpperCase() ?? 'JKS (the default)';
      throw usageError(
        `${(type ?? location).where}: ssl.${store}.type ${name} is not supported: convert the store to PEM (${convert[store]}) and set ssl.${store}.type=PEM`,
      );
    }
    const pem = given<Pem>(location ? { file: location.value } : { text: source.value }, source);
    if (store === 'truststore') {
      input.ca ??= pem;
      continue;
    }
    // A PEM keystore file holds the key and its certificate chain; inline, they are two keys.
    input.cert ??= pem;
    const key = location ? location : get('ssl.keystore.key');
    if (key) input.key ??= given<Pem>(location ? pem.value : { text: key.value }, key);
    const keyPassword = get('ssl.key.password');
    if (keyPassword) input.keyPassword ??= given(new Secret(keyPassword.value), keyPassword);
  }
}

// ---- resolving ----

const readPem = ({ value, from }: Given<Pem>, what: string): string => {
  if ('text' in value) return value.text;
  try {
    return readFileSync(value.file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'unreadable');
    throw usageError(`${from}: cannot read ${what} ${value.file}: ${reason}`);
  }
};

function checkPem(text: string, label: RegExp, source: Given<Pem>, what: string): string {
  if (!label.test(text)) {
    const file = 'file' in source.value ? ` ${source.value.file}` : '';
    throw usageError(
      `${source.from}: ${what}${file} is not PEM (-----BEGIN ...-----); convert DER, JKS or PKCS12 first`,
    );
  }
  return text;
}

/** Reads a password file: its first line, as kubectl and docker --password-stdin do. */
export function readPasswordFile(file: string, from: string): Secret {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(`${from}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`);
  }
  const password = text.split(/\r?\n/)[0];
  if (password === '') throw usageError(`${from}: ${file} is empty`);
  return new Secret(password);
}

const isLoopback = (broker: string): boolean => {
  const host = broker.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || (isIP(host) === 4 ? host.startsWith('127.') : host === '::1');
};

/** Merges the sources (first wins: command line, file, environment), checks that they agree, and reads
 * the TLS files. warn() hears what is allowed but unsafe. */
export function resolveSecurity(
  sources: SecurityInput[],
  brokers: readonly string[],
  warn: (message: string) => void,
): Security {
  const pick = <K extends keyof SecurityInput>(key: K): SecurityInput[K] => sources.find((s) => s[key])?.[key];
  const protocol = pick('protocol')?.value ?? 'PLAINTEXT';
  const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const stray = (keys: (keyof SecurityInput)[], needs: string) => {
    for (const key of keys) {
      const setting = pick(key);
      // Only an option is refused: a file's or the environment's extra settings are left unused, as the
      // Java client leaves them (one client.properties may serve several protocols).
      if (setting?.from.startsWith('--')) {
        throw usageError(`${setting.from}: ${needs}, but the security protocol is ${protocol}`);
      }
    }
  };
  if (!sasl) stray(['mechanism', 'username', 'password'], 'SASL settings need SASL_PLAINTEXT or SASL_SSL');
  if (!tls) {
    stray(['ca', 'cert', 'key', 'verifyCertificate', 'verifyHostname'], 'TLS settings need SSL or SASL_SSL');
  }
  const security: Security = { protocol, sasl: null, tls: null };
  if (sasl) security.sasl = resolveSasl(pick);
  if (tls) security.tls = resolveTls(pick, warn);
  if (protocol === 'SASL_PLAINTEXT' && !brokers.every(isLoopback)) {
    warn(
      `SASL_PLAINTEXT to ${brokers.filter((b) => !isLoopback(b)).join(',')}: credentials and messages cross the network unencrypted (use SASL_SSL)`,
    );
  }
  return security;
}

type Pick = <K extends keyof SecurityInput>(key: K) => SecurityInput[K];

function resolveSasl(pick: Pick): SaslSettings {
  const mechanism = pick('mechanism');
  if (mechanism === undefined) {
    throw usageError(`SASL needs --sasl-mechanism (${SASL_MECHANISMS.join(', ')})`);
  }
  const username = pick('username');
  if (username === undefined || username.value === '') throw usageError('SASL needs --sasl-username');
  const password = pick('password');
  if (password === undefined) {
    throw usageError(
      `SASL needs ${username.value}'s password: set KAFKA_SASL_PASSWORD or pass --sasl-password-file (see --help)`,
    );
  }
  return { mechanism: mechanism.value, username: username.value, password: password.value };
}

function resolveTls(pick: Pick, warn: (message: string) => void): TlsSettings {
  const caSource = pick('ca');
  const certSource = pick('cert');
  const keySource = pick('key');
  const pem = (source: Given<Pem> | undefined, what: string, label: RegExp) =>
    source && checkPem(readPem(source, what), label, source, `the ${what}`);
  const ca = pem(caSource, 'CA file', /-----BEGIN CERTIFICATE-----/);
  const cert = pem(certSource, 'certificate', /-----BEGIN CERTIFICATE-----/);
  const key = pem(keySource, 'key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  if (certSource && !keySource) {
    throw usageError(`${certSource.from}: a client certificate needs its key too (--ssl-key)`);
  }
  if (keySource && !certSource) {
    throw usageError(`${keySource.from}: a client key needs its certificate too (--ssl-cert)`);
  }
  const keyPassword = pick('keyPassword');
  if (keySource && key && /ENCRYPTED/.test(key) && keyPassword === undefined) {
    throw usageError(`${keySource.from}: the key is encrypted: set KAFKA_SSL_KEY_PASSWORD (or ssl.key.password)`);
  }
  if (certSource && cert && keySource && key) checkKeyPair(cert, certSource, key, keySource, keyPassword);
  const verifyCertificate = pick('verifyCertificate');
  const verifyHostname = pick('verifyHostname');
  if (verifyCertificate?.value === false) {
    warn(
      `TLS certificate verification is off (${verifyCertificate.from}): anyone on the network path can pose as the brokers`,
    );
  } else if (verifyHostname?.value === false) {
    warn(`TLS host name verification is off (${verifyHostname.from}): any certificate the CA signed is accepted`);
  }
  return {
    ca: ca ?? null,
    cert: cert ?? null,
    key: key ?? null,
    keyPassword: keyPassword?.value ?? null,
    verifyCertificate: verifyCertificate?.value ?? true,
    verifyHostname: verifyCertificate?.value === false ? false : (verifyHostname?.value ?? true),
  };
}

/** The key opens (with its password, if any) and belongs to the certificate: said now, in one line,
 * rather than as an OpenSSL error from the first handshake. */
function checkKeyPair(
  cert: string,
  certSource: Given<Pem>,
  key: string,
  keySource: Given<Pem>,
  password?: Given<Secret>,
) {
  const reason = (err: unknown) => ((err as Error).message.split(':').pop() ?? '').trim();
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key, format: 'pem', passphrase: password?.value.reveal() });
  } catch (err) {
    const withPassword = password ? ` with the password from ${password.from}` : '';
    throw usageError(`${keySource.from}: cannot read the key${withPassword}: ${reason(err)}`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    throw usageError(`${certSource.from}: cannot read the certificate: ${reason(err)}`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw usageError(`${keySource.from}: the key does not belong to the certificate (${certSource.from})`);
  }
}

/** Replaces every password in text with [redacted]: the last guard on what reaches stdout, stderr and the debug log. */
export function redactor(security: Security): (text: string) => string {
  const secrets = [security.sasl?.password, security.tls?.keyPassword]
    .filter((s): s is Secret => s != null)
    .map((s) => s.reveal())
    .filter((s) => s.length > 0);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
