// kafkajs errors, translated into our messages and codes in one place.
import { SimpleProduceError } from './errors.js';

interface KafkaJsErrorShape {
  name?: string;
  message?: string;
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

export function translateSendError(err: unknown): SimpleProduceError {
  if (err instanceof SimpleProduceError) return err;
  const e = innermost((err ?? {}) as KafkaJsErrorShape);
  const message = e.message ?? String(err);
  if (e.name === 'KafkaJSSASLAuthenticationError') return new SimpleProduceError('AUTH', message);
  const named = (reason: string, retriable: boolean) =>
    new SimpleProduceError('DELIVERY', `${reason}: ${message}`, retriable, reason);
  if (e.type !== undefined) return named(e.type, e.retriable ?? false);
  if (e.name === 'KafkaJSRequestTimeoutError') return named('REQUEST_TIMED_OUT', true);
  if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSConnectionClosedError') {
    return named('BROKER_TRANSPORT_FAILURE', true);
  }
  return new SimpleProduceError('DELIVERY', message, e.retriable ?? false);
}

export function translateConnectError(err: unknown, brokers: readonly string[]): SimpleProduceError {
  if (err instanceof SimpleProduceError) return err;
  const e = innermost((err ?? {}) as KafkaJsErrorShape);
  if (e.name === 'KafkaJSSASLAuthenticationError')
    return new SimpleProduceError('AUTH', e.message ?? 'authentication failed');
  const reason = e.message ? ` (${e.message})` : '';
  return new SimpleProduceError('CONNECT', `cannot connect to any broker of ${brokers.join(',')}${reason}`);
}
