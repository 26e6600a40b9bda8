// Protobuf records: the record's proto3 JSON mapping (a field by its name or its lowerCamelCase JSON
// name, an enum by name or number, a 64-bit integer as a number or a string, bytes as base64) encoded
// with protobufjs, and the message's indexes in its file (Confluent's wire format puts them between the
// schema id and the payload). protobufjs loads with the first Protobuf schema: a run without one never
// pays for it.
import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs';
import { type Codec, CodecProblem, SchemaProblem } from './problems.js';

const requireLibrary = createRequire(import.meta.url);

/** A schema the main one imports: its import name and its text. */
export interface NamedSchema {
  name: string;
  schema: string;
}

const PARSE = { keepCase: true, alternateCommentMode: true };

/** The message types of a file, in declaration order (enums and services left out), as Confluent
 * numbers them: the path of indexes to each, by full name. */
function messageIndexes(pb: typeof Protobuf, schema: string): Map<string, number[]> {
  const alone = new pb.Root();
  const { package: pkg } = pb.parse(schema, alone, PARSE);
  const top = pkg ? alone.lookup(pkg) : alone;
  const indexes = new Map<string, number[]>();
  const walk = (ns: Protobuf.NamespaceBase | null, path: number[]) => {
    const types = (ns?.nestedArray ?? []).filter((n): n is Protobuf.Type => n instanceof pb.Type);
    types.forEach((type, i) => {
      indexes.set(type.fullName.replace(/^\./, ''), [...path, i]);
      walk(type, [...path, i]);
    });
  };
  walk(top as Protobuf.NamespaceBase | null, []);
  return indexes;
}

/** The files a .proto file imports, but the well-known types (google/protobuf/...), which protobufjs
 * and the registries know already. */
export function protobufImports(schema: string): string[] {
  const pb = requireLibrary('protobufjs') as typeof Protobuf;
  try {
    const parsed = pb.parse(schema, new pb.Root(), PARSE);
    return [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])].filter((i) => !i.startsWith('google/protobuf/'));
  } catch (err) {
    throw new SchemaProblem((err as Error).message);
  }
}

/** Confluent's message indexes: [0] as one zero byte, any other path as its length and its indexes,
 * each a zig-zag varint. */
export function encodeIndexes(path: number[]): Buffer {
  if (path.length === 1 && path[0] === 0) return Buffer.from([0]);
  const bytes: number[] = [];
  for (const n of [path.length, ...path]) {
    let v = (n << 1) ^ (n >> 31);
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return Buffer.from(bytes);
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** proto3's JSON mapping as protobufjs's fromObject takes it: field names to the schema's, and a field
 * the message does not have refused (protobufjs would drop it without a word). */
function fromJson(pb: typeof Protobuf, type: Protobuf.Type, json: unknown, where: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CodecProblem(`${where || type.name} must be a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => camel(f.name) === key);
    if (field === undefined) throw new CodecProblem(`no field ${where ? `${where}.` : ''}${key}`);
    const at = where ? `${where}.${field.name}` : field.name;
    const nested = field.resolvedType instanceof pb.Type ? field.resolvedType : null;
    if (nested === null || value === null) out[field.name] = value;
    else if (field.map) {
      out[field.name] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(pb, nested, v, `${at}[${k}]`)]),
      );
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new CodecProblem(`${at} must be a JSON array`);
      out[field.name] = value.map((v, i) => fromJson(pb, nested, v, `${at}[${i}]`));
    } else out[field.name] = fromJson(pb, nested, value, at);
  }
  return out;
}

/** A codec for the message `messageName` (default: the file's first) of a .proto file, whose imports
 * are among `imports`. */
export function protobufCodec(schema: string, imports: NamedSchema[], messageName: string | null): Codec {
  const pb = requireLibrary('protobufjs') as typeof Protobuf;
  let type: Protobuf.Type;
  let path: number[];
  try {
    const indexes = messageIndexes(pb, schema);
    const root = new pb.Root();
    for (const imported of imports) pb.parse(imported.schema, root, PARSE);
    const { package: pkg } = pb.parse(schema, root, PARSE);
    root.resolveAll();
    const names = [...indexes.keys()];
    if (names.length === 0) throw new SchemaProblem('it declares no message');
    const wanted =
      messageName === null ? names[0] : (names.find((n) => n === messageName || n === `${pkg}.${messageName}`) ?? null);
    if (wanted === null) throw new SchemaProblem(`it has no message ${messageName} (it has ${names.join(', ')})`);
    type = root.lookupType(wanted);
    path = indexes.get(wanted) as number[];
  } catch (err) {
    if (err instanceof SchemaProblem) throw err;
    throw new SchemaProblem((err as Error).message);
  }
  const prefix = encodeIndexes(path);
  return {
    recordName: type.fullName.replace(/^\./, ''),
    encode(text) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new CodecProblem(`is not JSON: ${(err as Error).message}`);
      }
      let payload: Uint8Array;
      try {
        const message = type.fromObject(fromJson(pb, type, json, ''));
        payload = type.encode(message).finish();
      } catch (err) {
        throw new CodecProblem(`does not match the Protobuf message ${type.name}: ${(err as Error).message}`);
      }
      return Buffer.concat([prefix, payload]);
    },
  };
}
