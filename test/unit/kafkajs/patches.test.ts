// The kafkajs our bundles carry (src/kafkajs/patches/) against kafkajs as published: the same
// bytes on the wire for produce requests, except the one change meant to differ (Metadata's topics).
import { beforeAll, describe, expect, it } from 'vitest';
import { batchOf } from '../../support/batches.js';
import { type Internals, loadKafkajs } from '../../support/kafkajs-bundle.js';

const entry = `module.exports = {
  Encoder: require('kafkajs/src/protocol/encoder'),
  Long: require('kafkajs/src/utils/long'),
  produce: require('kafkajs/src/protocol/requests/produce/v7/request'),
  frame: require('kafkajs/src/protocol/request'),
  metadata: require('kafkajs/src/protocol/requests/metadata/v4/request'),
  group: require('kafkajs/src/producer/groupMessagesPerPartition'),
  crc32C: require('kafkajs/src/protocol/recordBatch/crc32C'),
}`;

const load = (patched: boolean) => loadKafkajs(entry, patched);

let original: Internals;
let patched: Internals;
beforeAll(async () => {
  [original, patched] = await Promise.all([load(false), load(true)]);
});

const bytes = async (kafkajs: Internals, request: Internals) =>
  ((await kafkajs.produce(request).encode()) as { buffer: Buffer }).buffer;

function produceRequest(kafkajs: Internals, messages: Internals[], compression = 0) {
  return {
    acks: -1,
    timeout: 30_000,
    transactionalId: null,
    producerId: kafkajs.Long.fromValue(4242),
    producerEpoch: 3,
    compression,
    topicData: [
      { topic: 'pcy.simple.producer', partitions: [{ partition: 2, firstSequence: 17, messages }] },
      { topic: 'other', partitions: [{ partition: 0, firstSequence: 0, messages: messages.slice(0, 1) }] },
    ],
  };
}

const now = 1_795_000_000_000;
const walkThroughMessages = Array.from({ length: 300 }, (_, n) => ({
  key: Buffer.from(String(n)),
  value: Buffer.from(`hello world: ${n}`),
  timestamp: String(now + n * 7),
}));

describe('the patched kafkajs', () => {
  it("encodes the walk-through's messages as kafkajs does", async () => {
    const a = await bytes(original, produceRequest(original, walkThroughMessages));
    const b = await bytes(patched, produceRequest(patched, walkThroughMessages));
    expect(b.length).toBeGreaterThan(300 * 20);
    expect(b.equals(a)).toBe(true);
  });

  it('encodes null keys and values, strings, large values, headers and timestamps out of order as kafkajs does, gzipped too', async () => {
    const messages = [
      { key: null, value: Buffer.from('no key'), timestamp: String(now) },
      { key: 'k', value: null, timestamp: String(now - 5) },
      { key: 'ключ', value: 'x'.repeat(70_000), timestamp: String(now + 2 ** 31) },
      {
        key: Buffer.alloc(0),
        value: Buffer.alloc(0),
        headers: { a: '1', b: Buffer.from([0, 255]) },
        timestamp: String(now),
      },
      { key: '5', value: 'v', headers: { many: ['x', 'y', 'zz'] }, timestamp: String(now + 2 ** 40) },
    ];
    for (const compression of [0, 1]) {
      const a = await bytes(original, produceRequest(original, messages, compression));
      const b = await bytes(patched, produceRequest(patched, messages, compression));
      expect(b.equals(a), `compression ${compression}`).toBe(true);
    }
  });

  it("encodes keys and values given as slices of one chunk (the producer core's) as kafkajs encodes them as Buffers", async () => {
    // The records lie in one chunk as an input has them, key|value lines, some values long (copied
    // otherwise than short ones); null slices are nulls.
    const records = walkThroughMessages.map((m, n) => ({
      key: m.key,
      value: n % 13 === 0 ? Buffer.from('w'.repeat(40 + n)) : m.value,
      timestamp: m.timestamp,
    }));
    const chunk = Buffer.from(records.map((m) => `${m.key}|${m.value}\n`).join(''));
    let at = 0;
    const sliced = records.map((m, n) => {
      const keyStart = at;
      const valueStart = keyStart + m.key.length + 1;
      at = valueStart + m.value.length + 1;
      const nullKey = n % 50 === 3;
      const nullValue = n % 70 === 5;
      return {
        keyBytes: nullKey ? null : chunk,
        keyStart: nullKey ? 0 : keyStart,
        keyEnd: nullKey ? 0 : valueStart - 1,
        valueBytes: nullValue ? null : chunk,
        valueStart: nullValue ? 0 : valueStart,
        valueEnd: nullValue ? 0 : at - 1,
        headers: n % 9 === 0 ? [[Buffer.from('h'), Buffer.from(String(n))]] : undefined,
        timestamp: m.timestamp,
      };
    });
    const whole = sliced.map((m, n) => ({
      key: m.keyBytes === null ? null : records[n].key,
      value: m.valueBytes === null ? null : records[n].value,
      ...(m.headers === undefined ? {} : { headers: { h: String(n) } }),
      timestamp: m.timestamp,
    }));
    for (const compression of [0, 1]) {
      const a = await bytes(original, produceRequest(original, whole, compression));
      const b = await bytes(patched, produceRequest(patched, sliced, compression));
      expect(b.equals(a), `compression ${compression}`).toBe(true);
    }
  });

  it("sends the producer core's batch, its records written when produced, as kafkajs encodes the same messages", async () => {
    const b = (text: string) => Buffer.from(text);
    const messages: {
      key: Buffer | null;
      value: Buffer | null;
      headers?: Record<string, string | Buffer>;
      timestamp: string;
    }[] = [
      ...walkThroughMessages.slice(0, 40),
      { key: null, value: b('no key'), timestamp: String(now + 400) },
      { key: b('k'), value: null, timestamp: String(now + 401) },
      { key: b('ключ'), value: b('x'.repeat(70_000)), timestamp: String(now + 2 ** 31) },
      {
        key: Buffer.alloc(0),
        value: Buffer.alloc(0),
        headers: { a: '1', b: Buffer.from([0, 255]) },
        timestamp: String(now + 2 ** 40),
      },
    ];
    const asPairs = (headers: Record<string, string | Buffer> | undefined) =>
      headers === undefined
        ? undefined
        : Object.entries(headers).map(([n, v]): [Buffer, Buffer] => [b(n), Buffer.from(v)]);
    const carrier = (records: typeof messages, partition: number) => {
      const batch = batchOf(
        'pcy.simple.producer',
        partition,
        records.map((m) => ({ ...m, headers: asPairs(m.headers), timestamp: Number(m.timestamp) })),
      );
      return [{ partition, key: null, value: null, preEncoded: batch }];
    };
    for (const compression of [0, 1]) {
      const request = produceRequest(patched, carrier(messages, 2), compression);
      request.topicData[1].partitions[0].messages = carrier(messages.slice(0, 1), 0);
      const a = await bytes(original, produceRequest(original, messages, compression));
      const ours = await bytes(patched, request);
      expect(ours.equals(a), `compression ${compression}`).toBe(true);
    }
  });

  it('frames requests as kafkajs does: size, header, body', async () => {
    for (const clientId of ['simple-produce', 'клиент']) {
      const framed = async (kafkajs: Internals) => {
        const request = kafkajs.produce(produceRequest(kafkajs, walkThroughMessages));
        return ((await kafkajs.frame({ correlationId: 70_000, clientId, request })) as { buffer: Buffer }).buffer;
      };
      const a = await framed(original);
      expect(a.length).toBeGreaterThan(300 * 20);
      expect((await framed(patched)).equals(a), clientId).toBe(true);
    }
  });

  it('sums CRC-32C as kafkajs does, for every length and alignment', () => {
    expect(patched.crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + (i >> 3) * 7) & 0xff));
    for (let start = 0; start < 9; start++) {
      for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4000]) {
        const part = data.subarray(start, start + length);
        expect(patched.crc32C(part), `${start}+${length}`).toBe(original.crc32C(part));
      }
    }
  });

  it('encodes headers given as pairs as kafkajs encodes the same headers given as an object', async () => {
    const b = (text: string) => Buffer.from(text);
    const pairs = [
      {
        key: b('k'),
        value: b('v'),
        headers: [
          [b('a'), b('1')],
          [b('ключ'), Buffer.from([0, 255])],
        ],
        timestamp: String(now),
      },
      {
        key: b('5'),
        value: null,
        headers: [
          [b('many'), b('x')],
          [b('many'), b('y')],
        ],
        timestamp: String(now + 1),
      },
      { key: null, value: b('none'), headers: [], timestamp: String(now + 2) },
    ];
    const objects = [
      { key: b('k'), value: b('v'), headers: { a: '1', ключ: Buffer.from([0, 255]) }, timestamp: String(now) },
      { key: b('5'), value: null, headers: { many: ['x', 'y'] }, timestamp: String(now + 1) },
      { key: null, value: b('none'), timestamp: String(now + 2) },
    ];
    for (const compression of [0, 1]) {
      const a = await bytes(original, produceRequest(original, objects, compression));
      const c = await bytes(patched, produceRequest(patched, pairs, compression));
      expect(c.equals(a), `compression ${compression}`).toBe(true);
    }
  });

  it('keeps the order of header pairs, a name repeated between others, and a null value, which kafkajs cannot', async () => {
    const headers = [
      [Buffer.from('a'), Buffer.from('1')],
      [Buffer.from('b'), null],
      [Buffer.from('a'), Buffer.from('3')],
    ];
    const request = produceRequest(patched, [{ key: null, value: Buffer.from('v'), headers, timestamp: String(now) }]);
    const encoded = await bytes(patched, request);
    // The record's headers: count 3, then (varint length, bytes) for each name and value; -1 is 0x01.
    const tail = Buffer.from([6, 2, 0x61, 2, 0x31, 2, 0x62, 1, 2, 0x61, 2, 0x33]);
    expect(encoded.includes(tail)).toBe(true);
    await expect(async () => original.produce(request).encode()).rejects.toThrow();
  });

  it('writes varints and varlongs as kafkajs does, on both sides of the fast path', () => {
    const values = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 2 ** 30 - 1, -(2 ** 30), 2 ** 30, -(2 ** 30) - 1];
    values.push(
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 32,
      2 ** 40 + 3,
      -(2 ** 40),
      Number.MAX_SAFE_INTEGER,
    );
    for (const value of values) {
      const longs = [original, patched].map((k) => new k.Encoder().writeVarLong(value).buffer as Buffer);
      expect(longs[1].toString('hex'), `varlong ${value}`).toBe(longs[0].toString('hex'));
      expect(patched.Encoder.sizeOfVarLong(value), `size of ${value}`).toBe(original.Encoder.sizeOfVarLong(value));
      if ((value | 0) === value) {
        const ints = [original, patched].map((k) => new k.Encoder().writeVarInt(value).buffer as Buffer);
        expect(ints[1].toString('hex'), `varint ${value}`).toBe(ints[0].toString('hex'));
      }
    }
    const long = [original, patched].map(
      (k) => new k.Encoder().writeVarLong(k.Long.fromString('-9223372036854775808')).buffer,
    );
    expect(long[1].equals(long[0])).toBe(true);
  });

  it('groups messages by partition as kafkajs does, in order', () => {
    const messages = Array.from({ length: 50 }, (_, n) => ({ partition: (n * 7) % 4, value: String(n) }));
    const args = {
      topic: 't',
      partitionMetadata: [0, 1, 2, 3].map((partitionId) => ({ partitionId })),
      messages,
      partitioner: ({ message }: Internals) => message.partition,
    };
    expect(patched.group(args)).toEqual(original.group(args));
  });

  it('asks Metadata for no topics where kafkajs asks for every topic', async () => {
    const encode = async (k: Internals) => (await k.metadata({ topics: [] }).encode()).buffer.toString('hex');
    expect(await encode(original)).toBe('ffffffff01');
    expect(await encode(patched)).toBe('0000000001');
    const named = async (k: Internals) => (await k.metadata({ topics: ['a'] }).encode()).buffer.toString('hex');
    expect(await named(patched)).toBe(await named(original));
  });
});
