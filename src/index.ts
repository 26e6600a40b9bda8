// The library: the producer core, its kafkajs transport, and the produce loop with its generated records.
export { ExitCode, exitCodeOf } from './cli/exit-codes.js';
export { type ErrorKind, QueueFullError, SimpleProduceError } from './core/errors.js';
export { type GeneratedOptions, generatedRecords, generatedSource } from './core/generated.js';
export { murmur2, partitionForKey } from './core/partitioner.js';
export {
  ProduceLoop,
  type ProduceLoopOptions,
  type ProducerRecord,
  type RecordSource,
  type RunResult,
} from './core/produce-loop.js';
export {
  type DeliveryReport,
  OFFSET_INVALID,
  type ProduceRequest,
  Producer,
  type ProducerOptions,
} from './core/producer.js';
export type { RecordReader, TopicCreator, Transport } from './core/transport.js';
export { KafkaJsTransport, type KafkaJsTransportOptions } from './kafkajs/transport.js';
