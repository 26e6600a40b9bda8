// A request made of pieces (the patched kafkajs's produce requests) reaches the socket as the bytes
// of the request whole, in one write of all its pieces.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { produceBody, requestFrame, writeRequest } from '../../../src/kafkajs/patches/code/sized-requests.js';
import { loadKafkajs } from '../../support/kafkajs-bundle.js';

describe('a request in pieces', () => {
  it('reaches the socket as its whole bytes, in one writev', async () => {
    const { Encoder } = await loadKafkajs(
      "module.exports = { Encoder: require('kafkajs/src/protocol/encoder') }",
      false,
    );
    const batch = (fill: number, size: number) => {
      const encoder = new Encoder(size);
      encoder.writeBuffer(Buffer.alloc(size, fill));
      return encoder;
    };
    const body = produceBody(Encoder, {
      transactionalId: null,
      acks: -1,
      timeout: 30_000,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, recordBatch: batch(1, 3000) },
            { partition: 4, recordBatch: batch(2, 10) },
          ],
        },
        { topic: 'u', partitions: [{ partition: 1, recordBatch: batch(3, 70_000) }] },
      ],
    });
    const request = await requestFrame(Encoder)({
      correlationId: 9,
      clientId: 'c',
      request: { apiKey: 0, apiVersion: 7, encode: async () => body },
    });
    const writes: Buffer[][] = [];
    const socket = new Writable({
      writev(chunks, callback) {
        writes.push(chunks.map(({ chunk }) => chunk as Buffer));
        callback();
      },
      write(chunk: Buffer, _encoding, callback) {
        writes.push([chunk]);
        callback();
      },
    });
    writeRequest(socket, request);
    await new Promise((resolve) => setImmediate(resolve));
    const whole = Buffer.concat(writes.flat());
    expect(whole.length).toBe(request.offset);
    expect(whole.equals(request.buffer)).toBe(true);
    expect(whole.readInt32BE(0)).toBe(request.offset - 4);
    // One write of every piece.
    expect(writes.flat()).toHaveLength(request.pieces.length);
    expect(writes.length).toBe(1);
  });
});
