// What the OAUTHBEARER tests share: the local OpenID provider, started by the test file that needs it
// (kafka/identity-provider.ts), its clients, the options that reach the SASL listeners with a token, and
// the check that no output carries the client secret or a token.
import { expect } from 'vitest';
import { bootstrapFor, localOidcClients, OAUTH, TLS } from '../../kafka/cluster.js';
import { type RunningProvider, startIdentityProvider } from '../../kafka/identity-provider.js';
import { CLIENT_IDS, OIDC_TOKEN_ENDPOINT } from '../../kafka/oauth.js';
import type { CliResult } from './cli.js';

export { CLIENT_IDS, OIDC_TOKEN_ENDPOINT };

/** The provider's clients' secrets (global-setup's kafka up has made them). */
export const secretOf = (clientId: string): string => {
  const client = localOidcClients().find((c) => c.clientId === clientId);
  if (client === undefined) throw new Error(`no OpenID client ${clientId} in ${OAUTH.clients}`);
  return client.clientSecret;
};

export const startProvider = (): Promise<RunningProvider> => startIdentityProvider(OAUTH, localOidcClients());

/** The options of an OAUTHBEARER run by client credentials over SASL_PLAINTEXT (the secret comes from
 * KAFKA_OAUTH_CLIENT_SECRET); over SASL_SSL with `tls`. */
export const oidcOptions = (clientId: string = CLIENT_IDS.standard, tls = false): string[] => [
  '--brokers',
  bootstrapFor(tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'),
  '--security-protocol',
  tls ? 'SASL_SSL' : 'SASL_PLAINTEXT',
  ...(tls ? ['--ssl-ca', TLS.ca.certFile] : []),
  '--sasl-mechanism',
  'OAUTHBEARER',
  '--oauth-token-endpoint',
  OIDC_TOKEN_ENDPOINT,
  '--oauth-client-id',
  clientId,
];

export const secretEnv = (clientId: string = CLIENT_IDS.standard) => ({
  KAFKA_OAUTH_CLIENT_SECRET: secretOf(clientId),
});

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** No output of the run holds a client secret or anything shaped like a JWT. */
export function expectNoSecretOrToken(run: CliResult): void {
  for (const secret of Object.values(CLIENT_IDS).map(secretOf)) {
    expect(run.stdout.includes(secret), 'client secret on stdout').toBe(false);
    expect(run.stderr.includes(secret), 'client secret on stderr').toBe(false);
  }
  expect(JWT.test(run.stdout), 'a token on stdout').toBe(false);
  expect(JWT.test(run.stderr), 'a token on stderr').toBe(false);
}
