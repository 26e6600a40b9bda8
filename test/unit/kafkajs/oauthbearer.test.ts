// What our OAUTHBEARER mechanism sends (RFC 7628's client initial response, framed as kafkajs frames
// its own) and how it ends a refusal; and AWS MSK IAM, which cannot be reached from here, proven
// offline: the token AWS's signer makes from fixed credentials, region and time is a presigned
// kafka-cluster:Connect URL whose SigV4 signature, computed here from AWS's specification, matches,
// and it is that token, byte for byte, that our client sends.
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AuthenticationProviderArgs, Logger } from 'kafkajs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialResponse, oauthBearerMechanism } from '../../../src/kafkajs/oauthbearer.js';
import type { OAuthSettings } from '../../../src/security/oauth.js';
import { getToken, TokenKeeper } from '../../../src/security/oauth-tokens.js';

/** Runs the mechanism against a stand-in broker that answers each SaslAuthenticate with `answers`. */
async function authenticate(settings: OAuthSettings, keeper: TokenKeeper, answers: Buffer[]) {
  const sent: Buffer[] = [];
  const saslAuthenticate = (async ({ request, response }) => {
    sent.push(await request.encode());
    const answer = answers.shift() ?? Buffer.alloc(0);
    const framed = Buffer.alloc(4 + answer.length);
    framed.writeInt32BE(answer.length, 0);
    answer.copy(framed, 4);
    return response?.parse(await response.decode(framed));
  }) as AuthenticationProviderArgs['saslAuthenticate'];
  const mechanism = oauthBearerMechanism(settings, keeper);
  const args = { host: 'broker', port: 9092, logger: {} as Logger, saslAuthenticate };
  const outcome = await mechanism
    .authenticationProvider(args)
    .authenticate()
    .then(
      () => null,
      (err: Error) => err,
    );
  return { sent, outcome };
}

const kafkajsRequest = createRequire(import.meta.url)('kafkajs/src/protocol/sasl/oauthBearer/request.js') as (
  sasl: object,
  token: { value: string },
) => Promise<{ encode: () => Promise<Buffer> }>;

describe('the OAUTHBEARER exchange', () => {
  const settings: OAuthSettings = { method: 'file', file: '/dev/null' };
  const keeper = (value: string) => new TokenKeeper(settings, 1000, Date.now, async () => ({ value, expiresAt: null }));

  it("sends the token as kafkajs's own OAUTHBEARER frames it, and succeeds on an empty answer", async () => {
    const { sent, outcome } = await authenticate(settings, keeper('tok.en.value'), []);
    expect(outcome).toBeNull();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual(await (await kafkajsRequest({}, { value: 'tok.en.value' })).encode());
    expect(sent[0].subarray(4).toString()).toBe('n,,\u0001auth=Bearer tok.en.value\u0001\u0001');
  });

  it("on the broker's error JSON, answers with one SOH (KIP-255) and fails with its status", async () => {
    const { sent, outcome } = await authenticate(settings, keeper('expired-token'), [
      Buffer.from('{"status":"invalid_token"}'),
    ]);
    expect(sent.map((b) => b.subarray(4).toString())).toEqual([
      'n,,\u0001auth=Bearer expired-token\u0001\u0001',
      '\u0001',
    ]);
    expect(outcome?.message).toBe('broker:9092 refused the token of the token in /dev/null: invalid_token');
  });
});

describe('AWS MSK IAM, offline', () => {
  const credentials = {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'session-token-example',
  };
  const at = new Date('2026-12-06T12:34:56Z');

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const rfc3986 = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  /** SigV4's presigned-URL signature (AWS's "Create a signed AWS API request"), from its parts. */
  function sigV4(host: string, query: [string, string][], region: string, service: string, amzDate: string) {
    const canonicalQuery = query
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', sha256('')].join('\n');
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
    let key = hmac(`AWS4${credentials.AWS_SECRET_ACCESS_KEY}`, day);
    for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
    return createHmac('sha256', key).update(toSign).digest('hex');
  }

  it("the signer's token is a presigned kafka-cluster:Connect URL whose SigV4 signature checks out", async () => {
    for (const [name, value] of Object.entries(credentials)) vi.stubEnv(name, value);
    vi.useFakeTimers({ toFake: ['Date'], now: at });
    const { value: token, expiresAt } = await getToken({ method: 'aws-msk-iam', region: 'eu-central-1' }, 1000);
    const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
    expect(url.origin).toBe('https://kafka.eu-central-1.amazonaws.com');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261206/eu-central-1/kafka-cluster/aws4_request',
      'X-Amz-Date': '20261206T123456Z',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': 'session-token-example',
      'X-Amz-SignedHeaders': 'host',
    });
    expect(params['User-Agent']).toMatch(/^aws-msk-iam-sasl-signer-js\//);
    expect(expiresAt).toBe(at.getTime() + 900_000);
    const signed = [...url.searchParams].filter(([k]) => k !== 'X-Amz-Signature' && k !== 'User-Agent');
    expect(params['X-Amz-Signature']).toBe(
      sigV4(url.host, signed, 'eu-central-1', 'kafka-cluster', params['X-Amz-Date']),
    );
  });

  it('our client sends exactly the token the signer makes for those credentials, region and time', async () => {
    for (const [name, value] of Object.entries(credentials)) vi.stubEnv(name, value);
    vi.useFakeTimers({ toFake: ['Date'], now: at });
    const settings: OAuthSettings = { method: 'aws-msk-iam', region: 'us-east-1' };
    const { sent, outcome } = await authenticate(settings, new TokenKeeper(settings, 1000), []);
    expect(outcome).toBeNull();
    const signer = (await import('aws-msk-iam-sasl-signer-js')) as unknown as {
      generateAuthToken(o: { region: string }): Promise<{ token: string }>;
    };
    const { token } = await signer.generateAuthToken({ region: 'us-east-1' });
    expect(sent[0].subarray(4)).toEqual(initialResponse(token));
  });

  it('without credentials: one line saying so', async () => {
    for (const name of Object.keys(credentials)) vi.stubEnv(name, '');
    vi.stubEnv('AWS_PROFILE', 'simple-produce-no-such-profile');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    await expect(getToken({ method: 'aws-msk-iam', region: 'us-east-1' }, 1000)).rejects.toThrow(
      /^AWS MSK IAM: cannot sign a token in us-east-1: /,
    );
  });
});
