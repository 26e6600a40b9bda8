// The library: the producer core, its kafkajs transport, and the seed's SimpleProducer loop.
export { ExitCode, QueueFullError, SimpleProduceError } from './errors.js';
export { KafkaJsTransport, type KafkaJsTransportOptions } from './kafkajs-transport.js';
export { murmur2, partitionForKey } from './partitioner.js';
export {
  type DeliveryReport,
  OFFSET_INVALID,
  type ProduceRequest,
  Producer,
  type ProducerOptions,
} from './producer.js';
export { type RunResult, SimpleProducer, type SimpleProducerOptions } from './simple-producer.js';
export type { Transport } from './transport.js';
