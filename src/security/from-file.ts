// The connection settings of a client.properties file (client-properties.ts parses it), in the Java
// client's keys or librdkafka's, as one SecurityInput; every setting keeps the file:line it came from.

import { usageError } from '../core/errors.js';
import { parseBoolean } from '../core/parser.js';
import { type ClientProperties, type Entry, parseEntry, parseJaasConfig } from './client-properties.js';
import type { ConnectionKey } from './connection-keys.js';
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
  else if (module !== 'ScramLoginModule') {
    throw usageError(
      `${entry.where}: sasl.jaas.config: ${module} is not supported (PlainLoginModule or ScramLoginModule)`,
    );
  }
  if (login.options.username !== undefined) input.username ??= given(login.options.username, entry);
  if (login.options.password !== undefined) input.password ??= given(new Secret(login.options.password), entry);
}

type Get = (...keys: ConnectionKey[]) => Entry | undefined;

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
