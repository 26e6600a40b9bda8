// Schema-registered records against the local cluster and a real Schema Registry (Apicurio's
// Confluent-compatible API, started here): what landed is decoded record for record by Confluent's own
// deserializers (confluent-kafka's schemaregistry, in Python) and equals the input; bad records are
// failed records in --failed-out; a registry that lacks, refuses or cannot be reached is one line and
// exit 3 before anything is sent, a schema file that does not parse exit 2; and the registry is asked
// once per schema however many records there are.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP, ROOT } from '../../kafka/cluster.js';
import {
  REGISTRY_URL,
  registryRequests,
  registryUp,
  SECURED_REGISTRY_CA,
  SECURED_REGISTRY_URL,
  securedRegistry,
  securedRegistryUser,
} from '../../kafka/registry.js';
import { type CliResult, jsonEvents, runCli } from '../support/cli.js';
import { confluentSchemaPython } from '../support/confluent-kafka.js';
import { endOffsets, freshTopic } from '../support/topics.js';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'simple-produce-schemas-'));

beforeAll(async () => {
  await registryUp();
  confluentSchemaPython();
});

type Format = 'avro' | 'json-schema' | 'protobuf' | 'bytes';

interface Decoded {
  partition: number;
  offset: number;
  key: unknown;
  value: unknown;
  keyId: number | null;
  valueId: number | null;
}

/** The topic's records as Confluent's deserializers read them. */
async function confluentRead(
  topic: string,
  count: number,
  key: Format,
  value: Format,
  proto?: string,
  access: { url: string; env?: Record<string, string> } = { url: REGISTRY_URL },
): Promise<Decoded[]> {
  const judge = join(ROOT, 'test', 'support', 'schema_judge.py');
  const { stdout } = await execFileAsync(
    confluentSchemaPython(),
    [judge, BOOTSTRAP, topic, String(count), access.url, key, value, ...(proto ? [proto] : [])],
    { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...access.env } },
  );
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Decoded);
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const registry = ['--schema-registry', REGISTRY_URL];

async function put(path: string, body: object) {
  const response = await fetch(`${REGISTRY_URL}${path}`, {
    method: path.startsWith('/config') ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as { id?: number };
}

/** Every record the run reports delivered, by partition and offset. */
const deliveredAt = (run: CliResult) =>
  new Map(
    jsonEvents(run.stdout)
      .filter((e) => e.event === 'delivered')
      .map((e) => [`${e.partition}@${e.offset}`, e]),
  );

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'item', type: { type: 'record', name: 'Item', fields: [{ name: 'sku', type: 'string' }] } },
    { name: 'raw', type: 'bytes' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

describe('Avro', () => {
  it('a value schema from a file, auto-registered: a union, a nested record, bytes and a logical type, as Confluent reads them', async () => {
    const topic = await freshTopic(3);
    const schema = file('order.avsc', JSON.stringify(ORDER));
    // Avro's JSON encoding, as kafka-avro-console-producer takes it.
    const lines = [
      `o1|{"id": 1, "note": {"string": "first"}, "item": {"sku": "A-1"}, "raw": "\\u00ff\\u0001", "at": 1700000000000}`,
      `o2|{"id": 2, "note": null, "item": {"sku": "B-2"}, "raw": "", "at": 1700000000001}`,
    ];
    const input = file('orders.txt', `${lines.join('\n')}\n`);
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '-K',
      '|',
      '--json',
      ...registry,
      '--value-format',
      'avro',
      '--value-schema',
      schema,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [schemaEvent] = jsonEvents(run.stdout).filter((e) => (e.event as string) === 'schema');
    expect(schemaEvent).toMatchObject({ side: 'value', format: 'avro', subject: `${topic}-value` });
    const decoded = await confluentRead(topic, 2, 'bytes', 'avro');
    expect(decoded.map((d) => [d.key, d.value, d.valueId]).sort()).toEqual([
      [
        'o1',
        { id: 1, note: 'first', item: { sku: 'A-1' }, raw: { base64: '/wE=' }, at: 1700000000000 },
        schemaEvent.id,
      ],
      ['o2', { id: 2, note: null, item: { sku: 'B-2' }, raw: { base64: '' }, at: 1700000000001 }, schemaEvent.id],
    ]);
    // Each where its report says.
    const delivered = deliveredAt(run);
    for (const d of decoded) expect(delivered.get(`${d.partition}@${d.offset}`)?.key).toBe(d.key);
  });

  it("key and value: the key by its schema id, the value by its subject's latest version", async () => {
    const topic = await freshTopic(3);
    const { id: keyId } = await put(`/subjects/${topic}-key/versions`, {
      schema: JSON.stringify({ type: 'record', name: 'OrderKey', fields: [{ name: 'id', type: 'long' }] }),
    });
    await put(`/subjects/${topic}-value/versions`, { schema: JSON.stringify(ORDER) });
    const { id: latestId } = await put(`/subjects/${topic}-value/versions`, {
      schema: JSON.stringify({ ...ORDER, fields: [...ORDER.fields, { name: 'extra', type: 'int', default: 0 }] }),
    });
    const value = `{"id": 7, "note": null, "item": {"sku": "C"}, "raw": "", "at": 0, "extra": 9}`;
    const input = file('keyed.txt', `{"id": 7}|${value}\n`);
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '-K',
      '|',
      ...registry,
      '--key-format',
      'avro',
      '--key-schema-id',
      String(keyId),
      '--value-format',
      'avro',
      '--value-schema-version',
      'latest',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [decoded] = await confluentRead(topic, 1, 'avro', 'avro');
    expect(decoded).toMatchObject({
      key: { id: 7 },
      keyId,
      value: { id: 7, note: null, item: { sku: 'C' }, extra: 9 },
      valueId: latestId,
    });
  });
});

describe('JSON Schema', () => {
  it('generated messages from a --value template, checked against a schema with $ref', async () => {
    const topic = await freshTopic(3);
    const schema = file(
      'greeting.json',
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: 'Greeting',
        type: 'object',
        definitions: { text: { type: 'string', pattern: '^hello world: \\d+$' } },
        properties: { n: { type: 'integer' }, text: { $ref: '#/definitions/text' } },
        required: ['n', 'text'],
      }),
    );
    const run = await runCli([
      '--topic',
      topic,
      '--count',
      '5',
      '--interval',
      '0',
      '--value',
      '{"n": {n}, "text": "hello world: {n}"}',
      ...registry,
      '--value-format',
      'jsonschema',
      '--value-schema',
      schema,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const decoded = await confluentRead(topic, 5, 'bytes', 'json-schema');
    expect(decoded.map((d) => d.value).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual(
      [0, 1, 2, 3, 4].map((n) => ({ n, text: `hello world: ${n}` })),
    );
  });
});

describe('Protobuf', () => {
  const protos = mkdtempSync(join(tmpdir(), 'simple-produce-protos-'));
  const proto = (name: string, text: string) => {
    writeFileSync(join(protos, name), text);
    return join(protos, name);
  };
  proto(
    'money.proto',
    'syntax = "proto3";\npackage common;\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n',
  );
  const order = proto(
    'order.proto',
    [
      'syntax = "proto3";',
      'package shop;',
      'import "money.proto";',
      'enum Status { NEW = 0; PAID = 1; }',
      'message Order {',
      '  int64 id = 1;',
      '  common.Money total = 2;',
      '  repeated Line lines = 3;',
      '  Status status = 4;',
      '  message Line { string sku = 1; int32 qty = 2; }',
      '}',
      'message Refund { int64 order_id = 1; string reason_text = 2; }',
      '',
    ].join('\n'),
  );

  it("an import and a nested message, in proto3's JSON mapping; decoded by protoc's classes", async () => {
    const topic = await freshTopic(3);
    const input = file(
      'porders.txt',
      '{"id": "12", "total": {"currency": "EUR", "units": 5}, "lines": [{"sku": "A", "qty": 2}], "status": "PAID"}\n',
    );
    const run = await runCli([
      ...['--topic', topic, '--input', input],
      ...registry,
      '--value-format',
      'protobuf',
      '--value-schema',
      order,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [decoded] = await confluentRead(topic, 1, 'bytes', 'protobuf', order);
    expect(decoded.value).toEqual({
      message: 'shop.Order',
      indexes: [0],
      fields: { id: '12', total: { currency: 'EUR', units: '5' }, lines: [{ sku: 'A', qty: 2 }], status: 'PAID' },
    });
    // The import is registered under its own name and referenced.
    const latest = (await (await fetch(`${REGISTRY_URL}/subjects/${topic}-value/versions/latest`)).json()) as {
      references: unknown;
    };
    expect(latest.references).toEqual([{ name: 'money.proto', subject: 'money.proto', version: expect.any(Number) }]);
  });

  it('another message of the file (--value-message), by its JSON names; the key from its schema id', async () => {
    const topic = await freshTopic(3);
    const { id: keyId } = await put(`/subjects/${topic}-key/versions`, {
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";\nmessage RefundKey { int64 order_id = 1; }\n',
    });
    const input = file('refunds.txt', '{"order_id": 12}|{"orderId": 12, "reasonText": "late"}\n');
    const run = await runCli([
      ...['--topic', topic, '--input', input, '-K', '|'],
      ...registry,
      ...['--key-format', 'protobuf', '--key-schema-id', String(keyId)],
      ...['--value-format', 'protobuf', '--value-schema', order, '--value-message', 'Refund'],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [decoded] = await confluentRead(topic, 1, 'bytes', 'protobuf', order);
    expect(decoded.value).toEqual({
      message: 'shop.Refund',
      indexes: [1],
      fields: { order_id: '12', reason_text: 'late' },
    });
    // The key: the wire format's header, then the one message's index [0] as a single zero byte.
    // then order_id 12: field 1, varint (08), 12 (0c).
    const { stdout } = await execFileAsync('kcat', ['-C', '-b', BOOTSTRAP, '-t', topic, '-e', '-q', '-f', '%k'], {
      encoding: 'latin1',
    });
    expect(Buffer.from(stdout, 'latin1').toString('hex')).toBe(`00${keyId?.toString(16).padStart(8, '0')}00080c`);
  });
});

describe('every format, each side from a file, an id and a version', () => {
  const protos = mkdtempSync(join(tmpdir(), 'simple-produce-matrix-'));
  const matrixProto = join(protos, 'matrix.proto');
  writeFileSync(
    matrixProto,
    'syntax = "proto3";\npackage matrix;\nmessage Line {\n  string sku = 1;\n  int32 qty = 2;\n}\nmessage Key {\n  int32 id = 1;\n}\n',
  );
  const SCHEMAS = {
    avro: {
      key: file('key.avsc', JSON.stringify({ type: 'record', name: 'Key', fields: [{ name: 'id', type: 'int' }] })),
      value: file(
        'line.avsc',
        JSON.stringify({
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int' },
          ],
        }),
      ),
    },
    'json-schema': {
      key: file('key.json', JSON.stringify({ title: 'Key', type: 'object', properties: { id: { type: 'integer' } } })),
      value: file(
        'line.json',
        JSON.stringify({
          title: 'Line',
          type: 'object',
          properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
          required: ['sku', 'qty'],
        }),
      ),
    },
    protobuf: { key: matrixProto, value: matrixProto },
  } as const;
  const records = [
    [{ id: 1 }, { sku: 'A', qty: 2 }],
    [{ id: 2 }, { sku: 'B', qty: 3 }],
  ];

  it.each(['avro', 'json-schema', 'protobuf'] as const)(
    '%s: from files (auto-registered), then by id, by version and by latest, as Confluent reads them',
    async (format) => {
      const topic = await freshTopic(3);
      const input = file(
        `matrix-${format}.txt`,
        `${records.map(([k, v]) => `${JSON.stringify(k)}|${JSON.stringify(v)}`).join('\n')}\n`,
      );
      const keyMessage = format === 'protobuf' ? ['--key-message', 'Key'] : [];
      const produce = async (key: string[], value: string[]) => {
        const run = await runCli([
          ...['--topic', topic, '--input', input, '-K', '|', '--json', '--verify', ...registry],
          ...['--key-format', format, ...key, ...keyMessage, '--value-format', format, ...value],
        ]);
        expect(run.code, run.stderr).toBe(0);
        // --verify read the encoded bytes back and found them as sent.
        expect(run.stderr).toContain('% verified 2/2');
        const ids = Object.fromEntries(
          jsonEvents(run.stdout)
            .filter((e) => (e.event as string) === 'schema')
            .map((e) => [e.side, e.id as number]),
        );
        return { key: ids.key, value: ids.value };
      };
      const fromFiles = await produce(['--key-schema', SCHEMAS[format].key], ['--value-schema', SCHEMAS[format].value]);
      const byIdAndLatest = await produce(
        ['--key-schema-id', String(fromFiles.key)],
        ['--value-schema-version', 'latest'],
      );
      const byLatestAndId = await produce(
        ['--key-schema-version', '1'],
        ['--value-schema-id', String(fromFiles.value)],
      );
      expect(byIdAndLatest).toEqual(fromFiles);
      expect(byLatestAndId).toEqual(fromFiles);

      const decoded = await confluentRead(topic, 6, format, format, format === 'protobuf' ? matrixProto : undefined);
      expect(decoded).toHaveLength(6);
      const fields = (d: unknown) => (format === 'protobuf' ? (d as { fields: unknown }).fields : d);
      const seen = decoded.map((d) => JSON.stringify([fields(d.key), fields(d.value), d.keyId, d.valueId])).sort();
      const expected = [0, 1, 2]
        .flatMap(() => records.map(([k, v]) => JSON.stringify([k, v, fromFiles.key, fromFiles.value])))
        .sort();
      expect(seen).toEqual(expected);
      if (format === 'protobuf') {
        expect(
          new Set(
            decoded.map((d) =>
              JSON.stringify([(d.key as { indexes: number[] }).indexes, (d.value as { indexes: number[] }).indexes]),
            ),
          ),
        ).toEqual(new Set([JSON.stringify([[1], [0]])]));
      }
    },
  );
});

/** A run refused before anything is sent: its one line, its exit code, and the topic untouched. */
const refused = async (args: string[], code: number, line: RegExp, env: Record<string, string> = {}) => {
  const topic = await freshTopic(3);
  const run = await runCli(['--topic', topic, '--count', '3', ...args], env);
  expect(run.code).toBe(code);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  // Nothing was sent.
  expect([...(await endOffsets(topic)).values()].every((o) => o === 0)).toBe(true);
};

describe('bad records and refusals', () => {
  it('records that break the schema are failed records in --failed-out; the rest are delivered; exit 1', async () => {
    const topic = await freshTopic(3);
    const schema = file('order-bad.avsc', JSON.stringify(ORDER));
    const good = (n: number) => `{"id": ${n}, "note": null, "item": {"sku": "S"}, "raw": "", "at": ${n}}`;
    const lines = [
      good(1),
      '{"id": "two", "note": null}',
      good(3),
      'not json',
      `{"id": 5, "note": "unwrapped"}`,
      good(6),
    ];
    const input = file('mixed.txt', `${lines.join('\n')}\n`);
    const failedOut = join(dir, 'failed.txt');
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '--failed-out',
      failedOut,
      '--json',
      ...registry,
      '--value-format',
      'avro',
      '--value-schema',
      schema,
    ]);
    expect(run.code).toBe(1);
    expect(readFileSync(failedOut, 'utf8')).toBe(`${[lines[1], lines[3], lines[4]].join('\n')}\n`);
    const failed = jsonEvents(run.stdout).filter((e) => e.event === 'failed');
    expect(failed.map((e) => e.error)).toEqual([
      expect.stringMatching(/^the value does not match the Avro schema shop\.Order: /),
      expect.stringMatching(/^the value is not JSON: /),
      expect.stringMatching(/^the value does not match the Avro schema shop\.Order: /),
    ]);
    const decoded = await confluentRead(topic, 3, 'bytes', 'avro');
    expect(decoded.map((d) => (d.value as { id: number }).id).sort()).toEqual([1, 3, 6]);
  });

  it('a schema file that does not parse: exit 2', async () => {
    const bad = file('broken.avsc', '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "nope"}]}');
    await refused(
      [...registry, '--value-format', 'avro', '--value-schema', bad],
      2,
      /^simple-produce: --value-schema .*broken\.avsc: not an Avro schema \(.*nope.*\)$/,
    );
  });

  it('a registry that is down: exit 3', async () => {
    const down = ['--schema-registry', 'http://127.0.0.1:9/apis/ccompat/v7', '--value-format', 'avro'];
    await refused(
      down,
      3,
      /^simple-produce: cannot reach the schema registry http:\/\/127\.0\.0\.1:9\/apis\/ccompat\/v7: ECONNREFUSED$/,
    );
  });

  it('an unknown subject: exit 3', async () => {
    await refused(
      [...registry, '--value-format', 'avro', '--value-subject', 'no.such.subject'],
      3,
      /^simple-produce: the registry has no subject no\.such\.subject$/,
    );
  });

  it('a schema file not registered, with --no-auto-register: exit 3', async () => {
    const schema = file('unregistered.avsc', JSON.stringify({ ...ORDER, name: 'Unregistered' }));
    await refused(
      [...registry, '--value-format', 'avro', '--value-schema', schema, '--no-auto-register'],
      3,
      /^simple-produce: the registry has no subject [\w.]+-value \(and --no-auto-register is given\)$/,
    );
  });

  it("a new schema the subject's BACKWARD compatibility refuses: exit 3", async () => {
    const subject = `compat.${Date.now()}`;
    await put(`/subjects/${subject}/versions`, { schema: JSON.stringify(ORDER) });
    await put(`/config/${subject}`, { compatibility: 'BACKWARD' });
    // A new field without a default: readers of the new schema cannot read the old records.
    const incompatible = file(
      'incompatible.avsc',
      JSON.stringify({ ...ORDER, fields: [...ORDER.fields, { name: 'must', type: 'int' }] }),
    );
    await refused(
      [...registry, '--value-format', 'avro', '--value-schema', incompatible, '--value-subject', subject],
      3,
      /^simple-produce: the registry refuses the schema for compat\.\d+: it is not compatible with the subject's versions/,
    );
  });
});

// A second registry, as deployments run them: https with a certificate of the local CA, and basic auth
// for one user. Started here and stopped here unless it was running already.
describe('a registry behind https and basic auth', () => {
  let started = false;
  beforeAll(async () => {
    started = await securedRegistry.up();
  }, 120_000);
  afterAll(async () => {
    if (started) await securedRegistry.down();
  });

  const user = () => securedRegistryUser();
  const userInfo = () => `${user().username}:${user().password}`;
  const secured = ['--schema-registry', SECURED_REGISTRY_URL, '--value-format', 'avro'];

  it("the user info and CA of client.properties: delivered, as Confluent's client reads it with them", async () => {
    const topic = await freshTopic(3);
    const schema = file('secured.avsc', JSON.stringify(ORDER));
    const properties = file(
      'secured-registry.properties',
      [
        `schema.registry.url=${SECURED_REGISTRY_URL}`,
        'basic.auth.credentials.source=USER_INFO',
        `basic.auth.user.info=${userInfo()}`,
        `schema.registry.ssl.ca.location=${SECURED_REGISTRY_CA}`,
        '',
      ].join('\n'),
    );
    const record = '{"id": 1, "note": {"string": "tls"}, "item": {"sku": "S"}, "raw": "", "at": 1}';
    const run = await runCli([
      '--topic',
      topic,
      '--count',
      '2',
      '--value',
      record,
      '--command-config',
      properties,
      '--value-format',
      'avro',
      '--value-schema',
      schema,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(user().password);
    expect(run.stdout).not.toContain(user().password);
    const decoded = await confluentRead(topic, 2, 'bytes', 'avro', undefined, {
      url: SECURED_REGISTRY_URL,
      env: { SCHEMA_REGISTRY_CA: SECURED_REGISTRY_CA, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: userInfo() },
    });
    expect(decoded.map((d) => d.value)).toEqual([
      { id: 1, note: 'tls', item: { sku: 'S' }, raw: { base64: '' }, at: 1 },
      { id: 1, note: 'tls', item: { sku: 'S' }, raw: { base64: '' }, at: 1 },
    ]);
    const schemaEvent = jsonEvents(run.stdout).find((e) => e.event === 'schema');
    expect(decoded[0].valueId).toBe(schemaEvent?.id);
  });

  it('wrong credentials: one line, exit 3, nothing sent', async () => {
    const wrong = file('wrong-user-info', `${user().username}:not-the-password\n`);
    await refused(
      [...secured, '--schema-registry-ca', SECURED_REGISTRY_CA, '--schema-registry-user-info-file', wrong],
      3,
      /^simple-produce: the registry https:\/\/localhost:18082\/apis\/ccompat\/v7 refuses us with the credentials given \(HTTP 401\) reading/,
    );
  });

  it('no credentials: one line, exit 3', async () => {
    await refused(
      [...secured, '--schema-registry-ca', SECURED_REGISTRY_CA],
      3,
      /^simple-produce: the registry https:\/\/localhost:18082\/apis\/ccompat\/v7 refuses us without credentials \(HTTP 401\)/,
    );
  });

  it("a certificate the CA given does not sign (Node's own CAs): one line, exit 3", async () => {
    await refused(
      secured,
      3,
      /^simple-produce: the schema registry https:\/\/localhost:18082\/apis\/ccompat\/v7 has a certificate we do not trust \([A-Z_]+\): give its CA with --schema-registry-ca$/,
      { SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: userInfo() },
    );
  });
});

describe('--dry-run and the JSON envelope', () => {
  it("--dry-run sends nothing, and its --failed-out is what a real run's holds", async () => {
    const topic = await freshTopic(3);
    const schema = file('dry.avsc', JSON.stringify(ORDER));
    const good = (n: number) =>
      `{"key": "k${n}", "value": {"id": ${n}, "note": null, "item": {"sku": "S"}, "raw": "", "at": ${n}}}`;
    const lines = [good(1), '{"key": "k2", "value": {"id": 2}}', good(3), '{"value": "not json"}', good(5)];
    const input = file('envelope.ndjson', `${lines.join('\n')}\n`);
    const args = (out: string, ...more: string[]) => [
      '--topic',
      topic,
      '--input',
      input,
      '--format',
      'json',
      '--failed-out',
      join(dir, out),
      ...registry,
      '--value-format',
      'avro',
      '--value-schema',
      schema,
      ...more,
    ];
    const dry = await runCli(args('dry-failed.ndjson', '--dry-run'));
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('% dry run: 5 records read, 3 would be sent, 2 failed; nothing was sent');
    expect([...(await endOffsets(topic)).values()].every((o) => o === 0)).toBe(true);
    const real = await runCli(args('real-failed.ndjson'));
    expect(real.code).toBe(1);
    const failedLines = `${[lines[1], lines[3]].join('\n')}\n`;
    expect(readFileSync(join(dir, 'dry-failed.ndjson'), 'utf8')).toBe(failedLines);
    expect(readFileSync(join(dir, 'real-failed.ndjson'), 'utf8')).toBe(failedLines);
    // The envelope's object values are the records, as Confluent reads them back.
    const decoded = await confluentRead(topic, 3, 'bytes', 'avro');
    expect(decoded.map((d) => [d.key, (d.value as { id: number }).id]).sort()).toEqual([
      ['k1', 1],
      ['k3', 3],
      ['k5', 5],
    ]);
  });
});

describe('the registry is asked once per schema', () => {
  it('100 000 records make as many registry requests as one', async () => {
    const topic = await freshTopic(6);
    const schema = file(
      'small.avsc',
      JSON.stringify({ type: 'record', name: 'Small', fields: [{ name: 'n', type: 'long' }] }),
    );
    const input = file('many.txt', `${Array.from({ length: 100_000 }, (_, n) => `{"n": ${n}}`).join('\n')}\n`);
    const path = /^\/apis\/ccompat\/v7\//;
    const before = registryRequests(path);
    const run = await runCli([
      '--topic',
      topic,
      '--input',
      input,
      '--quiet',
      ...registry,
      '--value-format',
      'avro',
      '--value-schema',
      schema,
    ]);
    expect(run.code, run.stderr).toBe(0);
    // The access log is written as requests end: give it a moment.
    await new Promise((r) => setTimeout(r, 500));
    expect(registryRequests(path) - before).toBe(1);
    expect([...(await endOffsets(topic)).values()].reduce((a, b) => a + b, 0)).toBe(100_000);
  });
});
