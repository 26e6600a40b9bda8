// The local OpenID provider (oidc-provider, a certified OpenID implementation): the client credentials
// grant for the clients in .kafka/secrets/oidc, JWT access tokens signed with the key whose JWKS the
// brokers validate with (oauth.ts), for the audience the brokers expect unless the client asks for
// another. One client's tokens live long, the other's a few seconds, so that a run outlives many.

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { CLIENT_IDS, CLUSTER_AUDIENCE, type OAuthFiles, OIDC_ISSUER, OIDC_PORT, type OidcClient } from './oauth.js';

/** A token's life, in seconds, by client. */
export const TOKEN_LIFETIME_S = { [CLIENT_IDS.standard]: 3600, [CLIENT_IDS.shortLived]: 10 } as Record<string, number>;

export interface RunningProvider {
  issuer: string;
  tokenEndpoint: string;
  /** Tokens issued so far, by client id. */
  issued: Map<string, number>;
  close(): Promise<void>;
}

/** Starts the provider on 127.0.0.1; it answers before this returns. */
export async function startIdentityProvider(files: OAuthFiles, clients: OidcClient[]): Promise<RunningProvider> {
  const signingKey = JSON.parse(readFileSync(files.signingKey, 'utf8')) as Record<string, string>;
  const provider = new Provider(OIDC_ISSUER, {
    clients: clients.map(({ clientId, clientSecret }) => ({
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [signingKey] },
    scopes: ['kafka'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // librdkafka and the Java client send no resource: their tokens are for the local cluster.
        defaultResource: () => CLUSTER_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (!resource.startsWith('urn:simple-produce:')) throw new Error(`unknown resource ${resource}`);
          return {
            audience: resource,
            scope: 'kafka',
            accessTokenFormat: 'jwt',
            accessTokenTTL: TOKEN_LIFETIME_S[client.clientId] ?? 3600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  });
  const issued = new Map<string, number>();
  provider.on('grant.success', (ctx: { oidc: { client?: { clientId: string } } }) => {
    const clientId = ctx.oidc.client?.clientId;
    if (clientId !== undefined) issued.set(clientId, (issued.get(clientId) ?? 0) + 1);
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(OIDC_PORT, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    issuer: OIDC_ISSUER,
    tokenEndpoint: `${OIDC_ISSUER}/token`,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
