// The pure parts of schema-registered records: Avro's JSON encoding read as kafka-avro-console-producer
// reads it, JSON Schema's check, the Confluent wire format's frame, the subject strategies, and the
// stage's verdicts. Avro's binary encoding is checked against the bytes the Avro specification gives.
import { describe, expect, it } from 'vitest';
import { slicesOf } from '../../../src/core/transport.js';
import { CodecProblem, codecFor, SchemaProblem } from '../../../src/schema/codecs.js';
import { encodeIndexes, protobufImports } from '../../../src/schema/protobuf.js';
import { framed, SchemaSerializer } from '../../../src/schema/serializer.js';
import { type SideSettings, subjectOf } from '../../../src/schema/settings.js';

const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', namespace: 'ns', fields });

describe('Avro', () => {
  it("encodes Avro's JSON encoding: a union as {type: value}, bytes as \\u00XX, a long as zig-zag", () => {
    const codec = codecFor(
      'avro',
      record([
        { name: 'n', type: 'long' },
        { name: 's', type: ['null', 'string'] },
        { name: 'b', type: 'bytes' },
      ]),
    );
    // long 1 -> 02; union branch 1 (string) -> 02, "hi" -> 04 68 69; bytes ff 01 -> 04 ff 01
    expect(codec.encode('{"n": 1, "s": {"string": "hi"}, "b": "\\u00ff\\u0001"}').toString('hex')).toBe(
      '020204686904ff01',
    );
    // union branch 0 (null) -> 00
    expect(codec.encode('{"n": -1, "s": null, "b": ""}').toString('hex')).toBe('010000');
    expect(codec.recordName).toBe('ns.R');
  });

  it('writes a record as it was parsed, or one that needs converting (defaults, a named union branch), alike', () => {
    const codec = codecFor(
      'avro',
      record([
        { name: 'n', type: 'int' },
        { name: 'u', type: ['null', 'string', { type: 'record', name: 'P', fields: [{ name: 'x', type: 'int' }] }] },
        { name: 'd', type: 'string', default: 'z' },
      ]),
    );
    // int 3 -> 06; branch 2 (ns.P) -> 04, x 1 -> 02; "z" -> 02 7a
    expect(codec.encode('{"n": 3, "u": {"ns.P": {"x": 1}}, "d": "z"}').toString('hex')).toBe('060402027a');
    // d left to its default: the same bytes.
    expect(codec.encode('{"n": 3, "u": {"ns.P": {"x": 1}}}').toString('hex')).toBe('060402027a');
    // An unwrapped union value is not Avro's JSON encoding, on either way.
    expect(() => codec.encode('{"n": 3, "u": "bare", "d": "z"}')).toThrow(/^does not match the Avro schema ns\.R: /);
    // A field the schema does not have is left out, on either way.
    expect(codec.encode('{"n": 3, "u": null, "d": "z", "extra": 1}').toString('hex')).toBe('0600027a');
  });

  it('says why a record does not fit', () => {
    const codec = codecFor(
      'avro',
      record([
        { name: 'n', type: 'long' },
        { name: 'inner', type: { type: 'record', name: 'I', fields: [{ name: 'x', type: 'int' }] } },
      ]),
    );
    expect(() => codec.encode('{"n": "x", "inner": {"x": 1}}')).toThrow(
      new CodecProblem('does not match the Avro schema ns.R: invalid "long": "x"'),
    );
    expect(() => codec.encode('{"n": 1}')).toThrow(/^does not match the Avro schema ns\.R: a field is missing or null/);
    expect(() => codec.encode('{"n": 1,')).toThrow(/^is not JSON: /);
  });

  it('refuses a schema that does not parse; takes named types from the schemas it references', () => {
    expect(() => codecFor('avro', '{"type": "nope"}')).toThrow(SchemaProblem);
    expect(() => codecFor('avro', '{"type":')).toThrow(/^is not JSON/);
    const item = JSON.stringify({
      type: 'record',
      name: 'Item',
      namespace: 'shop',
      fields: [{ name: 'sku', type: 'string' }],
    });
    const order = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'shop',
      fields: [{ name: 'item', type: 'shop.Item' }],
    });
    expect(() => codecFor('avro', order)).toThrow(SchemaProblem);
    expect(
      codecFor('avro', order, [{ name: 'item', schema: item }])
        .encode('{"item": {"sku": "A"}}')
        .toString('hex'),
    ).toBe('0241');
  });
});

describe('JSON Schema', () => {
  const codec = codecFor(
    'json-schema',
    JSON.stringify({ title: 'P', type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }),
  );

  it('writes the record as compact JSON once it fits the schema', () => {
    expect(codec.encode('{ "n" : 1 }').toString()).toBe('{"n":1}');
    expect(codec.recordName).toBe('P');
  });

  it('names where a record breaks the schema', () => {
    expect(() => codec.encode('{"n": "one"}')).toThrow(
      new CodecProblem('does not match the JSON Schema: /n must be integer'),
    );
    expect(() => codec.encode('{}')).toThrow("does not match the JSON Schema: must have required property 'n'");
  });
});

describe('Protobuf', () => {
  const proto = [
    'syntax = "proto3";',
    'package shop;',
    'message Test1 { int32 a = 1; }',
    'message Order {',
    '  message Line { string sku_code = 1; }',
    '  repeated Line lines = 1;',
    '  Status status = 2;',
    '}',
    'enum Status { NEW = 0; PAID = 1; }',
  ].join('\n');

  it("writes Confluent's message indexes: [0] as one zero byte, any other path as zig-zag varints", () => {
    expect(encodeIndexes([0]).toString('hex')).toBe('00');
    expect(encodeIndexes([1]).toString('hex')).toBe('0202');
    expect(encodeIndexes([1, 0]).toString('hex')).toBe('040200');
    expect(encodeIndexes([0, 70]).toString('hex')).toBe('04008c01');
  });

  it("encodes the file's first message by default: 150 in field 1 is 08 96 01, as the encoding guide gives", () => {
    const codec = codecFor('protobuf', proto);
    expect(codec.encode('{"a": 150}').toString('hex')).toBe('00089601');
    expect(codec.recordName).toBe('shop.Test1');
  });

  it('takes another message by name, fields by their lowerCamelCase JSON names, an enum by its name', () => {
    const codec = codecFor('protobuf', proto, [], 'Order');
    // indexes [1] -> 02 02; field 1 (a Line of 3 bytes: field 1 "A") -> 0a 03 0a 01 41; status PAID -> 10 01
    expect(codec.encode('{"lines": [{"skuCode": "A"}], "status": "PAID"}').toString('hex')).toBe('02020a030a01411001');
    expect(codecFor('protobuf', proto, [], 'shop.Order.Line').encode('{"sku_code": "A"}').toString('hex')).toBe(
      '0402000a0141',
    );
  });

  it('names a field the message lacks, and a message the file lacks', () => {
    const codec = codecFor('protobuf', proto, [], 'Order');
    expect(() => codec.encode('{"lines": [{"sku": "A"}]}')).toThrow(
      new CodecProblem('does not match the Protobuf message Order: no field lines[0].sku'),
    );
    expect(() => codecFor('protobuf', proto, [], 'Invoice')).toThrow(SchemaProblem);
  });

  it('lists the imports a registry must hold, but the well-known types', () => {
    const importing =
      'syntax = "proto3"; import "shop/item.proto"; import "google/protobuf/timestamp.proto"; message M { int32 a = 1; }';
    expect(protobufImports(importing)).toEqual(['shop/item.proto']);
  });
});

describe('the wire format and the stage', () => {
  it('frames a payload: a zero byte, the id big-endian, the payload', () => {
    expect(framed(258, Buffer.from([7])).toString('hex')).toBe('000000010207');
  });

  it('encodes each side with a schema, and leaves a bytes side and a null as they are', () => {
    const avro = codecFor('avro', '"long"');
    const stage = new SchemaSerializer(null, { side: 'value', id: 5, codec: avro });
    const r = { headers: null, ...slicesOf(Buffer.from('k'), Buffer.from('xx 3 yy').subarray(0)) };
    r.valueStart = 3;
    r.valueEnd = 4;
    expect(stage.serialize(r)).toBeNull();
    expect(r.keyBytes?.toString()).toBe('k');
    expect(r.valueBytes?.subarray(r.valueStart, r.valueEnd).toString('hex')).toBe('000000000506');
    const tombstone = { headers: null, ...slicesOf(null, null) };
    expect(stage.serialize(tombstone)).toBeNull();
    expect(tombstone.valueBytes).toBeNull();
    expect(stage.serialize({ headers: null, ...slicesOf(null, Buffer.from('"x"')) })).toBe(
      'the value does not match the Avro schema: invalid "long": "x"',
    );
  });
});

describe('subject names', () => {
  const side = (s: Partial<SideSettings> = {}): SideSettings => ({
    side: 'value',
    format: 'avro',
    source: { version: 'latest' },
    subject: null,
    message: null,
    ...s,
  });

  it("TopicNameStrategy, RecordNameStrategy and TopicRecordNameStrategy, as Confluent's serializers name them", () => {
    expect(subjectOf(side(), 'topic', 'orders', 'shop.Order')).toBe('orders-value');
    expect(subjectOf(side({ side: 'key' }), 'topic', 'orders', null)).toBe('orders-key');
    expect(subjectOf(side(), 'record', 'orders', 'shop.Order')).toBe('shop.Order');
    expect(subjectOf(side(), 'topic-record', 'orders', 'shop.Order')).toBe('orders-shop.Order');
    expect(subjectOf(side({ subject: 'given' }), 'record', 'orders', null)).toBe('given');
    expect(() => subjectOf(side(), 'record', 'orders', null)).toThrow(
      'the record subject name strategy needs a named record type',
    );
  });
});
