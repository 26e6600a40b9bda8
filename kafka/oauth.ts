// OAUTHBEARER on the local cluster's SASL listeners: the brokers validate JWTs with Kafka's own
// OAuthBearerValidatorCallbackHandler against a JWKS file, whose private key the local OpenID provider
// (identity-provider.ts) signs its tokens with. The brokers read the keys from the file, not from the
// provider, so the cluster starts without it; a test or a user starts the provider when they need a token.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the local provider answers; its issuer is this URL, which the brokers expect in every token. */
export const OIDC_PORT = 19080;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_TOKEN_ENDPOINT = `${OIDC_ISSUER}/token`;
/** The audience the brokers expect (sasl.oauthbearer.expected.audience). */
export const CLUSTER_AUDIENCE = 'urn:simple-produce:local-cluster';
/** A session's longest life before the client must re-authenticate (connections.max.reauth.ms): an
 * OAUTHBEARER session also ends when its token expires, so a token's life bounds it. */
export const MAX_REAUTH_MS = 3_600_000;

export interface OidcClient {
  clientId: string;
  clientSecret: string;
}

export interface OAuthFiles {
  /** The provider's private signing key, a JWK. */
  signingKey: string;
  /** The public JWKS the brokers validate with. */
  jwks: string;
  /** The provider's clients and their secrets. */
  clients: string;
}

export const oauthFiles = (secretsDir: string): OAuthFiles => ({
  signingKey: join(secretsDir, 'oidc', 'signing-key.json'),
  jwks: join(secretsDir, 'oidc', 'jwks.json'),
  clients: join(secretsDir, 'oidc', 'clients.json'),
});

/** The client names: one whose tokens live long, one whose tokens live seconds (the renewal tests). */
export const CLIENT_IDS = { standard: 'simple-produce', shortLived: 'simple-produce-short-lived' } as const;

/** Makes the signing key, its JWKS and the clients' secrets once per state folder. */
export function ensureOAuthSecrets(secretsDir: string): void {
  const files = oauthFiles(secretsDir);
  mkdirSync(join(secretsDir, 'oidc'), { recursive: true });
  if (!existsSync(files.signingKey) || !existsSync(files.jwks)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomBytes(8).toString('hex');
    const meta = { kid, alg: 'RS256', use: 'sig' };
    writeFileSync(files.signingKey, `${JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...meta })}\n`, {
      mode: 0o600,
    });
    writeFileSync(files.jwks, `${JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), ...meta }] })}\n`);
  }
  if (!existsSync(files.clients)) {
    const clients: OidcClient[] = Object.values(CLIENT_IDS).map((clientId) => ({
      clientId,
      clientSecret: randomBytes(24).toString('base64url'),
    }));
    writeFileSync(files.clients, `${JSON.stringify(clients)}\n`, { mode: 0o600 });
  }
}

export function oidcClients(secretsDir: string): OidcClient[] {
  return JSON.parse(readFileSync(oauthFiles(secretsDir).clients, 'utf8')) as OidcClient[];
}

const release = (version: string) => version.split('.').map(Number) as [number, number];

/** The validator's class in this release: it moved out of `secured` in 3.4; there is none before 3.1. */
export function validatorClass(version: string): string | null {
  const [ma, mi] = release(version);
  if (ma < 3 || (ma === 3 && mi < 1)) return null;
  const pkg = ma === 3 && mi < 4 ? 'oauthbearer.secured' : 'oauthbearer';
  return `org.apache.kafka.common.security.${pkg}.OAuthBearerValidatorCallbackHandler`;
}

/** The brokers' OAUTHBEARER settings for these SASL listeners, or none for a release without the validator. */
export function oauthBrokerProperties(version: string, secretsDir: string, listeners: string[]): string[] {
  const validator = validatorClass(version);
  if (validator === null) return [];
  const validation = [
    `sasl.oauthbearer.jwks.endpoint.url=${pathToFileURL(oauthFiles(secretsDir).jwks).href}`,
    `sasl.oauthbearer.expected.issuer=${OIDC_ISSUER}`,
    `sasl.oauthbearer.expected.audience=${CLUSTER_AUDIENCE}`,
  ];
  // From 4.1 the validator delegates to a configurable class whose default, DefaultJwtValidator, checks
  // a token's form but not its signature, issuer or audience unless it is handed a key resolver, which
  // the callback handler does not do: name the broker's validator outright.
  const [ma, mi] = release(version);
  if (ma > 4 || (ma === 4 && mi >= 1)) {
    validation.push(
      'sasl.oauthbearer.jwt.validator.class=org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator',
    );
  }
  // The validator reads the broker's own settings, not the listener's; the listener-prefixed
  // connections.max.reauth.ms does not take effect either.
  const lines = [...validation, `connections.max.reauth.ms=${MAX_REAUTH_MS}`];
  for (const listener of listeners) {
    const prefix = `listener.name.${listener}.oauthbearer.`;
    lines.push(
      `${prefix}sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;`,
      `${prefix}sasl.server.callback.handler.class=${validator}`,
    );
  }
  return lines;
}

/** The JVM option Kafka 4 needs before it reads a JWKS URL (3.9.1 and later 3.x allow every URL). */
export const oauthJvmOptions = (secretsDir: string): string =>
  `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${pathToFileURL(oauthFiles(secretsDir).jwks).href}`;
