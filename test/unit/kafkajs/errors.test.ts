// kafkajs's refusals translated into one line each.
import { describe, expect, it } from 'vitest';
import { translateConnectError } from '../../../src/kafkajs/errors.js';
import { Secret } from '../../../src/security/secret.js';
import type { Security } from '../../../src/security/settings.js';

describe('refusals, translated', () => {
  const security: Security = {
    protocol: 'SASL_SSL',
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: new Secret('pw') },
    tls: { ca: null, cert: null, key: null, keyPassword: null, verifyCertificate: true, verifyHostname: true },
  };
  const translate = (err: object) => translateConnectError(err, ['b:9096'], security);

  it('a wrong password: the user and mechanism, exit 3', () => {
    const error = translate({
      name: 'KafkaJSSASLAuthenticationError',
      message:
        'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    });
    expect(error.message).toBe('authentication failed for user alice (mechanism SCRAM-SHA-512)');
    expect(error.exitCode).toBe(3);
    expect(error.retriable).toBe(false);
  });

  it("OpenSSL's multi-line text shrinks to its reason, on one line", () => {
    const error = translate({
      name: 'KafkaJSConnectionError',
      broker: 'b:9096',
      code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      message:
        'Connection error: 80FC2E2F4E7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n',
    });
    expect(error.message).toBe(
      'TLS handshake with b:9096 failed: sslv3 alert bad certificate (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE): the broker refused our client certificate, or wants one (--ssl-cert, --ssl-key)',
    );
  });

  it('an untrusted certificate points at --ssl-ca; a refused connection stays a connection error', () => {
    expect(
      translate({ name: 'KafkaJSConnectionError', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }).message,
    ).toMatch(/not trusted \(give its CA with --ssl-ca\)$/);
    const refused = translate({
      name: 'KafkaJSConnectionError',
      code: 'ECONNREFUSED',
      message: 'Connection error: refused',
    });
    expect(refused.code).toBe('CONNECT');
  });
});
