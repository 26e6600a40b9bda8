// kafkajs errors, translated into our messages and codes in one place.
import { SimpleProduceError } from '../core/errors.js';
import { kafkaError, kafkaName } from '../core/kafka-errors.js';
import { describeOAuth } from '../security/oauth.js';
import { isUntrustedCertificate, PLAINTEXT, type Security } from '../security/settings.js';

interface KafkaJsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  broker?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/** The innermost error kafkajs wrapped (retries exhausted wraps the last failure). */
function innermost(err: KafkaJsErrorShape): KafkaJsErrorShape {
  let e = err;
  for (let i = 0; i < 5; i++) {
    const inner = (e.originalError ?? e.cause) as KafkaJsErrorShape | undefined;
    if (inner === undefined || inner === null || typeof inner !== 'object') break;
    e = inner;
  }
  return e;
}

/** A refusal that retrying cannot cure: wrong credentials, an untrusted certificate, TLS against a
 * plaintext port. One line naming the user and mechanism, or the TLS error; exit 3 at once. */
function securityError(e: KafkaJsErrorShape, security: Security): SimpleProduceError | null {
  const message = (e.message ?? '').replace(/^(Connection error|Failed to connect): /, '');
  // OpenSSL's own text ("80FC...:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad
  // certificate:../deps/...") shrinks to its reason; whatever it is, it stays on one line.
  const detail = (/:SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message).replace(/\s+/g, ' ').trim();
  if (e.name === 'KafkaJSSASLAuthenticationError') {
    const sasl = security.sasl;
    const who =
      sasl === null
        ? 'SASL'
        : sasl.mechanism === 'OAUTHBEARER'
          ? `${describeOAuth(sasl.oauth)} (mechanism OAUTHBEARER)`
          : `user ${sasl.username} (mechanism ${sasl.mechanism})`;
    if (/invalid (credentials|username or password)|authentication failed/i.test(detail)) {
      return new SimpleProduceError('AUTH', `authentication failed for ${who}`);
    }
    return new SimpleProduceError('AUTH', `SASL authentication failed for ${who}: ${detail}`);
  }
  const at = e.broker ? ` with ${e.broker}` : '';
  if (e.type === 'ILLEGAL_SASL_STATE') {
    return new SimpleProduceError(
      'AUTH',
      `SASL handshake${at} refused: ${detail}: is this a SASL listener? (check --security-protocol and the port)`,
    );
  }
  if (e.type === 'UNSUPPORTED_SASL_MECHANISM') {
    return new SimpleProduceError('AUTH', `the broker does not enable SASL mechanism ${security.sasl?.mechanism}`);
  }
  if (security.tls !== null && /before secure TLS connection was established/.test(detail)) {
    return new SimpleProduceError(
      'AUTH',
      `TLS handshake${at} failed: the broker closed the connection: is this a TLS listener? (check --security-protocol and the port)`,
    );
  }
  const code = e.code ?? '';
  if (!/^(ERR_TLS_|ERR_SSL_|EPROTO$)/.test(code) && !isUntrustedCertificate(code)) return null;
  let hint = '';
  if (isUntrustedCertificate(code)) hint = ": the broker's certificate is not trusted (give its CA with --ssl-ca)";
  else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') hint = ": the broker's certificate is not for this host name";
  else if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code)) {
    hint = ': is this a TLS listener? (check --security-protocol and the port)';
  } else if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA/.test(code)) {
    hint = ': the broker refused our client certificate, or wants one (--ssl-cert, --ssl-key)';
  }
  return new SimpleProduceError('AUTH', `TLS handshake${at} failed: ${detail} (${code})${hint}`);
}

/** A broker's refusal with a Kafka error code (a partition's, in a produce answer), not a local
 * failure such as a lost connection. */
export const isBrokerRefusal = (err: unknown): boolean =>
  innermost((err ?? {}) as KafkaJsErrorShape).type !== undefined;

export function translateSendError(err: unknown, security: Security = PLAINTEXT): SimpleProduceError {
  if (err instanceof SimpleProduceError) return err;
  const e = innermost((err ?? {}) as KafkaJsErrorShape);
  // Ours, under kafkajs's wrapping: an OAuth token that could not be had, or was refused.
  if (e instanceof SimpleProduceError) return e;
  const message = e.message ?? String(err);
  const refused = securityError(e, security);
  if (refused !== null) return Object.assign(refused, { cause: err });
  // A broker's error reads as our table says; a local one (a timeout, a lost connection) keeps kafkajs's detail.
  const named = (reason: string, text: string) =>
    new SimpleProduceError(
      'DELIVERY',
      `${reason}: ${text}`,
      kafkaError(reason)?.retriable ?? e.retriable ?? false,
      reason,
      err,
    );
  if (e.type !== undefined) return named(kafkaName(e.type), kafkaError(e.type)?.message ?? message);
  if (e.name === 'KafkaJSRequestTimeoutError') return named('REQUEST_TIMED_OUT', message);
  if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSConnectionClosedError') {
    return named('BROKER_TRANSPORT_FAILURE', message);
  }
  return new SimpleProduceError('DELIVERY', message, e.retriable ?? false, undefined, err);
}

export function translateConnectError(
  err: unknown,
  brokers: readonly string[],
  security: Security = PLAINTEXT,
): SimpleProduceError {
  if (err instanceof SimpleProduceError) return err;
  const e = innermost((err ?? {}) as KafkaJsErrorShape);
  if (e instanceof SimpleProduceError) return e;
  const refused = securityError(e, security);
  if (refused !== null) return Object.assign(refused, { cause: err });
  const reason = e.message ? ` (${e.message})` : '';
  return new SimpleProduceError(
    'CONNECT',
    `cannot connect to any broker of ${brokers.join(',')}${reason}`,
    false,
    undefined,
    err,
  );
}
