// SASL/OAUTHBEARER (RFC 7628) for kafkajs: the client's first message carries the bearer token; a
// broker that refuses the token answers with an error JSON and waits for the client's one-byte reply
// before it fails the authentication (KIP-255), a step kafkajs's own OAUTHBEARER leaves out (it takes
// the error JSON for success, and the broker closes the connection at the next request). kafkajs asks
// for the token at each authentication, re-authentications before the broker's session ends included.
import type { AuthenticationProviderArgs, Mechanism } from 'kafkajs';
import { SimpleProduceError } from '../core/errors.js';
import { describeOAuth, type OAuthSettings } from '../security/oauth.js';
import { jwtClaims, type TokenKeeper } from '../security/oauth-tokens.js';

const SOH = '\u0001';

/** A SASL message as kafkajs's SaslAuthenticate sends it: a length, then the bytes. */
const lengthPrefixed = (bytes: Buffer) => {
  const framed = Buffer.alloc(4 + bytes.length);
  framed.writeInt32BE(bytes.length, 0);
  bytes.copy(framed, 4);
  return { encode: async () => framed };
};

/** The broker's answer, without its length. */
const answer = {
  decode: async (raw: Buffer) => raw,
  parse: async (data: Buffer) => (data.length >= 4 ? data.subarray(4, 4 + Math.max(0, data.readInt32BE(0))) : data),
};

/** RFC 7628's client initial response: no authorization identity, the token, no extensions. */
export const initialResponse = (token: string): Buffer => Buffer.from(`n,,${SOH}auth=Bearer ${token}${SOH}${SOH}`);

/** The kafkajs mechanism that authenticates with the keeper's current token. */
export function oauthBearerMechanism(settings: OAuthSettings, tokens: TokenKeeper): Mechanism {
  return {
    mechanism: 'OAUTHBEARER',
    authenticationProvider: ({ host, port, saslAuthenticate }: AuthenticationProviderArgs) => ({
      authenticate: async () => {
        const token = await tokens.token();
        let reply: Buffer | undefined;
        try {
          reply = (await saslAuthenticate({
            request: lengthPrefixed(initialResponse(token.value)),
            response: answer,
          })) as Buffer | undefined;
        } catch (err) {
          if ((err as { type?: string }).type !== 'SASL_AUTHENTICATION_FAILED') throw err;
          const reason = (err as Error).message;
          throw new SimpleProduceError(
            'AUTH',
            `${host}:${port} refused the token of ${describeOAuth(settings)}: ${reason}`,
          );
        }
        if (reply === undefined || reply.length === 0) return;
        // The broker refused the token: it said why in JSON, and ends the exchange when we answer SOH.
        let status = 'invalid_token';
        try {
          status = String((JSON.parse(reply.toString('utf8')) as { status?: unknown }).status ?? status);
        } catch {
          // Not JSON: keep the generic status.
        }
        await saslAuthenticate({ request: lengthPrefixed(Buffer.from(SOH)), response: answer }).catch(() => undefined);
        throw new SimpleProduceError(
          'AUTH',
          `${host}:${port} refused the token of ${describeOAuth(settings)}: ${status}${tokenHint(token.value)}`,
        );
      },
    }),
  };
}

/** What the broker checks that a JWT says (issuer, audience, expiry), for the user to compare with the
 * broker's sasl.oauthbearer.expected.* settings. */
function tokenHint(token: string): string {
  const claims = jwtClaims(token);
  if (claims === null) return '';
  const seen: string[] = [];
  if (claims.iss !== undefined) seen.push(`issuer ${JSON.stringify(claims.iss)}`);
  if (claims.aud !== undefined) seen.push(`audience ${JSON.stringify(claims.aud)}`);
  if (typeof claims.exp === 'number') seen.push(`expiry ${new Date(claims.exp * 1000).toISOString()}`);
  return seen.length === 0
    ? ''
    : ` (the token's ${seen.join(', ')}: compare the broker's sasl.oauthbearer.expected.issuer and .audience)`;
}
