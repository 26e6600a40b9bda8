// kafkajs (and commander), changed on the way into our bundles by an esbuild plugin. Each change
// fails the build when the file no longer has the code it replaces, and
// test/unit/kafkajs/patches.test.ts proves the produce requests' bytes are kafkajs's own.
// - groupMessagesPerPartition copies the partition's array for every message it adds, quadratic in
//   the batch size, which took a fifth of the CPU of a full-speed run with 10 000-message batches.
//   The replacement is linear and returns the same object.
// - kafkajs sends an empty topic list in a Metadata request as null, which Kafka reads as "every
//   topic": an idempotent producer's connect, which only needs the brokers and the controller, then
//   fetched and decoded the metadata of the whole cluster (20 KB and 12 ms for 144 topics,
//   and megabytes on a production cluster). Sent as an empty array, it means no topics, as the Java
//   client sends it. Nothing in this bundle asks kafkajs for every topic.
// - Encoding a batch took 6 us a record after the changes below and 12 us before them: a record was
//   a copy of the message, four arrays and an encoder; every varint an array and a Buffer; every
//   varlong (a timestamp delta) BigInt-backed Long objects; every buffer zero-filled. Now a batch's
//   records are written one after another into one encoder (1 us a record, and a full-speed run
//   sends 80 000 to 100 000 messages a second where it sent 35 000 to 60 000), varints are written
//   in place, varlongs of 32-bit integers take the varint path (the same bytes), buffers are not
//   zero-filled (only bytes below the offset are ever read), and an encoder is copied without a
//   slice. An uncompressed record batch is then written around its records in their own buffer,
//   sized once: a 2 GB input allocated 1.9 GB where it allocated 2.8 GB per 256 MB, and ran 40%
//   faster. Headers go as ordered [name, value] pairs (a name repeated, a null value). Keys and
//   values are copied from the slices the producer core gives (src/core/transport.ts), where an
//   input's records point into the chunk they were read in.
// - Start-up: a producer gets its id from the broker it is connected to, and shows its cluster, so
//   that a run looks its topic up there, with no admin connection (unless the topic is missing).
// - Start-up: kafkajs's random partitioner looked at globalThis.crypto when loaded, and its SCRAM
//   module required node:crypto: 4 ms of a one-message run. Both now load it on first use, which a
//   run without SCRAM never makes (our partitioner chooses). commander loads node:child_process
//   (2 ms) for subcommands we do not have; it now loads it when it spawns one. kafkajs's consumer
//   and admin modules load when a consumer or an admin is first made (--verify, a missing topic).
// - An idempotent producer makes one attempt per send() (kafkajs insisted on a retry of its own,
//   which hid an attempt that may have been written behind the next one's error): the transport
//   sees and retries every attempt itself.
// - kafkajs's request queue set a timeout of about -1.8e12 ms whenever it was not throttled, which
//   Node 24 warns of on every run; it is now 0 ms.

import { readFileSync } from 'node:fs';

const linearGrouping = `module.exports = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {}
  const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    ;(result[partition] || (result[partition] = [])).push(message)
  }
  return result
}
`;

/** Replaces each [from, to, times] in a source (times: 1 when missing), and fails unless `from` occurs
 * exactly that many times: a kafkajs whose code moved or changed stops the build, never a silent skip. */
function replaced(path, source, changes) {
  let out = source;
  for (const [from, to, times = 1] of changes) {
    const found = out.split(from).length - 1;
    if (found !== times) {
      throw new Error(
        `kafkajs patches: ${path} has ${found} of ${JSON.stringify(from.slice(0, 60))}, expected ${times}`,
      );
    }
    out = out.replaceAll(from, to);
  }
  return out;
}

// A 32-bit integer's varlong is its varint: the zigzag of it fits in 32 bits, which writeUVarInt reads unsigned.
const smallInteger = "typeof value === 'number' && (value | 0) === value";

const encoderChanges = [
  ['Buffer.alloc(', 'Buffer.allocUnsafe(', 2],
  [
    `  static sizeOfVarLong(value) {
`,
    `  static sizeOfVarLong(value) {
    if (${smallInteger}) return Encoder.sizeOfVarInt(value)
`,
  ],
  [
    `  writeVarLong(value) {
`,
    `  writeVarLong(value) {
    if (${smallInteger}) return this.writeVarInt(value)
`,
  ],
  [
    `    const byteArray = []
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      byteArray.push((value & OTHER_BITS) | MOST_SIGNIFICANT_BIT)
      value >>>= 7
    }
    byteArray.push(value & OTHER_BITS)
    this.writeBufferInternal(Buffer.from(byteArray))
    return this`,
    `    this.ensureAvailable(5)
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      this.buf[this.offset++] = (value & OTHER_BITS) | MOST_SIGNIFICANT_BIT
      value >>>= 7
    }
    this.buf[this.offset++] = value & OTHER_BITS
    return this`,
  ],
  ['this.writeBufferInternal(value.buffer)', 'this.writeEncoderInternal(value)'],
  ['this.writeBufferInternal(v.buffer)', 'this.writeEncoderInternal(v)'],
  [
    `  ensureAvailable(length) {`,
    `  writeEncoderInternal(encoder) {
    this.ensureAvailable(encoder.offset)
    encoder.buf.copy(this.buf, this.offset, 0, encoder.offset)
    this.offset += encoder.offset
  }

  ensureAvailable(length) {`,
  ],
];

const lazyCrypto = [
  ['let cryptoImplementation = null\nif (', 'let cryptoImplementation = null\nconst findCrypto = () => {\nif ('],
  ["  cryptoImplementation = require('crypto')\n}\n", "  cryptoImplementation = require('crypto')\n}\n}\n"],
  ['  if (!cryptoImplementation) {\n', '  if (!cryptoImplementation) findCrypto()\n  if (!cryptoImplementation) {\n'],
];

// SCRAM's node:crypto, loaded at its first use: a run without SCRAM never loads it.
const lazyScramCrypto = [
  ["const crypto = require('crypto')", "const crypto = new Proxy({}, { get: (_, name) => require('crypto')[name] })"],
];

const lazyChildProcess = [
  [
    "const childProcess = require('node:child_process');",
    "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  ],
];

// A batch's records, encoded one after another into one encoder, as Record (record/v0) encodes
// each: the same bytes without an encoder, a copy of the message and four arrays for every record.
// Headers come from the producer core as [name, value] pairs of Buffers, in order, a name as often
// as it is given and a value possibly null, which kafkajs's object of headers cannot say (its
// Record groups a repeated name's values and throws on a null). An object of headers still goes
// through Record.
const encodeRecords = `
// A message of the producer core gives its key and value as slices (keyBytes[keyStart, keyEnd), a
// null keyBytes a null key: src/core/transport.ts), written from where they lie without a Buffer
// made for each; another message gives them as key and value.
const sizeOfSlice = (bytes, start, end) =>
  bytes === null ? Encoder.sizeOfVarInt(-1) : Encoder.sizeOfVarInt(end - start) + end - start
const writeSlice = (encoded, bytes, start, end) => {
  if (bytes === null) return encoded.writeVarInt(-1)
  encoded.writeVarInt(end - start)
  encoded.ensureAvailable(end - start)
  // A short key or value is copied here: Buffer#copy costs more than the copy below 64 bytes or so.
  if (end - start < 48) {
    const { buf, offset } = encoded
    for (let i = start; i < end; i++) buf[offset + i - start] = bytes[i]
  } else {
    bytes.copy(encoded.buf, encoded.offset, start, end)
  }
  encoded.offset += end - start
  return encoded
}
const encodeRecords = (messages, dateNow, firstTimestamp) => {
  // Sized for the keys and values at once, not grown by doubling (a copy at each step), with room
  // for the record batch's header in front, which RecordBatch writes in place (RECORD_BATCH_HEADER).
  let bytes = RECORD_BATCH_HEADER
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]
    if (message.keyBytes !== undefined) {
      bytes += 32 + (message.keyEnd - message.keyStart) + (message.valueEnd - message.valueStart)
    } else {
      const { key, value } = message
      bytes += 32 + (key ? key.length : 0) + (value ? value.length : 0)
    }
    const { headers } = message
    if (Array.isArray(headers)) for (const [n, v] of headers) bytes += 10 + n.length + (v ? v.length : 0)
  }
  const encoded = new Encoder(bytes)
  encoded.offset = RECORD_BATCH_HEADER
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]
    const timestampDelta = (message.timestamp || dateNow) - firstTimestamp
    const sliced = message.keyBytes !== undefined
    const { headers } = message
    if (headers && !Array.isArray(headers) && Object.keys(headers).length > 0) {
      const { key, value } = message
      encoded.writeEncoder(Record({ ...message, key, value, offsetDelta: i, timestampDelta }))
      continue
    }
    const key = sliced ? null : message.key
    const value = sliced ? null : message.value
    const count = headers ? headers.length : 0
    let sizeOfHeaders = Encoder.sizeOfVarInt(count)
    for (let h = 0; h < count; h++) {
      sizeOfHeaders += Encoder.sizeOfVarIntBytes(headers[h][0]) + Encoder.sizeOfVarIntBytes(headers[h][1])
    }
    const sizeOfKeyAndValue = sliced
      ? sizeOfSlice(message.keyBytes, message.keyStart, message.keyEnd) +
        sizeOfSlice(message.valueBytes, message.valueStart, message.valueEnd)
      : Encoder.sizeOfVarIntBytes(key) + Encoder.sizeOfVarIntBytes(value)
    const sizeOfBody =
      1 + Encoder.sizeOfVarLong(timestampDelta) + Encoder.sizeOfVarInt(i) + sizeOfKeyAndValue + sizeOfHeaders
    encoded.writeVarInt(sizeOfBody).writeInt8(0).writeVarLong(timestampDelta).writeVarInt(i)
    if (sliced) {
      writeSlice(encoded, message.keyBytes, message.keyStart, message.keyEnd)
      writeSlice(encoded, message.valueBytes, message.valueStart, message.valueEnd)
    } else {
      encoded.writeVarIntBytes(key).writeVarIntBytes(value)
    }
    encoded.writeVarInt(count)
    for (let h = 0; h < count; h++) encoded.writeVarIntBytes(headers[h][0]).writeVarIntBytes(headers[h][1])
  }
  return { length: messages.length, encoded }
}
`;

// FirstOffset Length PartitionLeaderEpoch Magic CRC Attributes LastOffsetDelta FirstTimestamp
// MaxTimestamp ProducerId ProducerEpoch FirstSequence, and the record count: 61 bytes.
const RECORD_BATCH_HEADER = 8 + 4 + 4 + 1 + 4 + 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

const produceRecords = [
  // The batch's first and largest timestamps, found in one pass: kafkajs mapped, filtered and
  // sorted every message's timestamp (a string sort, 10 000 of them for a full batch) for two values.
  [
    `  const messageTimestamps = messages
    .map(m => m.timestamp)
    .filter(timestamp => timestamp != null)
    .sort()

  const timestamps = messageTimestamps.length === 0 ? [dateNow] : messageTimestamps
  const firstTimestamp = timestamps[0]
  const maxTimestamp = timestamps[timestamps.length - 1]
`,
    `  let firstTimestamp = null
  let maxTimestamp = null
  for (let i = 0; i < messages.length; i++) {
    const timestamp = messages[i].timestamp
    if (timestamp == null) continue
    const n = Number(timestamp)
    if (firstTimestamp === null || n < firstTimestamp) firstTimestamp = n
    if (maxTimestamp === null || n > maxTimestamp) maxTimestamp = n
  }
  if (firstTimestamp === null) firstTimestamp = maxTimestamp = dateNow
`,
  ],
  [
    `  const records = messages.map((message, i) =>
    Record({
      ...message,
      offsetDelta: i,
      timestampDelta: (message.timestamp || dateNow) - firstTimestamp,
    })
  )`,
    '  const records = encodeRecords(messages, dateNow, firstTimestamp)',
  ],
  [
    "const { RecordBatch } = require('../../../recordBatch/v0')\n",
    `const { RecordBatch } = require('../../../recordBatch/v0')\nconst RECORD_BATCH_HEADER = ${RECORD_BATCH_HEADER}\n${encodeRecords}`,
  ],
];

// Records encoded by encodeRecords (above) leave room in front for the batch's header. Uncompressed,
// the header is written there and the CRC computed in place: the batch is the records' own buffer,
// where kafkajs copied it three times more (the body, the batch, and the batch with its length),
// each into a buffer rounded up to a power of two: a quarter of a full-speed run's allocations.
const recordBatchOfEncoded = [
  [
    '  const batchBody = new Encoder()\n',
    `  if (records.encoded && compression === Compression.None) {
    const batch = records.encoded
    const end = batch.offset
    batch.offset = 0
    batch
      .writeInt64(firstOffset)
      .writeInt32(end - 12)
      .writeInt32(partitionLeaderEpoch)
      .writeInt8(MAGIC_BYTE)
      .writeUInt32(0)
      .writeInt16(attributes)
      .writeInt32(lastOffsetDelta)
      .writeInt64(firstTimestamp)
      .writeInt64(maxTimestamp)
      .writeInt64(producerId)
      .writeInt16(producerEpoch)
      .writeInt32(firstSequence)
      .writeInt32(records.length)
    batch.offset = end
    batch.buf.writeUInt32BE(crc32C(batch.buf.subarray(21, end)), 17)
    return batch
  }
  const batchBody = new Encoder()
`,
  ],
  [
    '  if (compression === Compression.None) {\n    if (records.every(',
    `  if (records.encoded) {
    const { buf, offset } = records.encoded
    const body = { buffer: buf.subarray(${RECORD_BATCH_HEADER}, offset) }
    batchBody.writeInt32(records.length).writeBuffer(await lookupCodec(compression).compress(body))
  } else if (compression === Compression.None) {
    if (records.every(`,
  ],
];

// A non-transactional producer id can come from any broker (the Java client asks the least loaded
// one); kafkajs asked the one Metadata names controller, which KRaft picks at random, so the first
// write waited for a connection to a broker it might not need. It now asks the broker it is already
// connected to.
const initProducerIdOnSeed = [
  [
    '              : cluster.findControllerBroker())',
    '              : cluster.brokerPool.seedBroker || cluster.findControllerBroker())',
  ],
];

// Transactions (kafkajs #1315, #430). The coordinator answers CONCURRENT_TRANSACTIONS while the
// previous transaction's markers are being written (just after a commit) and to a request that comes
// while another changes the transaction's state; kafkajs sent AddPartitionsToTxn and EndTxn once,
// and two partitions whose leaders differ added themselves at the same time. Now the coordinator's
// requests go one at a time, each retried (with the coordinator found again) while the answer is
// retriable (some 30 s: a coordinator's node killed is fenced after 9 s, and the id moves), as the
// Java client's TransactionManager does; InitProducerId waits as long for a transaction of an
// earlier producer of the id to be aborted, or for a coordinator lost to be replaced.
const transactionRequests = [
  [
    '  const retrier = createRetry(cluster.retry)\n',
    `  const retrier = createRetry(cluster.retry)
  const coordinatorRetrier = createRetry({ initialRetryTime: 20, maxRetryTime: 500, retries: 60 })
  let coordinatorQueue = Promise.resolve()
  const serialized = fn => {
    const run = coordinatorQueue.then(fn, fn)
    coordinatorQueue = run.catch(() => {})
    return run
  }
  // kafkajs's own retries, run out (finding the coordinator on a node just lost), say "not retriable".
  const unwrapped = e => (e.name === 'KafkaJSNumberOfRetriesExceeded' && e.cause ? e.cause : e)
  const coordinatorRequest = request =>
    coordinatorRetrier(async () => {
      try {
        return await request(await findTransactionCoordinator())
      } catch (e) {
        throw unwrapped(e)
      }
    })
`,
  ],
  [
    '      async initProducerId() {\n        return retrier(',
    '      async initProducerId() {\n        return (transactional ? coordinatorRetrier : retrier)(',
  ],
  // A transactional id's coordinator on a node just lost: retried until the id moves to another.
  [
    '            if (INIT_PRODUCER_RETRIABLE_PROTOCOL_ERRORS.includes(e.type)) {\n',
    '            if (INIT_PRODUCER_RETRIABLE_PROTOCOL_ERRORS.includes(e.type) || (transactional && unwrapped(e).retriable)) {\n',
  ],
  [
    '        transactionalGuard()\n        const newTopicPartitions = {}\n',
    '        transactionalGuard()\n        return serialized(async () => {\n        const newTopicPartitions = {}\n',
  ],
  [
    `          const broker = await findTransactionCoordinator()
          await broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
`,
    `          await coordinatorRequest(broker =>
            broker.addPartitionsToTxn({ transactionalId, producerId, producerEpoch, topics })
          )
`,
  ],
  [
    `            transactionTopicPartitions[topic][partition] = true
          })
        })
      },
`,
    `            transactionTopicPartitions[topic][partition] = true
          })
        })
        })
      },
`,
  ],
  [
    `        const broker = await findTransactionCoordinator()
        await broker.endTxn({
          producerId,
          producerEpoch,
          transactionalId,
          transactionResult: true,
        })
`,
    `        await serialized(() =>
          coordinatorRequest(broker =>
            broker.endTxn({ producerId, producerEpoch, transactionalId, transactionResult: true })
          )
        )
`,
  ],
  [
    `        const broker = await findTransactionCoordinator()
        await broker.endTxn({
          producerId,
          producerEpoch,
          transactionalId,
          transactionResult: false,
        })
`,
    `        await serialized(() =>
          coordinatorRequest(broker =>
            broker.endTxn({ producerId, producerEpoch, transactionalId, transactionResult: false })
          )
        )
`,
  ],
];

// The producer shows its cluster, whose metadata holds our topic's partitions once it has sent to
// it: the transport reads the partition count there rather than through an admin client of its own.
const producerCluster = [
  [
    '  return {\n    /**\n     * @returns {Promise}\n     */\n    connect: async () => {\n',
    '  return {\n    cluster,\n    /**\n     * @returns {Promise}\n     */\n    connect: async () => {\n',
  ],
];

// Unthrottled, kafkajs's request queue scheduled its check of pending requests at throttledUntil
// (-1) minus Date.now(): a timeout of about -1.8e12 ms, which Node runs after 1 ms and Node 24 warns
// of (TimeoutNegativeWarning) on every run. The same check, at 0 ms where it is not throttled.
const nonNegativeThrottleCheck = [
  [
    '    let scheduleAt = this.throttledUntil - Date.now()',
    '    let scheduleAt = Math.max(0, this.throttledUntil - Date.now())',
  ],
];

// An idempotent producer makes one attempt a send(), its retries: 0, which kafkajs refused. With one
// retry of its own, kafkajs could send a batch, lose the answer (so the batch may be written), send
// it again, be told NOT_LEADER_FOR_PARTITION, and throw only that: the transport read "refused
// unwritten", sent the batch again on a new producer id, and the broker, which knows a duplicate by
// producer id and sequence, wrote it twice. The transport sees every attempt and does the retrying
// (src/kafkajs/transport.ts); kafkajs still refreshes its metadata or reconnects before it throws.
const idempotentSingleAttempt = [
  ['  if (idempotent && retry.retries < 1) {\n', '  if (idempotent && retry.retries < 0) {\n'],
  [
    '  if (idempotent && retry.retries < Number.MAX_SAFE_INTEGER) {\n',
    '  if (idempotent && retry.retries > 0 && retry.retries < Number.MAX_SAFE_INTEGER) {\n',
  ],
];

// kafkajs looked at every message's value to refuse one without: a message of the producer core has
// its value as slices (src/core/transport.ts), whose value, a Buffer made when asked, is never
// undefined.
const sliceValues = [
  [
    'messages.find(message => message.value === undefined)',
    'messages.find(message => message.valueBytes === undefined && message.value === undefined)',
  ],
];

// CRC-32C of a record batch, eight bytes at a step (slicing-by-8) where kafkajs took one: the same
// sums from eight tables of the same polynomial (0x82F63B78, reflected), a quarter of the time.
const crc32CSlicing = `
const TABLES = (() => {
  const t = new Int32Array(8 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    for (let s = 1; s < 8; s++) t[s * 256 + n] = t[(t[(s - 1) * 256 + n] & 0xff)] ^ (t[(s - 1) * 256 + n] >>> 8)
  }
  return t
})()

const crc32C = buffer => {
  const t = TABLES
  let crc = -1
  let i = 0
  const end8 = buffer.length - (buffer.length & 7)
  for (; i < end8; i += 8) {
    const a = crc ^ (buffer[i] | (buffer[i + 1] << 8) | (buffer[i + 2] << 16) | (buffer[i + 3] << 24))
    crc =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + buffer[i + 4]] ^
      t[512 + buffer[i + 5]] ^
      t[256 + buffer[i + 6]] ^
      t[buffer[i + 7]]
  }
  for (; i < buffer.length; i++) crc = t[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}

module.exports = crc32C
`;

// kafkajs's consumer and admin, loaded when first made: a run that needs neither does without them.
const lazyClients = [
  [
    "const createConsumer = require('./consumer')",
    "const createConsumer = (...args) => require('./consumer')(...args)",
  ],
  ["const createAdmin = require('./admin')", "const createAdmin = (...args) => require('./admin')(...args)"],
];

// Each file changed, by the path below node_modules, with its new contents or its changes.
const patchedFiles = [
  ['kafkajs/src/producer/groupMessagesPerPartition.js', linearGrouping],
  ['kafkajs/src/protocol/requests/metadata/v1/request.js', [['.writeNullableArray(topics)', '.writeArray(topics)']]],
  ['kafkajs/src/protocol/requests/metadata/v4/request.js', [['.writeNullableArray(topics)', '.writeArray(topics)']]],
  ['kafkajs/src/producer/partitioners/legacy/randomBytes.js', lazyCrypto],
  ['kafkajs/src/broker/saslAuthenticator/scram.js', lazyScramCrypto],
  ['kafkajs/src/producer/eosManager/index.js', [...initProducerIdOnSeed, ...transactionRequests]],
  ['kafkajs/src/producer/index.js', [...producerCluster, ...idempotentSingleAttempt]],
  ['kafkajs/src/producer/messageProducer.js', sliceValues],
  ['kafkajs/src/index.js', lazyClients],
  ['kafkajs/src/network/requestQueue/index.js', nonNegativeThrottleCheck],
  ['commander/lib/command.js', lazyChildProcess],
  ['kafkajs/src/protocol/requests/produce/v3/request.js', produceRecords],
  ['kafkajs/src/protocol/recordBatch/v0/index.js', recordBatchOfEncoded],
  ['kafkajs/src/protocol/encoder.js', encoderChanges],
  ['kafkajs/src/protocol/recordBatch/crc32C/crc32C.js', crc32CSlicing],
  [
    'kafkajs/src/protocol/recordBatch/record/v0/index.js',
    [['return new Encoder()\n', 'return new Encoder(sizeOfBody + 5)\n']],
  ],
];

const SEPARATOR = String.raw`[\\/]`;

/** The path as a pattern: either separator, from a folder's start to the end. */
const filterFor = (path) =>
  new RegExp(`(^|${SEPARATOR})${path.replaceAll('.', String.raw`\.`).split('/').join(SEPARATOR)}$`);

const patches = patchedFiles.map(([path, patch]) => ({ path, patch, filter: filterFor(path) }));

/** Each patched file, by its path below node_modules (kafkajs/src/..., commander/lib/...). */
export const patchedPaths = patches.map(({ path }) => path);

/** A file's patched source, or null when it is not one we patch. Shared by the esbuild plugin and
 * the require hook the integration tests run under (test/support/shipped-kafkajs.ts). */
export function patchSource(file, source) {
  const found = patches.find(({ filter }) => filter.test(file));
  if (found === undefined) return null;
  return {
    path: found.path,
    contents: typeof found.patch === 'string' ? found.patch : replaced(file, source, found.patch),
  };
}

/** The esbuild plugin. Every patched file of each package in `complete` must be in the bundle: a
 * file kafkajs moved or renamed fails the build instead of going out unpatched. */
export function kafkajsPatches({ complete = [] } = {}) {
  return {
    name: 'kafkajs-patches',
    setup(b) {
      const applied = new Set();
      b.onStart(() => applied.clear());
      for (const { path, filter } of patches) {
        b.onLoad({ filter }, (args) => {
          const { contents } = patchSource(args.path, readFileSync(args.path, 'utf8'));
          applied.add(path);
          return { loader: 'js', contents };
        });
      }
      b.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missing = patchedPaths.filter((p) => complete.includes(p.split('/')[0]) && !applied.has(p));
        if (missing.length > 0) {
          return { errors: [{ text: `kafkajs patches: not in the bundle, so not applied: ${missing.join(', ')}` }] };
        }
      });
    },
  };
}
