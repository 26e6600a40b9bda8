// The one table of client.properties keys that carry connection settings: whose clients use each (the
// Java client's, librdkafka's, or both) and which settings it gives. from-file.ts reads them, the
// option list names each beside the option of its setting, and a file with librdkafka's own keys (and
// none of the Java client's) is read the librdkafka way.
import type { SecurityInput } from './settings.js';

export type Dialect = 'java' | 'librdkafka';
type Setting = keyof SecurityInput;
const key = (dialect: Dialect | 'both', ...sets: Setting[]) => ({ dialect, sets });

export const CONNECTION_KEYS = {
  'security.protocol': key('both', 'protocol'),
  'sasl.mechanism': key('java', 'mechanism'),
  'sasl.mechanisms': key('librdkafka', 'mechanism'),
  'sasl.username': key('librdkafka', 'username'),
  'sasl.password': key('librdkafka', 'password'),
  'sasl.jaas.config': key('java', 'username', 'password', 'clientId', 'clientSecret', 'scope'),
  'sasl.oauthbearer.method': key('librdkafka', 'oauthMethod'),
  'sasl.login.callback.handler.class': key('java', 'oauthMethod'),
  'sasl.oauthbearer.token.endpoint.url': key('both', 'tokenEndpoint', 'tokenFile'),
  'sasl.oauthbearer.client.id': key('librdkafka', 'clientId'),
  'sasl.oauthbearer.client.credentials.client.id': key('java', 'clientId'),
  'sasl.oauthbearer.client.secret': key('librdkafka', 'clientSecret'),
  'sasl.oauthbearer.client.credentials.client.secret': key('java', 'clientSecret'),
  'sasl.oauthbearer.scope': key('both', 'scope'),
  'ssl.ca.location': key('librdkafka', 'ca'),
  'ssl.ca.pem': key('librdkafka', 'ca'),
  'ssl.certificate.location': key('librdkafka', 'cert'),
  'ssl.certificate.pem': key('librdkafka', 'cert'),
  'ssl.key.location': key('librdkafka', 'key'),
  'ssl.key.pem': key('librdkafka', 'key'),
  'ssl.key.password': key('both', 'keyPassword'),
  'enable.ssl.certificate.verification': key('librdkafka', 'verifyCertificate'),
  'ssl.endpoint.identification.algorithm': key('both', 'verifyHostname'),
  'ssl.truststore.location': key('java', 'ca'),
  'ssl.truststore.certificates': key('java', 'ca'),
  'ssl.truststore.type': key('java', 'ca'),
  'ssl.truststore.password': key('java', 'ca'),
  'ssl.keystore.location': key('java', 'cert', 'key'),
  'ssl.keystore.certificate.chain': key('java', 'cert'),
  'ssl.keystore.key': key('java', 'key'),
  'ssl.keystore.type': key('java', 'cert'),
  'ssl.keystore.password': key('java', 'cert'),
};
export type ConnectionKey = keyof typeof CONNECTION_KEYS;

/** The keys that give any of these settings, in the table's order. */
export const keysSetting = (...settings: Setting[]): ConnectionKey[] =>
  (Object.keys(CONNECTION_KEYS) as ConnectionKey[]).filter((k) =>
    CONNECTION_KEYS[k].sets.some((s) => settings.includes(s)),
  );

/** The client whose key this is, when only one client's reads it. */
export const dialectOf = (name: string): Dialect | undefined => {
  if (name === 'metadata.broker.list') return 'librdkafka';
  const dialect = Object.hasOwn(CONNECTION_KEYS, name) ? CONNECTION_KEYS[name as ConnectionKey].dialect : undefined;
  return dialect === 'both' ? undefined : dialect;
};
