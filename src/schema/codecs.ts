// A record's JSON text encoded as its schema says: Avro's binary encoding (avsc) of the record in
// Avro's JSON encoding, as kafka-avro-console-producer reads it (a union's value as {"type": value},
// bytes as a string of \u00XX characters); or JSON Schema's compact JSON, checked against the schema
// (ajv). The libraries load with the first schema of their format: a run without one never pays for them.
import { createRequire } from 'node:module';
import type * as Avsc from 'avsc';
import { type Codec, CodecProblem, SchemaProblem } from './problems.js';
import { type NamedSchema, protobufCodec } from './protobuf.js';
import type { SchemaFormat } from './settings.js';

export { type Codec, CodecProblem, SchemaProblem };

const requireLibrary = createRequire(import.meta.url);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new (what === 'record' ? CodecProblem : SchemaProblem)(`is not JSON: ${(err as Error).message}`);
  }
}

/** A codec for the schema, with the schemas it references (Avro's named types defined elsewhere,
 * JSON Schemas by their $id, Protobuf's imports by name); for Protobuf, of one message of the file. */
export function codecFor(
  format: Exclude<SchemaFormat, 'bytes'>,
  schema: string,
  references: NamedSchema[] = [],
  message: string | null = null,
): Codec {
  const texts = references.map((r) => r.schema);
  if (format === 'protobuf') return protobufCodec(schema, references, message);
  return format === 'avro' ? avroCodec(schema, texts) : jsonSchemaCodec(schema, texts);
}

function avroCodec(schema: string, references: string[]): Codec {
  const avro = requireLibrary('avsc') as typeof Avsc;
  const registry: Record<string, Avsc.Type> = {};
  let type: Avsc.Type;
  try {
    for (const reference of references)
      avro.Type.forSchema(parseJson(reference, 'schema') as Avsc.Schema, { registry });
    type = avro.Type.forSchema(parseJson(schema, 'schema') as Avsc.Schema, { registry });
  } catch (err) {
    if (err instanceof SchemaProblem) throw err;
    throw new SchemaProblem((err as Error).message);
  }
  // Avro's JSON encoding wraps a union's value as {"type": value}, as avsc's wrapped unions hold it: a
  // parsed record that this type finds valid is written as it is, without fromString's copy of it.
  // Anything else (bytes as strings, fields left to their defaults, a record that does not fit) goes
  // the long way, which converts it or says why it does not fit.
  const wrapped = avro.Type.forSchema(type.schema() as Avsc.Schema, { wrapUnions: true });
  return {
    recordName: type.name ?? null,
    encode(text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new CodecProblem(`is not JSON: ${(err as Error).message}`);
      }
      if (wrapped.isValid(parsed)) return wrapped.toBuffer(parsed);
      let value: unknown;
      try {
        value = type.fromString(text);
      } catch (err) {
        // fromString parses the text first: a JSON error is the text's, any other is the schema's verdict.
        if (err instanceof SyntaxError) throw new CodecProblem(`is not JSON: ${err.message}`);
        throw new CodecProblem(`does not match the Avro schema${type.name ? ` ${type.name}` : ''}: ${avroReason(err)}`);
      }
      return type.toBuffer(value);
    },
  };
}

/** avsc's reason, or (for a missing record field, where it stumbles on undefined) that. */
function avroReason(err: unknown): string {
  const message = (err as Error).message;
  return err instanceof TypeError && /undefined|null/.test(message)
    ? `a field is missing or null (${message})`
    : message;
}

interface AjvLike {
  addSchema(schema: object): void;
  compile(
    schema: object,
  ): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
}

function jsonSchemaCodec(schema: string, references: string[]): Codec {
  const parsed = parseJson(schema, 'schema') as Record<string, unknown>;
  const Ajv = requireLibrary('ajv').default as new (options: object) => AjvLike;
  const ajv = new Ajv({ allErrors: false, strict: false });
  let validate: ReturnType<AjvLike['compile']>;
  try {
    for (const reference of references) ajv.addSchema(parseJson(reference, 'schema') as object);
    validate = ajv.compile(parsed);
  } catch (err) {
    if (err instanceof SchemaProblem) throw err;
    throw new SchemaProblem((err as Error).message);
  }
  return {
    recordName: typeof parsed.title === 'string' ? parsed.title : null,
    encode(text) {
      const value = parseJson(text, 'record');
      if (!validate(value)) {
        const [first] = validate.errors ?? [];
        const where = first?.instancePath ? `${first.instancePath} ` : '';
        throw new CodecProblem(`does not match the JSON Schema: ${where}${first?.message ?? 'invalid'}`);
      }
      return Buffer.from(JSON.stringify(value));
    },
  };
}
