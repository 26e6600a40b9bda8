// The library: the producer core, its kafkajs transport, and the seed's SimpleProducer loop.
export { ExitCode, QueueFullError, SimpleProduceError } from './core/errors.js';
export { murmur2, partitionForKey } from './core/partitioner.js';
export {
  type DeliveryReport,
  OFFSET_INVALID,
  type ProduceRequest,
  Producer,
  type ProducerOptions,
} from './core/producer.js';
export { type RunResult, SimpleProducer, type SimpleProducerOptions } from './core/simple-producer.js';
export type { Transport } from './core/transport.js';
export { KafkaJsTransport, type KafkaJsTransportOptions } from './kafkajs/transport.js';
