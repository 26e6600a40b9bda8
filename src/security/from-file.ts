// The connection settings of a client.properties file (client-properties.ts parses it), in the Java
// client's keys or librdkafka's, as one SecurityInput; every setting keeps the file:line it came from.

import { fileURLToPath } from 'node:url';
import { usageError } from '../core/errors.js';
import { parseBoolean } from '../core/parser.js';
import { type ClientProperties, type Entry, parseEntry, parseJaasConfig } from './client-properties.js';
import type { ConnectionKey } from './connection-keys.js';
import { type OAuthMethod, parseOAuthMethod } from './oauth.js';
import { Secret } from './secret.js';
import {
  type Given,
  type Pem,
  parseSaslMechanism,
  parseSecurityProtocol,
  type SaslMechanism,
  type SecurityInput,
} from './settings.js';

const given = <T>(value: T, entry: Entry): Given<T> => ({ value, from: entry.where });

/** The file's connection settings, and the keys it used. */
export function securityFromFile(props: ClientProperties): { input: SecurityInput; used: Set<string> } {
  const input: SecurityInput = {};
  const used = new Set<string>();
  const get = (...keys: ConnectionKey[]): Entry | undefined => {
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
  if (protocol) input.protocol = given(parseEntry(protocol, parseSecurityProtocol), protocol);
  const mechanism = get('sasl.mechanism', 'sasl.mechanisms');
  if (mechanism) input.mechanism = given(parseEntry(mechanism, parseSaslMechanism), mechanism);
  const username = get('sasl.username');
  if (username) input.username = given(username.value, username);
  const password = get('sasl.password');
  if (password) input.password = given(new Secret(password.value), password);
  const jaas = get('sasl.jaas.config');
  if (jaas) readJaas(jaas, input);
  readOAuth(get, input);

  const pem = (fileKey: ConnectionKey, textKey: ConnectionKey) => {
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
  if (verify) input.verifyCertificate = given(parseEntry(verify, parseBoolean), verify);
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
  else if (module === 'OAuthBearerLoginModule') {
    input.mechanism ??= given<SaslMechanism>('OAUTHBEARER', entry);
    const { clientId, clientSecret, scope } = login.options;
    if (clientId !== undefined) input.clientId ??= given(clientId, entry);
    if (clientSecret !== undefined) input.clientSecret ??= given(new Secret(clientSecret), entry);
    if (scope !== undefined) input.scope ??= given(scope, entry);
    return;
  } else if (module === 'IAMLoginModule') {
    throw usageError(
      `${entry.where}: sasl.jaas.config: IAMLoginModule (AWS_MSK_IAM) is not supported: use sasl.mechanism=OAUTHBEARER with sasl.login.callback.handler.class=software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler`,
    );
  } else if (module !== 'ScramLoginModule') {
    throw usageError(
      `${entry.where}: sasl.jaas.config: ${module} is not supported (PlainLoginModule, ScramLoginModule or OAuthBearerLoginModule)`,
    );
  }
  if (login.options.username !== undefined) input.username ??= given(login.options.username, entry);
  if (login.options.password !== undefined) input.password ??= given(new Secret(login.options.password), entry);
}

type Get = (...keys: ConnectionKey[]) => Entry | undefined;

/** The Java client's login callback handlers that fetch a token, and the method each stands for. */
const LOGIN_HANDLERS: Record<string, OAuthMethod> = {
  OAuthBearerLoginCallbackHandler: 'oidc',
  IAMOAuthBearerLoginCallbackHandler: 'aws-msk-iam',
};

/** OAUTHBEARER's keys: librdkafka's sasl.oauthbearer.*, the Java client's token endpoint and handler. */
function readOAuth(get: Get, input: SecurityInput): void {
  const method = get('sasl.oauthbearer.method');
  if (method) {
    // librdkafka's default method makes an unsecured JWT, which only a test broker takes.
    if (method.value.toLowerCase() === 'default') {
      throw usageError(
        `${method.where}: sasl.oauthbearer.method=default (an unsecured JWT) is not supported: use oidc`,
      );
    }
    input.oauthMethod = given(parseEntry(method, parseOAuthMethod), method);
  }
  const handler = get('sasl.login.callback.handler.class');
  if (handler) {
    const name = handler.value.split('.').pop() ?? '';
    const implied = LOGIN_HANDLERS[name];
    if (implied === undefined) {
      throw usageError(
        `${handler.where}: sasl.login.callback.handler.class ${name} is not supported (OAuthBearerLoginCallbackHandler or IAMOAuthBearerLoginCallbackHandler)`,
      );
    }
    input.oauthMethod ??= given(implied, handler);
  }
  const endpoint = get('sasl.oauthbearer.token.endpoint.url');
  if (endpoint) {
    // The Java client reads a token from a file: URL.
    if (endpoint.value.startsWith('file:')) {
      input.tokenFile = given(fileURLToPath(endpoint.value), endpoint);
      if (input.oauthMethod?.value === 'oidc') input.oauthMethod = given<OAuthMethod>('file', endpoint);
    } else input.tokenEndpoint = given(endpoint.value, endpoint);
  }
  const clientId = get('sasl.oauthbearer.client.id', 'sasl.oauthbearer.client.credentials.client.id');
  if (clientId) input.clientId ??= given(clientId.value, clientId);
  const secret = get('sasl.oauthbearer.client.secret', 'sasl.oauthbearer.client.credentials.client.secret');
  if (secret) input.clientSecret ??= given(new Secret(secret.value), secret);
  const scope = get('sasl.oauthbearer.scope');
  if (scope) input.scope ??= given(scope.value, scope);
}

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
  }
}
