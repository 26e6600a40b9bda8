// The OAUTHBEARER token: fetched by the client credentials grant, read from a file or signed for AWS MSK
// IAM; kept until 80% of its life has passed (as librdkafka renews it), then renewed at the next
// authentication, which the client makes before the broker's session ends. Every token is a secret:
// registered with secret.ts, so no output line carries it.
import { readFileSync } from 'node:fs';
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { SimpleProduceError, unreadable } from '../core/errors.js';
import type { AwsMskIamSettings, OAuthSettings, OidcSettings } from './oauth.js';
import { registerSecret } from './secret.js';

export interface OAuthToken {
  value: string;
  /** When it expires (ms since the epoch); null when neither the provider nor the token says. */
  expiresAt: number | null;
}

/** The share of a token's life after which it is renewed, as librdkafka does. */
export const RENEW_AFTER = 0.8;
/** How long before its session ends the client re-authenticates (kafkajs's reauthenticationThreshold). */
export const REAUTHENTICATE_BEFORE_MS = 2000;
/** The least life a token is handed out with: its session (which ends when the token expires) must
 * outlast the re-authentication threshold by more than a second, since a broker refuses a client that
 * re-authenticates twice within one. */
export const MIN_REMAINING_MS = REAUTHENTICATE_BEFORE_MS + 2000;

const authError = (message: string) => new SimpleProduceError('AUTH', message);

/** Hands out the current token, renewing it once 80% of its life has passed. */
export class TokenKeeper {
  #current: { token: OAuthToken; renewAt: number } | null = null;
  #pending: Promise<OAuthToken> | null = null;

  constructor(
    private readonly settings: OAuthSettings,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly fetchToken: (settings: OAuthSettings, timeoutMs: number) => Promise<OAuthToken> = getToken,
  ) {}

  /** The token to authenticate with now. */
  async token(): Promise<OAuthToken> {
    const current = this.#current;
    // A file is read every time: the tool that writes it decides when the token changes.
    if (current !== null && this.settings.method !== 'file' && this.now() < current.renewAt) return current.token;
    this.#pending ??= this.renew().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  private async renew(): Promise<OAuthToken> {
    const obtainedAt = this.now();
    let token: OAuthToken;
    try {
      token = await this.fetchToken(this.settings, this.timeoutMs);
    } catch (err) {
      // A provider that fails while the last token still has life in it: keep that token, and try again
      // at the next authentication.
      const last = this.#current?.token;
      if (last !== undefined && last.expiresAt !== null && last.expiresAt > this.now()) return last;
      throw err;
    }
    if (token.expiresAt !== null && token.expiresAt <= this.now()) {
      throw authError(
        `${describeSource(this.settings)} gave a token that expired at ${new Date(token.expiresAt).toISOString()}`,
      );
    }
    const renewAt =
      token.expiresAt === null
        ? Number.POSITIVE_INFINITY
        : Math.min(obtainedAt + RENEW_AFTER * (token.expiresAt - obtainedAt), token.expiresAt - MIN_REMAINING_MS);
    this.#current = { token, renewAt };
    return token;
  }
}

const describeSource = (settings: OAuthSettings): string =>
  settings.method === 'oidc'
    ? `the token endpoint ${settings.tokenEndpoint.href}`
    : settings.method === 'file'
      ? settings.file
      : 'the AWS MSK IAM signer';

/** A new token from the settings' source. */
export async function getToken(settings: OAuthSettings, timeoutMs: number): Promise<OAuthToken> {
  const token =
    settings.method === 'oidc'
      ? await clientCredentials(settings, timeoutMs)
      : settings.method === 'file'
        ? readTokenFile(settings.file)
        : await awsMskIamToken(settings);
  registerSecret(token.value);
  return token;
}

/** A JWT's exp claim (ms since the epoch), or null for a token that is not a JWT or has none. */
export function jwtExpiry(token: string): number | null {
  const claims = jwtClaims(token);
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
}

/** A JWT's claims, unverified (the broker verifies them), or null. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readTokenFile(file: string): OAuthToken {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw authError(`--oauth-token-file: cannot read ${file}: ${unreadable(err)}`);
  }
  const value = text.trim();
  if (value === '' || /\s/.test(value)) throw authError(`--oauth-token-file: ${file} does not hold one token`);
  return { value, expiresAt: jwtExpiry(value) };
}

/** A built-in module, loaded when first asked for (a require function made at load costs every run). */
const requireBuiltin = (id: string): unknown => createRequire(import.meta.url)(id);

/** application/x-www-form-urlencoded, as RFC 6749 (2.3.1) encodes the client id and secret for Basic. */
const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/** RFC 6749's client credentials grant, the client authenticated by HTTP Basic (client_secret_basic),
 * as librdkafka and the Java client send it. */
async function clientCredentials(settings: OidcSettings, timeoutMs: number): Promise<OAuthToken> {
  const { tokenEndpoint: url, clientId, clientSecret, scope, audience } = settings;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope !== null) form.set('scope', scope);
  if (audience !== null) {
    // Providers name the token's audience two ways: RFC 8707's resource (oidc-provider, Azure AD v1)
    // and audience (Auth0, Okta, Keycloak's token exchange); each ignores the other.
    form.set('audience', audience);
    form.set('resource', audience);
  }
  const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret.reveal())}`).toString('base64');
  const where = `OAuth token endpoint ${url.href}`;
  const { status, body } = await post(url, form.toString(), basic, timeoutMs).catch((err: NodeJS.ErrnoException) => {
    const reason = err.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : (err.code ?? err.message);
    throw new SimpleProduceError('CONNECT', `${where}: cannot get a token: ${reason}`);
  });
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // Not JSON: said below by status.
  }
  if (status !== 200) {
    const error = typeof answer.error === 'string' ? answer.error : `HTTP ${status}`;
    const detail = typeof answer.error_description === 'string' ? ` (${answer.error_description})` : '';
    const hint = error === 'invalid_client' ? ': check the client id and secret' : '';
    throw authError(`${where} refused client ${clientId}: ${error}${detail}${hint}`);
  }
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw authError(`${where} answered without an access_token`);
  }
  const value = answer.access_token;
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : null;
  return { value, expiresAt: expiresIn !== null ? Date.now() + expiresIn * 1000 : jwtExpiry(value) };
}

/** POSTs a form with node:http or node:https, loaded here: only an OAuth run pays for them. */
function post(url: URL, form: string, basic: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const http = requireBuiltin(url.protocol === 'https:' ? 'node:https' : 'node:http') as typeof Http;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'content-length': Buffer.byteLength(form),
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(form);
  });
}

interface MskSigner {
  generateAuthToken(options: { region: string }): Promise<{ token: string; expiryTime: number }>;
}

/** A token signed by AWS's own signer, loaded only when asked for. */
async function awsMskIamToken({ region }: AwsMskIamSettings): Promise<OAuthToken> {
  let signer: MskSigner;
  try {
    signer = (await import('aws-msk-iam-sasl-signer-js')) as unknown as MskSigner;
  } catch (err) {
    throw authError(`AWS MSK IAM: cannot load aws-msk-iam-sasl-signer-js: ${(err as Error).message}`);
  }
  try {
    const { token, expiryTime } = await signer.generateAuthToken({ region });
    return { value: token, expiresAt: expiryTime };
  } catch (err) {
    throw authError(`AWS MSK IAM: cannot sign a token in ${region}: ${(err as Error).message.split('\n')[0]}`);
  }
}
