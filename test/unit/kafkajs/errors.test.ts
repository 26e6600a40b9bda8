// kafkajs's refusals translated into one line each.
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../../src/cli/exit-codes.js';
import { causes } from '../../../src/core/errors.js';
import { translateConnectError, translateSendError } from '../../../src/kafkajs/errors.js';
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
    expect(exitCodeOf(error)).toBe(3);
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
    expect(refused.kind).toBe('CONNECT');
  });
});

describe('delivery errors, translated', () => {
  it("names Kafka's error with our message and retriability, and keeps kafkajs's error as the cause", () => {
    const original = Object.assign(new Error('The request included a message larger than the max message size'), {
      name: 'KafkaJSProtocolError',
      type: 'MESSAGE_TOO_LARGE',
      retriable: true, // what kafkajs says does not decide: the table does
    });
    const error = translateSendError(original);
    expect(error.message).toBe('MESSAGE_TOO_LARGE: the message is larger than the topic accepts (max.message.bytes)');
    expect(error).toMatchObject({ reason: 'MESSAGE_TOO_LARGE', retriable: false, kind: 'DELIVERY' });
    expect(error.cause).toBe(original);
    expect(causes(error)).toEqual([
      'cause: KafkaJSProtocolError (MESSAGE_TOO_LARGE): The request included a message larger than the max message size',
    ]);
  });

  it("keeps kafkajs's detail for a local failure and for an error the table does not know", () => {
    const lost = translateSendError({ name: 'KafkaJSConnectionError', message: 'Connection error: ECONNRESET' });
    expect(lost).toMatchObject({ reason: 'BROKER_TRANSPORT_FAILURE', retriable: true });
    expect(lost.message).toBe('BROKER_TRANSPORT_FAILURE: Connection error: ECONNRESET');
    const unknown = translateSendError({ type: 'SOMETHING_NEW', message: 'new words', retriable: true });
    expect(unknown).toMatchObject({ message: 'SOMETHING_NEW: new words', retriable: true });
  });
});
