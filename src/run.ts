// The command: connect, check the topic, run the seed's loop, and say which exit code the run earned.
import { ExitCode, SimpleProduceError } from './errors.js';
import { KafkaJsTransport } from './kafkajs-transport.js';
import type { Config } from './options.js';
import { Producer } from './producer.js';
import type { Reporter } from './report.js';
import { SimpleProducer } from './simple-producer.js';
import type { Transport } from './transport.js';

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createTransport(config: Config, reporter: Reporter): Transport {
  return new KafkaJsTransport({
    brokers: config.brokers,
    clientId: config.clientId,
    acks: config.acks,
    idempotence: config.idempotence,
    connectionTimeoutMs: Math.min(config.timeoutMs, 3000),
    requestTimeoutMs: Math.min(30_000, config.deliveryTimeoutMs),
    debug: config.debug ? reporter.debug : undefined,
  });
}

export async function run(config: Config, reporter: Reporter, transport = createTransport(config, reporter)) {
  const producer = new Producer(transport, { deliveryTimeoutMs: config.deliveryTimeoutMs });
  try {
    const unreachable = () =>
      new SimpleProduceError(
        'CONNECT',
        `cannot connect to any broker of ${config.brokers.join(',')} within ${config.timeoutMs} ms`,
      );
    await withTimeout(producer.connect(), config.timeoutMs, unreachable);
    await withTimeout(producer.prepareTopic(config.topic), config.timeoutMs, unreachable);
    const result = await new SimpleProducer({
      producer,
      topic: config.topic,
      durationMs: config.durationMs,
      count: config.count,
      intervalMs: config.intervalMs,
      flushTimeoutMs: config.flushTimeoutMs,
      onDelivery: reporter.delivery,
      onQueueFull: reporter.queueFull,
      onWaiting: reporter.waiting,
    }).produce();
    reporter.done(result);
    return result.failed + result.undelivered === 0 ? ExitCode.ok : ExitCode.someFailed;
  } finally {
    await withTimeout(producer.close(), 2000, () => new Error('close timed out')).catch(() => {});
  }
}
