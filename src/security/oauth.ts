// SASL/OAUTHBEARER's settings: where the token comes from (an OpenID provider's token endpoint by the
// client credentials grant, a file another tool keeps fresh, or AWS MSK IAM's signer), as the command
// line, a client.properties file and the environment give them. Getting the token is oauth-tokens.ts.
import { fileURLToPath } from 'node:url';
import { usageError } from '../core/errors.js';
import { oneOf, type Parser } from '../core/parser.js';
import type { Secret } from './secret.js';

export const OAUTH_METHODS = ['oidc', 'file', 'aws-msk-iam'] as const;
export type OAuthMethod = (typeof OAUTH_METHODS)[number];

export const parseOAuthMethod: Parser<OAuthMethod> = oneOf(OAUTH_METHODS, (text) => text.toLowerCase());

/** The OpenID Connect client credentials grant, as librdkafka's sasl.oauthbearer.method=oidc and the
 * Java client's OAuthBearerLoginCallbackHandler make it. */
export interface OidcSettings {
  method: 'oidc';
  tokenEndpoint: URL;
  clientId: string;
  clientSecret: Secret;
  scope: string | null;
  audience: string | null;
}

/** A token another tool writes to a file: read at every authentication, so a renewed file is used. */
export interface TokenFileSettings {
  method: 'file';
  file: string;
}

/** AWS MSK IAM: a token signed by aws-msk-iam-sasl-signer-js with the standard AWS credential chain. */
export interface AwsMskIamSettings {
  method: 'aws-msk-iam';
  region: string;
}

export type OAuthSettings = OidcSettings | TokenFileSettings | AwsMskIamSettings;

/** A setting and where it came from (an option, file:line, a variable), for messages. */
export interface Given<T> {
  value: T;
  from: string;
}

/** One source's say on the token; every field may be missing. */
export interface OAuthInput {
  oauthMethod?: Given<OAuthMethod>;
  tokenEndpoint?: Given<string>;
  clientId?: Given<string>;
  clientSecret?: Given<Secret>;
  scope?: Given<string>;
  audience?: Given<string>;
  tokenFile?: Given<string>;
  awsRegion?: Given<string>;
}

export const OAUTH_INPUT_KEYS: (keyof OAuthInput)[] = [
  'oauthMethod',
  'tokenEndpoint',
  'clientId',
  'clientSecret',
  'scope',
  'audience',
  'tokenFile',
  'awsRegion',
];

type Pick = <K extends keyof OAuthInput>(key: K) => OAuthInput[K];

const METHODS_HINT =
  'give --oauth-token-endpoint (OpenID client credentials), --oauth-token-file, or --oauth-method aws-msk-iam';

/** The token's source: the method named, or the one its settings imply. */
export function resolveOAuth(pick: Pick, env: NodeJS.ProcessEnv): OAuthSettings {
  const method =
    pick('oauthMethod')?.value ??
    (pick('tokenEndpoint') ? 'oidc' : pick('tokenFile') ? 'file' : undefined) ??
    (pick('awsRegion') ? 'aws-msk-iam' : undefined);
  if (method === undefined) throw usageError(`OAUTHBEARER needs a token: ${METHODS_HINT}`);
  if (method === 'file') {
    const file = pick('tokenFile');
    if (file === undefined) throw usageError('OAUTHBEARER from a file needs --oauth-token-file');
    return { method, file: file.value };
  }
  if (method === 'aws-msk-iam') {
    const region = pick('awsRegion')?.value ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION);
    if (!region) throw usageError("AWS MSK IAM needs the cluster's region: --aws-region or AWS_REGION");
    return { method, region };
  }
  const endpoint = pick('tokenEndpoint');
  if (endpoint === undefined) throw usageError('OAUTHBEARER by OpenID client credentials needs --oauth-token-endpoint');
  let tokenEndpoint: URL;
  try {
    tokenEndpoint = new URL(endpoint.value);
  } catch {
    throw usageError(`${endpoint.from}: the token endpoint must be an http or https URL, not "${endpoint.value}"`);
  }
  // The Java client reads a token from a file: URL.
  if (tokenEndpoint.protocol === 'file:') return { method: 'file', file: fileURLToPath(tokenEndpoint) };
  if (tokenEndpoint.protocol !== 'https:' && tokenEndpoint.protocol !== 'http:') {
    throw usageError(`${endpoint.from}: the token endpoint must be an http or https URL, not "${endpoint.value}"`);
  }
  const clientId = pick('clientId');
  if (clientId === undefined || clientId.value === '') {
    throw usageError('OAUTHBEARER by OpenID client credentials needs --oauth-client-id');
  }
  const clientSecret = pick('clientSecret');
  if (clientSecret === undefined) {
    throw usageError(
      `OAUTHBEARER needs ${clientId.value}'s client secret: set KAFKA_OAUTH_CLIENT_SECRET or pass --oauth-client-secret-file`,
    );
  }
  return {
    method,
    tokenEndpoint,
    clientId: clientId.value,
    clientSecret: clientSecret.value,
    scope: pick('scope')?.value ?? null,
    audience: pick('audience')?.value ?? null,
  };
}

/** Who authenticates, for messages: never a secret. */
export function describeOAuth(settings: OAuthSettings): string {
  if (settings.method === 'oidc') return `OAuth client ${settings.clientId} of ${settings.tokenEndpoint.origin}`;
  if (settings.method === 'file') return `the token in ${settings.file}`;
  return `AWS MSK IAM (region ${settings.region})`;
}
