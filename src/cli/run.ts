// The command: connect, check (or create) the topic, run the produce loop, flush, optionally verify,
// print the summary, and say which exit code the run earned.

import { SimpleProduceError } from '../core/errors.js';
import { generatedSource } from '../core/generated.js';
import { counted } from '../core/plural.js';
import { ProduceLoop, type ProducerRecord } from '../core/produce-loop.js';
import { type DeliveryReport, Producer } from '../core/producer.js';
import { DeliveryStats } from '../core/stats.js';
import type { RecordReader, TopicCreator, Transport } from '../core/transport.js';
import { type Expected, rangesToRead, verify } from '../core/verify.js';
import type { SourceRecord } from '../input/reader.js';
import { compressionType } from '../kafkajs/compression.js';
import { KafkaJsTransport } from '../kafkajs/transport.js';
import { firstDeliveryChannel } from '../launch/first-delivery.js';
import type { PreparedSchemas } from '../schema/prepare.js';
import { redactor } from '../security/redact.js';
import type { Config } from './config.js';
import { dryRun } from './dry-run.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { inputSource, openFailedOut } from './input-run.js';
import type { Reporter } from './report.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGPIPE';

const stopCodes: Record<StopSignal, ExitCode> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGPIPE: ExitCode.brokenPipe,
};

/** The most bytes of keys, values and headers an --input run holds queued (librdkafka's
 * queue.buffering.max.kbytes), whatever the input's size: 2 GB through a pipe stays in bounds. Enough
 * for full speed on the local cluster, and for some 400 MB/s to brokers 20 ms away; twice as much
 * only held more memory. */
const INPUT_QUEUE_BYTES = 8 * 1024 * 1024;

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a run needs of its Kafka client: to produce, create its topic and read back what it sent. */
export type RunTransport = Transport & TopicCreator & RecordReader;

export function createTransport(config: Config, reporter: Reporter, compression?: number): RunTransport {
  const redact = redactor(config.security);
  return new KafkaJsTransport({
    brokers: config.brokers,
    clientId: config.clientId,
    acks: config.acks,
    idempotence: config.idempotence,
    connectionTimeoutMs: Math.min(config.timeoutMs, 3000),
    requestTimeoutMs: Math.min(30_000, config.deliveryTimeoutMs),
    // Getting an OAuth token is part of connecting: it gives up a little before --timeout does, so
    // that the line says it was the token endpoint that did not answer.
    tokenTimeoutMs: config.timeoutMs - Math.min(1000, Math.floor(config.timeoutMs / 4)),
    debug: config.debug ? (line) => reporter.debug(redact(line)) : undefined,
    compression,
    security: config.security,
    maxInFlight: config.maxInFlight,
    transactionalId: config.transactionalId ?? undefined,
    transactionTimeoutMs: config.transactionTimeoutMs,
  });
}

async function connectAndPrepare(config: Config, producer: Producer, transport: TopicCreator): Promise<void> {
  const unreachable = () =>
    new SimpleProduceError(
      'CONNECT',
      `cannot connect to any broker of ${config.brokers.join(',')} within ${config.timeoutMs} ms`,
    );
  // A topic to create is created (by the admin) while the producer connects and gets its id.
  const prepared = async () => {
    if (config.createTopic) {
      await transport.createTopic(config.topic, {
        partitions: config.partitions,
        replicationFactor: config.replicationFactor,
      });
    }
    return producer.prepareTopic(config.topic);
  };
  const [, partitions] = await withTimeout(
    Promise.all([producer.connect(), prepared()]),
    config.timeoutMs,
    unreachable,
  );
  if (config.partition !== null && config.partition >= partitions) {
    throw new SimpleProduceError(
      'USAGE',
      `--partition ${config.partition}: topic "${config.topic}" has ${counted(partitions, 'partition')}`,
    );
  }
}

/** Reads every delivered message back and reports what differs; true when all are there exactly once. */
async function verifyDelivered(config: Config, transport: RecordReader, expected: Expected[], reporter: Reporter) {
  const stored = new Map();
  try {
    for (const [partition, { from, to }] of rangesToRead(expected)) {
      stored.set(partition, await transport.readRange(config.topic, partition, from, to, config.timeoutMs));
    }
  } catch (err) {
    if (!(err instanceof SimpleProduceError)) throw err;
    reporter.notice(`verify: ${err.message}`);
    return false;
  }
  const verdict = verify(expected, stored);
  for (const problem of verdict.problems.slice(0, 20)) reporter.notice(`verify: ${problem}`);
  if (verdict.problems.length > 20) reporter.notice(`verify: ... and ${verdict.problems.length - 20} more`);
  reporter.notice(`verified ${verdict.verified}/${verdict.expected}`);
  return verdict.problems.length === 0;
}

/** The run's schemas from the registry; their modules (and Avro's, Protobuf's, JSON Schema's
 * libraries) are loaded only for a run that has some. */
async function schemasOf(config: Config): Promise<PreparedSchemas | null> {
  if (config.schemas === null) return null;
  const { prepareSchemas } = await import('../schema/prepare.js');
  return prepareSchemas(config.schemas, config.topic);
}

export async function run(
  config: Config,
  reporter: Reporter,
  stop: AbortSignal,
  given?: RunTransport,
): Promise<ExitCode> {
  if (config.dryRun) {
    const schemas = await schemasOf(config);
    for (const use of schemas?.uses ?? []) reporter.schema(use);
    return dryRun(config, reporter, stop, schemas?.serializer ?? null);
  }
  const transport = given ?? createTransport(config, reporter, await compressionType(config.compression));
  const failedOut = config.input === null ? null : openFailedOut(config.input);
  // Delivered records wanted as a count, not a report each (see countDelivered below). An input's
  // transaction still reports each record: an aborted one reports every record failed, with where it
  // was read, and --failed-out writes each.
  const counting =
    config.quiet && !config.json && !config.verify && (config.input === null || config.transactionalId === null);
  const producer = new Producer(transport, {
    deliveryTimeoutMs: config.deliveryTimeoutMs,
    lingerMs: config.lingerMs,
    batchMaxBytes: config.batchMaxBytes,
    partitioner: config.partitioner,
    // An input of any size is read as the queue drains: this bounds the memory its records take.
    queueMaxBytes: config.input === null ? undefined : INPUT_QUEUE_BYTES,
    // --verify and a transaction's held reports read their keys and values after their callbacks; a
    // counted record's report is gone with its callback.
    reuseBuffers: !config.verify && (config.transactionalId === null || counting),
  });
  const stats = new DeliveryStats();
  const expected: Expected[] = [];
  const firstDelivery = () => {
    if (stats.delivered + stats.failed === 0) firstDeliveryChannel.publish(undefined);
  };
  const onDelivery = (report: DeliveryReport) => {
    firstDelivery();
    stats.add(report);
    if (config.verify && report.error === null) expected.push(report);
    if (failedOut !== null && report.error !== null) {
      failedOut.write(report.opaque as SourceRecord, report.possiblyPersisted);
    }
    reporter.delivery(report);
  };
  const transactions =
    config.transactionalId === null ? undefined : { size: config.transactionSize, onEnd: reporter.transactionEnd };
  try {
    // The schemas first: a registry that lacks or refuses one ends the run before anything connects.
    const schemas = await schemasOf(config);
    for (const use of schemas?.uses ?? []) reporter.schema(use);
    await connectAndPrepare(config, producer, transport);
    const loop = new ProduceLoop<ProducerRecord>({
      producer,
      topic: config.topic,
      ...(config.input === null
        ? {
            ...generatedSource({
              key: config.key,
              value: config.value,
              count: config.count,
              intervalMs: config.intervalMs,
              durationMs: config.durationMs,
            }),
            onQueueFull: reporter.queueFull,
          }
        : inputSource(config.input, stop, reporter)),
      count: config.count,
      intervalMs: config.intervalMs,
      headers: config.headers,
      serializer: schemas?.serializer,
      partition: config.partition ?? undefined,
      flushTimeoutMs: config.flushTimeoutMs,
      signal: stop,
      onDelivery,
      // A delivered report that would print nothing and is kept for nothing is a count: no object is
      // made for it, and a transaction of generated records holds none, whatever its size.
      countDelivered: counting
        ? {
            add: (latencyMs) => {
              firstDelivery();
              stats.addLatency(latencyMs);
            },
            addAll: (latencies) => {
              firstDelivery();
              stats.addDelivered(latencies);
            },
          }
        : undefined,
      onWaiting: reporter.waiting,
      transactions,
    });
    const started = performance.now();
    reporter.startProgress(() => {
      const elapsedMs = performance.now() - started;
      const total = config.count ?? (config.intervalMs > 0 ? Math.ceil(config.durationMs / config.intervalMs) : null);
      const rate = loop.sent / Math.max(elapsedMs, 1);
      const etaMs =
        config.count === null
          ? config.input === null
            ? config.durationMs - elapsedMs
            : null
          : total === null
            ? null
            : (total - loop.sent) / rate;
      return { sent: loop.sent, delivered: stats.delivered, failed: stats.failed, elapsedMs, etaMs };
    });
    const result = await loop.produce();
    reporter.stopProgress();
    const { readError, stopped } = loop;
    if (readError !== null) reporter.notice(`${readError.message}: stopped reading there`);
    if (stopped !== null) reporter.notice(`${stopped.message}: stopped there`);
    let code: ExitCode =
      result.failed + result.undelivered === 0 && readError === null ? ExitCode.ok : ExitCode.someFailed;
    if (stopped !== null) code = exitCodeOf(stopped);
    if (config.verify && !stop.aborted && !(await verifyDelivered(config, transport, expected, reporter))) {
      code = ExitCode.verifyFailed;
    }
    if (stop.aborted) code = stopCodes[stop.reason as StopSignal] ?? ExitCode.interrupted;
    if (failedOut !== null) {
      failedOut.close();
      reporter.failedOut(failedOut.counts, failedOut.paths);
    }
    reporter.summary(stats.summary(result.sent, result.undelivered, result.elapsedMs), code);
    return code;
  } finally {
    failedOut?.close();
    reporter.stopProgress();
    await withTimeout(producer.close(), 500, () => new Error('close timed out')).catch(() => {});
  }
}
