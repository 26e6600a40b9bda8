// Kafka's errors that a producer meets, in one typed table: the protocol's name and code, whether
// retrying can cure it, what it says of the batch, and our one-line message. The names are Kafka's
// (kafkajs reports them as `type`); the local ones are librdkafka's, with its negative codes.

export interface KafkaErrorInfo {
  /** The protocol's error code (librdkafka's for local errors, which are negative). */
  code: number;
  retriable: boolean;
  /** The broker refused the batch before appending it: it is certainly not in the log, so the
   * idempotent producer's sequence numbers stay valid. */
  unwritten?: true;
  /** Refused for its size: sent again one message at a time, so only the culprit fails. */
  tooLarge?: true;
  /** Ours, for the report: `MESSAGE_TOO_LARGE: <message>`. */
  message: string;
}

type Trait = Pick<KafkaErrorInfo, 'unwritten' | 'tooLarge'>;
const UNWRITTEN: Trait = { unwritten: true };
const TOO_LARGE: Trait = { tooLarge: true };
const retriable = (code: number, message: string, ...traits: Trait[]): KafkaErrorInfo =>
  Object.assign({ code, retriable: true, message }, ...traits);
const fatal = (code: number, message: string, ...traits: Trait[]): KafkaErrorInfo =>
  Object.assign({ code, retriable: false, message }, ...traits);

export const KAFKA_ERRORS = {
  UNKNOWN_SERVER_ERROR: fatal(-1, 'the broker met an unexpected error'),
  CORRUPT_MESSAGE: retriable(2, 'the batch failed its CRC check', UNWRITTEN),
  UNKNOWN_TOPIC_OR_PARTITION: retriable(3, 'the broker does not host this topic-partition', UNWRITTEN),
  LEADER_NOT_AVAILABLE: retriable(5, 'the partition has no leader now (an election is under way)'),
  NOT_LEADER_FOR_PARTITION: retriable(6, 'the broker is no longer the partition leader', UNWRITTEN),
  REQUEST_TIMED_OUT: retriable(7, 'the request timed out (the in-sync replicas did not answer in time)'),
  BROKER_NOT_AVAILABLE: fatal(8, 'the broker is not available'),
  REPLICA_NOT_AVAILABLE: retriable(9, 'a replica is not available'),
  MESSAGE_TOO_LARGE: fatal(
    10,
    'the message is larger than the topic accepts (max.message.bytes)',
    UNWRITTEN,
    TOO_LARGE,
  ),
  NETWORK_EXCEPTION: retriable(13, 'the broker lost its connection to a replica'),
  INVALID_TOPIC_EXCEPTION: fatal(17, 'the topic name is not valid', UNWRITTEN),
  RECORD_LIST_TOO_LARGE: fatal(
    18,
    'the batch is larger than the broker accepts (message.max.bytes)',
    UNWRITTEN,
    TOO_LARGE,
  ),
  NOT_ENOUGH_REPLICAS: retriable(
    19,
    'fewer in-sync replicas than min.insync.replicas: the batch was refused',
    UNWRITTEN,
  ),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: retriable(
    20,
    'written, but fewer in-sync replicas than min.insync.replicas acknowledged it',
  ),
  INVALID_REQUIRED_ACKS: fatal(21, 'the broker does not take this acks', UNWRITTEN),
  TOPIC_AUTHORIZATION_FAILED: fatal(29, 'not authorized to write to the topic', UNWRITTEN),
  CLUSTER_AUTHORIZATION_FAILED: fatal(
    31,
    'not authorized for an idempotent producer (IdempotentWrite on the cluster)',
    UNWRITTEN,
  ),
  INVALID_TIMESTAMP: fatal(32, "the timestamp is outside the topic's message.timestamp.*.max.ms", UNWRITTEN),
  UNSUPPORTED_SASL_MECHANISM: fatal(33, 'the broker does not enable this SASL mechanism'),
  ILLEGAL_SASL_STATE: fatal(34, 'the SASL handshake came at the wrong time'),
  UNSUPPORTED_VERSION: fatal(35, 'the broker does not support this request version'),
  TOPIC_ALREADY_EXISTS: fatal(36, 'the topic already exists'),
  INVALID_PARTITIONS: fatal(37, 'the number of partitions is not valid'),
  INVALID_REPLICATION_FACTOR: fatal(38, 'the replication factor is not valid (more than the brokers?)'),
  POLICY_VIOLATION: fatal(44, "the broker's policy refused the request", UNWRITTEN),
  OUT_OF_ORDER_SEQUENCE_NUMBER: fatal(45, 'the broker saw a gap in the producer sequence'),
  DUPLICATE_SEQUENCE_NUMBER: fatal(46, 'the broker already has this batch'),
  INVALID_PRODUCER_EPOCH: fatal(47, "the producer's epoch is stale"),
  INVALID_TXN_STATE: fatal(48, 'the transaction is not in a state that allows this'),
  INVALID_PRODUCER_ID_MAPPING: fatal(49, 'the coordinator does not know this transactional id with this producer id'),
  INVALID_TRANSACTION_TIMEOUT: fatal(50, "the transaction timeout is above the broker's transaction.max.timeout.ms"),
  CONCURRENT_TRANSACTIONS: retriable(51, 'the coordinator is still ending an earlier transaction of this id'),
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: fatal(53, 'not authorized for this transactional id', UNWRITTEN),
  KAFKA_STORAGE_ERROR: retriable(56, "the leader's log directory failed"),
  SASL_AUTHENTICATION_FAILED: fatal(58, 'SASL authentication failed'),
  UNKNOWN_PRODUCER_ID: fatal(59, 'the broker no longer knows the producer id'),
  INVALID_RECORD: fatal(87, "a record broke the topic's rules", UNWRITTEN),
  THROTTLING_QUOTA_EXCEEDED: retriable(89, 'a quota is exceeded: the broker throttles us'),
  PRODUCER_FENCED: fatal(90, 'another producer with the same transactional id has started: this one is fenced'),
  // librdkafka's local errors, which no broker sends.
  MSG_TIMED_OUT: retriable(-192, 'Local: Message timed out'),
  QUEUE_FULL: retriable(-184, 'Local: Queue full'),
  UNKNOWN_PARTITION: fatal(-190, 'Local: Unknown partition'),
  BROKER_TRANSPORT_FAILURE: retriable(-195, 'Local: Broker transport failure'),
  // Ours: a record of a transaction that was aborted, whatever the broker had acknowledged of it (a
  // read_committed consumer never sees it). librdkafka reports such records delivered.
  TRANSACTION_ABORTED: fatal(-1000, 'the transaction was aborted'),
  TRANSACTION_TIMED_OUT: fatal(
    -1001,
    'the broker aborted the transaction: it was open longer than transaction.timeout.ms',
  ),
} satisfies Record<string, KafkaErrorInfo>;

export type KafkaErrorName = keyof typeof KAFKA_ERRORS;

/** kafkajs's names that are not Kafka's. */
const KAFKAJS_NAMES: Record<string, KafkaErrorName> = { UNKNOWN: 'UNKNOWN_SERVER_ERROR' };

/** Kafka's name for an error kafkajs names. */
export const kafkaName = (kafkajsType: string): string => KAFKAJS_NAMES[kafkajsType] ?? kafkajsType;

/** The table's entry for a name kafkajs (or the producer) gives, if it is one we know. */
export function kafkaError(name: string | undefined): KafkaErrorInfo | undefined {
  if (name === undefined) return undefined;
  const kafka = kafkaName(name);
  return Object.hasOwn(KAFKA_ERRORS, kafka) ? KAFKA_ERRORS[kafka as KafkaErrorName] : undefined;
}
