// How we reach a secured cluster: the security protocol, SASL credentials and TLS material, as the
// command line, a client.properties file (from-file.ts) and the environment give them, merged
// in that order of precedence and checked. Passwords travel as Secrets (secret.ts).
import type * as Crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { unreadable, usageError } from '../core/errors.js';
import { oneOf, type Parser } from '../core/parser.js';
import { type Given, OAUTH_INPUT_KEYS, type OAuthInput, type OAuthSettings, resolveOAuth } from './oauth.js';
import type { Secret } from './secret.js';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

const upper = (text: string) => text.toUpperCase();

export const parseSecurityProtocol: Parser<SecurityProtocol> = oneOf(SECURITY_PROTOCOLS, upper);

export const parseSaslMechanism: Parser<SaslMechanism> = oneOf(
  SASL_MECHANISMS,
  upper,
  'GSSAPI is not supported; for AWS_MSK_IAM use OAUTHBEARER with --oauth-method aws-msk-iam',
);

export type { Given };

/** PEM text, or the file that holds it. */
export type Pem = { file: string } | { text: string };

/** One source's say on the connection; every field may be missing. */
export interface SecurityInput extends OAuthInput {
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

/** The TLS settings as Node's tls and https take them (the brokers' sockets, the registry's requests). */
export function nodeTlsOptions(tls: TlsSettings): ConnectionOptions {
  return {
    ca: tls.ca ?? undefined,
    cert: tls.cert ?? undefined,
    key: tls.key ?? undefined,
    passphrase: tls.keyPassword?.reveal(),
    rejectUnauthorized: tls.verifyCertificate,
    ...(tls.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
  };
}

// OpenSSL's verification results, as Node names them (SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED...).
const TLS_VERIFY = /^(?!ERR_)[A-Z_]*(CERT|SELF_SIGNED|UNABLE_TO_|ISSUER)/;

/** Whether an error code is OpenSSL refusing the peer's certificate as untrusted. */
export const isUntrustedCertificate = (code: string): boolean => TLS_VERIFY.test(code);

/** A user name and password: PLAIN and SCRAM. */
export interface PasswordSasl {
  mechanism: Exclude<SaslMechanism, 'OAUTHBEARER'>;
  username: string;
  password: Secret;
}

/** A bearer token, from the source its settings name. */
export interface OAuthBearerSasl {
  mechanism: 'OAUTHBEARER';
  oauth: OAuthSettings;
}

export type SaslSettings = PasswordSasl | OAuthBearerSasl;

export interface Security {
  protocol: SecurityProtocol;
  sasl: SaslSettings | null;
  tls: TlsSettings | null;
}

export const PLAINTEXT: Security = { protocol: 'PLAINTEXT', sasl: null, tls: null };

const readPem = ({ value, from }: Given<Pem>, what: string): string => {
  if ('text' in value) return value.text;
  try {
    return readFileSync(value.file, 'utf8');
  } catch (err) {
    throw usageError(`${from}: cannot read ${what} ${value.file}: ${unreadable(err)}`);
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
  env: NodeJS.ProcessEnv = process.env,
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
  if (!sasl) {
    stray(['mechanism', 'username', 'password', ...OAUTH_INPUT_KEYS], 'SASL settings need SASL_PLAINTEXT or SASL_SSL');
  }
  if (!tls) {
    stray(['ca', 'cert', 'key', 'verifyCertificate', 'verifyHostname'], 'TLS settings need SSL or SASL_SSL');
  }
  const security: Security = { protocol, sasl: null, tls: null };
  if (sasl) security.sasl = resolveSasl(pick, stray, env);
  if (tls) security.tls = resolveTls(pick, warn);
  if (protocol === 'SASL_PLAINTEXT' && !brokers.every(isLoopback)) {
    warn(
      `SASL_PLAINTEXT to ${brokers.filter((b) => !isLoopback(b)).join(',')}: credentials and messages cross the network unencrypted (use SASL_SSL)`,
    );
  }
  return security;
}

type Pick = <K extends keyof SecurityInput>(key: K) => SecurityInput[K];
type Stray = (keys: (keyof SecurityInput)[], needs: string) => void;

function resolveSasl(pick: Pick, stray: Stray, env: NodeJS.ProcessEnv): SaslSettings {
  const mechanism = pick('mechanism');
  if (mechanism === undefined) {
    throw usageError(`SASL needs --sasl-mechanism (${SASL_MECHANISMS.join(', ')})`);
  }
  if (mechanism.value === 'OAUTHBEARER') {
    stray(['username', 'password'], 'a user name and password go with PLAIN or SCRAM, not OAUTHBEARER');
    return { mechanism: 'OAUTHBEARER', oauth: resolveOAuth(pick, env) };
  }
  stray(OAUTH_INPUT_KEYS, `OAuth settings need --sasl-mechanism OAUTHBEARER, not ${mechanism.value}`);
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
  // Loaded here, not with the module: a run without a client key need not pay for node:crypto.
  const { createPrivateKey, X509Certificate } = createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  let privateKey: Crypto.KeyObject;
  try {
    privateKey = createPrivateKey({ key, format: 'pem', passphrase: password?.value.reveal() });
  } catch (err) {
    const withPassword = password ? ` with the password from ${password.from}` : '';
    throw usageError(`${keySource.from}: cannot read the key${withPassword}: ${reason(err)}`);
  }
  let certificate: Crypto.X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    throw usageError(`${certSource.from}: cannot read the certificate: ${reason(err)}`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw usageError(`${keySource.from}: the key does not belong to the certificate (${certSource.from})`);
  }
}
