// The table of Kafka's errors: names and codes as the protocol has them (kafkajs's own table is the
// witness), each code once, and what it says of a batch used where it matters.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KAFKA_ERRORS, kafkaError, kafkaName } from '../../../src/core/kafka-errors.js';

const protocol = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  errorCodes: { type: string; code: number }[];
};

describe('KAFKA_ERRORS', () => {
  it("has the protocol's code for every broker error, as kafkajs's table has it (where it has it)", () => {
    const names = new Map(protocol.errorCodes.map((e) => [e.code, kafkaName(e.type)]));
    let witnessed = 0;
    for (const [name, info] of Object.entries(KAFKA_ERRORS)) {
      if (info.code < -1 || !names.has(info.code)) continue; // librdkafka's local errors; codes newer than kafkajs
      expect(names.get(info.code), `code ${info.code}`).toBe(name);
      witnessed++;
    }
    expect(witnessed).toBeGreaterThan(30);
  });

  it('gives each error its own code and a one-line message', () => {
    const codes = Object.values(KAFKA_ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const info of Object.values(KAFKA_ERRORS)) expect(info.message).toMatch(/^[^\n]+$/);
  });

  it('says which refusals leave the batch unwritten, and which are for its size', () => {
    expect(kafkaError('MESSAGE_TOO_LARGE')).toMatchObject({ unwritten: true, tooLarge: true, retriable: false });
    expect(kafkaError('NOT_ENOUGH_REPLICAS')).toMatchObject({ unwritten: true, retriable: true });
    expect(kafkaError('NOT_ENOUGH_REPLICAS_AFTER_APPEND')?.unwritten).toBeUndefined();
    expect(kafkaError('REQUEST_TIMED_OUT')?.unwritten).toBeUndefined();
    expect(kafkaError('toString')).toBeUndefined();
    expect(kafkaError(undefined)).toBeUndefined();
  });
});
