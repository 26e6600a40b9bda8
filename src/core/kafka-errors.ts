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

export const KAFKA_ERRORS = {
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false, message: 'the broker met an unexpected error' },
  CORRUPT_MESSAGE: { code: 2, retriable: true, unwritten: true, message: 'the batch failed its CRC check' },
  UNKNOWN_TOPIC_OR_PARTITION: {
    code: 3,
    retriable: true,
    unwritten: true,
    message: 'the broker does not host this topic-partition',
  },
  LEADER_NOT_AVAILABLE: {
    code: 5,
    retriable: true,
    message: 'the partition has no leader now (an election is under way)',
  },
  NOT_LEADER_FOR_PARTITION: {
    code: 6,
    retriable: true,
    unwritten: true,
    message: 'the broker is no longer the partition leader',
  },
  REQUEST_TIMED_OUT: {
    code: 7,
    retriable: true,
    message: 'the request timed out (the in-sync replicas did not answer in time)',
  },
  BROKER_NOT_AVAILABLE: { code: 8, retriable: false, message: 'the broker is not available' },
  REPLICA_NOT_AVAILABLE: { code: 9, retriable: true, message: 'a replica is not available' },
  MESSAGE_TOO_LARGE: {
    code: 10,
    retriable: false,
    unwritten: true,
    tooLarge: true,
    message: 'the message is larger than the topic accepts (max.message.bytes)',
  },
  NETWORK_EXCEPTION: { code: 13, retriable: true, message: 'the broker lost its connection to a replica' },
  INVALID_TOPIC_EXCEPTION: { code: 17, retriable: false, unwritten: true, message: 'the topic name is not valid' },
  RECORD_LIST_TOO_LARGE: {
    code: 18,
    retriable: false,
    unwritten: true,
    tooLarge: true,
    message: 'the batch is larger than the broker accepts (message.max.bytes)',
  },
  NOT_ENOUGH_REPLICAS: {
    code: 19,
    retriable: true,
    unwritten: true,
    message: 'fewer in-sync replicas than min.insync.replicas: the batch was refused',
  },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: {
    code: 20,
    retriable: true,
    message: 'written, but fewer in-sync replicas than min.insync.replicas acknowledged it',
  },
  INVALID_REQUIRED_ACKS: { code: 21, retriable: false, unwritten: true, message: 'the broker does not take this acks' },
  TOPIC_AUTHORIZATION_FAILED: {
    code: 29,
    retriable: false,
    unwritten: true,
    message: 'not authorized to write to the topic',
  },
  CLUSTER_AUTHORIZATION_FAILED: {
    code: 31,
    retriable: false,
    unwritten: true,
    message: 'not authorized for an idempotent producer (IdempotentWrite on the cluster)',
  },
  INVALID_TIMESTAMP: {
    code: 32,
    retriable: false,
    unwritten: true,
    message: "the timestamp is outside the topic's message.timestamp.*.max.ms",
  },
  UNSUPPORTED_SASL_MECHANISM: { code: 33, retriable: false, message: 'the broker does not enable this SASL mechanism' },
  ILLEGAL_SASL_STATE: { code: 34, retriable: false, message: 'the SASL handshake came at the wrong time' },
  UNSUPPORTED_VERSION: { code: 35, retriable: false, message: 'the broker does not support this request version' },
  TOPIC_ALREADY_EXISTS: { code: 36, retriable: false, message: 'the topic already exists' },
  INVALID_PARTITIONS: { code: 37, retriable: false, message: 'the number of partitions is not valid' },
  INVALID_REPLICATION_FACTOR: {
    code: 38,
    retriable: false,
    message: 'the replication factor is not valid (more than the brokers?)',
  },
  POLICY_VIOLATION: { code: 44, retriable: false, unwritten: true, message: "the broker's policy refused the request" },
  OUT_OF_ORDER_SEQUENCE_NUMBER: {
    code: 45,
    retriable: false,
    message: 'the broker saw a gap in the producer sequence',
  },
  DUPLICATE_SEQUENCE_NUMBER: { code: 46, retriable: false, message: 'the broker already has this batch' },
  INVALID_PRODUCER_EPOCH: { code: 47, retriable: false, message: "the producer's epoch is stale" },
  INVALID_TXN_STATE: { code: 48, retriable: false, message: 'the transaction is not in a state that allows this' },
  INVALID_PRODUCER_ID_MAPPING: {
    code: 49,
    retriable: false,
    message: 'the coordinator does not know this transactional id with this producer id',
  },
  INVALID_TRANSACTION_TIMEOUT: {
    code: 50,
    retriable: false,
    message: "the transaction timeout is above the broker's transaction.max.timeout.ms",
  },
  CONCURRENT_TRANSACTIONS: {
    code: 51,
    retriable: true,
    message: 'the coordinator is still ending an earlier transaction of this id',
  },
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: {
    code: 53,
    retriable: false,
    unwritten: true,
    message: 'not authorized for this transactional id',
  },
  KAFKA_STORAGE_ERROR: { code: 56, retriable: true, message: "the leader's log directory failed" },
  SASL_AUTHENTICATION_FAILED: { code: 58, retriable: false, message: 'SASL authentication failed' },
  UNKNOWN_PRODUCER_ID: { code: 59, retriable: false, message: 'the broker no longer knows the producer id' },
  INVALID_RECORD: { code: 87, retriable: false, unwritten: true, message: "a record broke the topic's rules" },
  THROTTLING_QUOTA_EXCEEDED: { code: 89, retriable: true, message: 'a quota is exceeded: the broker throttles us' },
  PRODUCER_FENCED: {
    code: 90,
    retriable: false,
    message: 'another producer with the same transactional id has started: this one is fenced',
  },
  // librdkafka's local errors, which no broker sends.
  MSG_TIMED_OUT: { code: -192, retriable: true, message: 'Local: Message timed out' },
  QUEUE_FULL: { code: -184, retriable: true, message: 'Local: Queue full' },
  UNKNOWN_PARTITION: { code: -190, retriable: false, message: 'Local: Unknown partition' },
  BROKER_TRANSPORT_FAILURE: { code: -195, retriable: true, message: 'Local: Broker transport failure' },
  // Ours: a record of a transaction that was aborted, whatever the broker had acknowledged of it (a
  // read_committed consumer never sees it). librdkafka reports such records delivered.
  TRANSACTION_ABORTED: { code: -1000, retriable: false, message: 'the transaction was aborted' },
  TRANSACTION_TIMED_OUT: {
    code: -1001,
    retriable: false,
    message: 'the broker aborted the transaction: it was open longer than transaction.timeout.ms',
  },
} as const satisfies Record<string, KafkaErrorInfo>;

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
