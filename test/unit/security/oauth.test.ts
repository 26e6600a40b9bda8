// OAUTHBEARER's settings from the command line, both client.properties dialects and the environment;
// the token keeper's renewal; and the redaction of the secrets and tokens it handles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../../src/cli/config.js';
import type { OAuthSettings } from '../../../src/security/oauth.js';
import { jwtExpiry, MIN_REMAINING_MS, type OAuthToken, TokenKeeper } from '../../../src/security/oauth-tokens.js';
import { redactor } from '../../../src/security/redact.js';
import { fileInput, parseConfig, pemFolder, resolve } from '../../support/security-fixtures.js';

const { dir } = pemFolder();

const parse = parseConfig;

const oauthOf = (config: Config): OAuthSettings => {
  const sasl = config.security.sasl;
  if (sasl?.mechanism !== 'OAUTHBEARER') throw new Error(`expected OAUTHBEARER, got ${sasl?.mechanism}`);
  return sasl.oauth;
};

const SASL_OAUTH = ['--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'OAUTHBEARER'];

describe('OAUTHBEARER from the command line and the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('client credentials: the endpoint, id, scope and audience from options, the secret from the environment', () => {
    vi.stubEnv('KAFKA_OAUTH_CLIENT_SECRET', 'from-env');
    const config = parse(
      ...SASL_OAUTH,
      '--oauth-token-endpoint',
      'https://idp.example.com/oauth2/token',
      '--oauth-client-id',
      'producer',
      '--oauth-scope',
      'kafka:write',
      '--oauth-audience',
      'urn:kafka',
    );
    const oauth = oauthOf(config);
    expect(oauth).toMatchObject({ method: 'oidc', clientId: 'producer', scope: 'kafka:write', audience: 'urn:kafka' });
    if (oauth.method !== 'oidc') throw new Error('not oidc');
    expect(oauth.tokenEndpoint.href).toBe('https://idp.example.com/oauth2/token');
    expect(oauth.clientSecret.reveal()).toBe('from-env');
    expect(JSON.stringify(config)).not.toContain('from-env');
  });

  it('the secret from a file', () => {
    const file = join(dir, 'client-secret');
    writeFileSync(file, 's3cret\n');
    const config = parse(
      ...SASL_OAUTH,
      '--oauth-token-endpoint',
      'https://idp/token',
      '--oauth-client-id',
      'c',
      '--oauth-client-secret-file',
      file,
    );
    const oauth = oauthOf(config);
    expect(oauth.method === 'oidc' && oauth.clientSecret.reveal()).toBe('s3cret');
  });

  it('the method each setting implies; aws-msk-iam takes its region from --aws-region or AWS_REGION', () => {
    expect(oauthOf(parse(...SASL_OAUTH, '--oauth-token-file', '/run/token'))).toEqual({
      method: 'file',
      file: '/run/token',
    });
    // The Java client's file: token endpoint is a token file.
    expect(oauthOf(parse(...SASL_OAUTH, '--oauth-token-endpoint', 'file:///run/token'))).toEqual({
      method: 'file',
      file: '/run/token',
    });
    expect(oauthOf(parse(...SASL_OAUTH, '--oauth-method', 'aws-msk-iam', '--aws-region', 'eu-west-1'))).toEqual({
      method: 'aws-msk-iam',
      region: 'eu-west-1',
    });
    vi.stubEnv('AWS_REGION', 'us-east-2');
    expect(oauthOf(parse(...SASL_OAUTH, '--oauth-method', 'aws-msk-iam'))).toEqual({
      method: 'aws-msk-iam',
      region: 'us-east-2',
    });
  });

  it('says what is missing, one line each', () => {
    expect(() => parse(...SASL_OAUTH)).toThrow(
      'OAUTHBEARER needs a token: give --oauth-token-endpoint (OpenID client credentials), --oauth-token-file, or --oauth-method aws-msk-iam',
    );
    expect(() => parse(...SASL_OAUTH, '--oauth-token-endpoint', 'https://idp/token')).toThrow(
      'OAUTHBEARER by OpenID client credentials needs --oauth-client-id',
    );
    expect(() => parse(...SASL_OAUTH, '--oauth-token-endpoint', 'https://idp/token', '--oauth-client-id', 'c')).toThrow(
      "OAUTHBEARER needs c's client secret: set KAFKA_OAUTH_CLIENT_SECRET or pass --oauth-client-secret-file",
    );
    expect(() => parse(...SASL_OAUTH, '--oauth-token-endpoint', 'ftp://idp/token')).toThrow(
      '--oauth-token-endpoint: the token endpoint must be an http or https URL, not "ftp://idp/token"',
    );
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    expect(() => parse(...SASL_OAUTH, '--oauth-method', 'aws-msk-iam')).toThrow(
      "AWS MSK IAM needs the cluster's region: --aws-region or AWS_REGION",
    );
    expect(() => parse(...SASL_OAUTH, '--oauth-method', 'kerberos')).toThrow(
      '--oauth-method must be one of oidc, file, aws-msk-iam, not "kerberos"',
    );
  });

  it('refuses settings of the other mechanisms or of no SASL; leaves AWS_REGION in the environment be', () => {
    expect(() => parse(...SASL_OAUTH, '--oauth-token-file', '/t', '--sasl-username', 'u')).toThrow(
      '--sasl-username: a user name and password go with PLAIN or SCRAM, not OAUTHBEARER',
    );
    expect(() =>
      parse('--security-protocol', 'SASL_SSL', '--sasl-mechanism', 'PLAIN', '--oauth-client-id', 'c'),
    ).toThrow('--oauth-client-id: OAuth settings need --sasl-mechanism OAUTHBEARER, not PLAIN');
    expect(() => parse('--oauth-token-file', '/t')).toThrow(
      '--oauth-token-file: SASL settings need SASL_PLAINTEXT or SASL_SSL, but the security protocol is PLAINTEXT',
    );
    vi.stubEnv('AWS_REGION', 'us-east-1');
    expect(parse().security.sasl).toBeNull();
  });
});

describe('OAUTHBEARER from client.properties', () => {
  it("librdkafka's sasl.oauthbearer.* keys", () => {
    const props = [
      'security.protocol=SASL_SSL',
      'sasl.mechanisms=OAUTHBEARER',
      'sasl.oauthbearer.method=oidc',
      'sasl.oauthbearer.client.id=producer',
      'sasl.oauthbearer.client.secret=a=b\\c',
      'sasl.oauthbearer.token.endpoint.url=https://idp/token',
      'sasl.oauthbearer.scope=kafka',
    ].join('\n');
    const { security } = resolve([fileInput(props)]);
    expect(security.sasl).toMatchObject({
      mechanism: 'OAUTHBEARER',
      oauth: { method: 'oidc', clientId: 'producer', scope: 'kafka' },
    });
    const oauth = (security.sasl as { oauth: OAuthSettings }).oauth;
    // librdkafka's dialect takes a value as written.
    expect(oauth.method === 'oidc' && oauth.clientSecret.reveal()).toBe('a=b\\c');
  });

  it("the Java client's login module and callback handlers", () => {
    const java = (handler: string, jaas: string, endpoint = 'https://idp/token') =>
      fileInput(
        [
          'security.protocol=SASL_SSL',
          'sasl.mechanism=OAUTHBEARER',
          `sasl.oauthbearer.token.endpoint.url=${endpoint}`,
          `sasl.login.callback.handler.class=${handler}`,
          `sasl.jaas.config=${jaas}`,
        ].join('\n'),
      );
    const module = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required';
    const oidc = resolve([
      java(
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
        `${module} clientId="producer" clientSecret="s" scope="kafka";`,
      ),
    ]).security.sasl;
    expect(oidc).toMatchObject({ oauth: { method: 'oidc', clientId: 'producer', scope: 'kafka' } });
    const file = resolve([
      java(
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
        `${module} ;`,
        'file:///var/run/token',
      ),
    ]).security.sasl;
    expect(file).toEqual({ mechanism: 'OAUTHBEARER', oauth: { method: 'file', file: '/var/run/token' } });
    const msk = resolve([java('software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler', `${module};`)], {
      AWS_REGION: 'ap-south-1',
    }).security.sasl;
    expect(msk).toEqual({ mechanism: 'OAUTHBEARER', oauth: { method: 'aws-msk-iam', region: 'ap-south-1' } });
  });

  it('refuses an unsecured JWT and unknown handlers, naming the line', () => {
    expect(() => fileInput('sasl.mechanisms=OAUTHBEARER\nsasl.oauthbearer.method=default')).toThrow(
      'client.properties:2: sasl.oauthbearer.method=default (an unsecured JWT) is not supported: use oidc',
    );
    expect(() =>
      fileInput('sasl.mechanism=OAUTHBEARER\nsasl.login.callback.handler.class=com.example.MyHandler'),
    ).toThrow('client.properties:2: sasl.login.callback.handler.class MyHandler is not supported');
  });
});

describe('the token keeper', () => {
  const settings: OAuthSettings = { method: 'aws-msk-iam', region: 'us-east-1' };

  function keeper(life: number | null) {
    let now = 1_000_000;
    let fetched = 0;
    const fetchToken = async (): Promise<OAuthToken> => {
      fetched++;
      return { value: `token-${fetched}`, expiresAt: life === null ? null : now + life };
    };
    const k = new TokenKeeper(settings, 1000, () => now, fetchToken);
    return { k, advance: (ms: number) => (now += ms), fetched: () => fetched };
  }

  it("renews once 80% of a token's life has passed, and not before", async () => {
    const { k, advance, fetched } = keeper(3_600_000);
    expect((await k.token()).value).toBe('token-1');
    advance(0.8 * 3_600_000 - 1);
    expect((await k.token()).value).toBe('token-1');
    advance(1);
    expect((await k.token()).value).toBe('token-2');
    expect(fetched()).toBe(2);
  });

  it('renews a short token earlier, so that its session outlasts the re-authentication threshold', async () => {
    const { k, advance } = keeper(10_000);
    await k.token();
    advance(10_000 - MIN_REMAINING_MS - 1);
    expect((await k.token()).value).toBe('token-1');
    advance(1);
    expect((await k.token()).value).toBe('token-2');
  });

  it('keeps a token that does not say when it expires; asks once for callers at the same time', async () => {
    const { k, advance, fetched } = keeper(null);
    const [a, b] = await Promise.all([k.token(), k.token()]);
    expect([a.value, b.value]).toEqual(['token-1', 'token-1']);
    advance(86_400_000);
    expect((await k.token()).value).toBe('token-1');
    expect(fetched()).toBe(1);
  });

  it('keeps the last token while it lives when a renewal fails, and fails once it has expired', async () => {
    let now = 0;
    let up = true;
    const fetchToken = async (): Promise<OAuthToken> => {
      if (!up) throw new Error('provider down');
      return { value: 'only', expiresAt: now + 10_000 };
    };
    const k = new TokenKeeper(settings, 1000, () => now, fetchToken);
    await k.token();
    up = false;
    now = 9_000;
    expect((await k.token()).value).toBe('only');
    now = 10_000;
    await expect(k.token()).rejects.toThrow('provider down');
  });

  it('reads a token file at every authentication, and takes its expiry from the JWT', async () => {
    const file = join(dir, 'token');
    const jwt = (exp: number, tag: string) =>
      [{ alg: 'RS256' }, { exp, tag }, 'sig']
        .map((p) => Buffer.from(typeof p === 'string' ? p : JSON.stringify(p)).toString('base64url'))
        .join('.');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    writeFileSync(file, `${jwt(exp, 'first')}\n`);
    const k = new TokenKeeper({ method: 'file', file }, 1000);
    const first = await k.token();
    expect(first.expiresAt).toBe(exp * 1000);
    writeFileSync(file, jwt(exp, 'second'));
    expect((await k.token()).value).not.toBe(first.value);
    writeFileSync(file, jwt(Math.floor(Date.now() / 1000) - 1, 'expired'));
    await expect(k.token()).rejects.toThrow(`${file} gave a token that expired at`);
    // A file being rewritten: the last token serves while it lives; with none, the run fails.
    writeFileSync(file, '');
    expect((await k.token()).value).toBe(jwt(exp, 'second'));
    await expect(new TokenKeeper({ method: 'file', file }, 1000).token()).rejects.toThrow(
      `--oauth-token-file: ${file} does not hold one token`,
    );
    expect(jwtExpiry('not-a-jwt')).toBeNull();
  });
});

describe('redaction', () => {
  it('cuts the client secret and every token handed out from each line', async () => {
    const file = join(dir, 'opaque-token');
    writeFileSync(file, 'opaque-token-value\n');
    const k = new TokenKeeper({ method: 'file', file }, 1000);
    await k.token();
    const { security } = resolve([
      fileInput(
        'security.protocol=SASL_SSL\nsasl.mechanisms=OAUTHBEARER\nsasl.oauthbearer.client.id=c\nsasl.oauthbearer.client.secret=the-secret\nsasl.oauthbearer.token.endpoint.url=https://idp/token',
      ),
    ]);
    const redact = redactor(security);
    expect(redact('secret the-secret, token opaque-token-value')).toBe('secret [redacted], token [redacted]');
  });
});
