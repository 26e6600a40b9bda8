// The kafkajs client: its brokers, timeouts, TLS and SASL, sockets and log lines.
import { createRequire } from 'node:module';
import { isIP, connect as netConnect } from 'node:net';
import type * as Tls from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import kafkajs, {
  type ISocketFactory,
  type Kafka as KafkaClient,
  type LogEntry,
  type Mechanism,
  type SASLOptions,
} from 'kafkajs';
import type { Acks } from '../core/transport.js';
import type { OAuthSettings } from '../security/oauth.js';
import { REAUTHENTICATE_BEFORE_MS, TokenKeeper } from '../security/oauth-tokens.js';
import { nodeTlsOptions, type Security } from '../security/settings.js';
import { oauthBearerMechanism } from './oauthbearer.js';

// kafkajs is CommonJS: not all of its exports are visible to an ESM named import.
const { Kafka, logLevel } = kafkajs;

export interface KafkaJsTransportOptions {
  brokers: string[];
  clientId: string;
  acks: Acks;
  idempotence: boolean;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** A kafkajs CompressionTypes value, its codec registered (compression.ts). */
  compression?: number;
  /** kafkajs's own log lines, to this sink (the CLI's --debug); without it kafkajs prints nothing. */
  debug?: (line: string) => void;
  /** Most produce requests in flight to one broker (default 1); a partition never has more than one.
   * Where the brokers share the producer's cores, more in flight means more, smaller requests; brokers
   * a network away, where round trips dominate, gain from more. */
  maxInFlight?: number;
  /** TLS and SASL; plaintext when missing. */
  security?: Security;
  /** How long getting an OAuth token may take (default: requestTimeoutMs). */
  tokenTimeoutMs?: number;
  /** Transactional: one producer with this transactional.id, whose batches go in the transactions
   * begun and ended by beginTransaction() and commitTransaction() or abortTransaction(). */
  transactionalId?: string;
  /** transaction.timeout.ms: the coordinator aborts a transaction open longer (default 60000). */
  transactionTimeoutMs?: number;
}

/** One token keeper for every client of a run: the producers, the admin and --verify's reader share a token. */
const keepers = new WeakMap<OAuthSettings, TokenKeeper>();

function keeperOf(oauth: OAuthSettings, timeoutMs: number): TokenKeeper {
  let keeper = keepers.get(oauth);
  if (keeper === undefined) {
    keeper = new TokenKeeper(oauth, timeoutMs);
    keepers.set(oauth, keeper);
  }
  return keeper;
}

/** Our security settings as kafkajs takes them. */
export function kafkaJsSecurity(
  { sasl, tls }: Security,
  tokenTimeoutMs = 10_000,
): { ssl?: ConnectionOptions; sasl?: SASLOptions | Mechanism } {
  const settings: { ssl?: ConnectionOptions; sasl?: SASLOptions | Mechanism } = {};
  if (tls !== null) settings.ssl = nodeTlsOptions(tls);
  if (sasl?.mechanism === 'OAUTHBEARER') {
    settings.sasl = oauthBearerMechanism(sasl.oauth, keeperOf(sasl.oauth, tokenTimeoutMs));
  } else if (sasl !== null) {
    const mechanism = sasl.mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512';
    settings.sasl = { mechanism, username: sasl.username, password: sasl.password.reveal() } as SASLOptions;
  }
  return settings;
}

/** A built-in module, loaded when first asked for (a require function made at load costs every run). */
const requireBuiltin = (id: string): unknown => createRequire(import.meta.url)(id);

/** kafkajs's own socket factory, except that node:tls is loaded for a TLS connection only, where
 * kafkajs loads it with the client: a plaintext run, a short one above all, does without it. */
const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? (requireBuiltin('node:tls') as typeof Tls).connect(
        { host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl },
        onConnect,
      )
    : netConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  return socket;
};

function logCreator(debug: ((line: string) => void) | undefined) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = log;
      const name = Object.keys(logLevel).find((k) => logLevel[k as keyof typeof logLevel] === level);
      debug?.(`kafkajs ${name} [${namespace}] ${message} ${JSON.stringify(extra)}`);
    };
}

/** The kafkajs client of a transport with these options. */
export function kafkaClient(options: KafkaJsTransportOptions, security: Security): KafkaClient {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: options.debug ? logLevel.DEBUG : logLevel.NOTHING,
    logCreator: logCreator(options.debug),
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 2 },
    socketFactory,
    ...kafkaJsSecurity(security, options.tokenTimeoutMs ?? options.requestTimeoutMs),
    // kafkajs's 10 s would have a token of a few seconds re-authenticate before every request.
    ...(security.sasl?.mechanism === 'OAUTHBEARER' ? { reauthenticationThreshold: REAUTHENTICATE_BEFORE_MS } : {}),
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
