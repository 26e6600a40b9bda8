// Before any record is sent: each side's schema found (a file's registered under its subject or
// looked up there, an id's or a subject version's read), with the schemas it references, and its codec
// made. A schema file that does not parse is exit 2; a registry out of reach, refusing us, lacking the
// subject or refusing the schema is exit 3, in one line each.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SimpleProduceError, unreadable, usageError } from '../core/errors.js';
import { type Codec, codecFor, SchemaProblem } from './codecs.js';
import { type NamedSchema, protobufImports } from './protobuf.js';
import { type RegisteredSchema, RegistryClient, type SchemaReference, type SchemaType } from './registry-client.js';
import { type PreparedSide, SchemaSerializer } from './serializer.js';
import { type SchemaSettings, type SideSettings, subjectOf } from './settings.js';

const TYPE_OF = { avro: 'AVRO', 'json-schema': 'JSON', protobuf: 'PROTOBUF' } as const satisfies Record<
  SideSettings['format'],
  SchemaType
>;

const KIND = { avro: 'an Avro schema', 'json-schema': 'a JSON Schema', protobuf: 'a Protobuf schema' } as const;

/** What a side was prepared with, for the run's `schema` event. */
export interface SchemaUse {
  side: SideSettings['side'];
  format: SideSettings['format'];
  id: number;
  subject: string | null;
  version: number | null;
}

export interface PreparedSchemas {
  serializer: SchemaSerializer;
  uses: SchemaUse[];
  client: RegistryClient;
}

export async function prepareSchemas(
  settings: SchemaSettings,
  topic: string,
  client = new RegistryClient(settings.registry),
): Promise<PreparedSchemas> {
  const uses: SchemaUse[] = [];
  const prepare = async (side: SideSettings | null): Promise<PreparedSide | null> => {
    if (side === null) return null;
    const { use, codec } = await prepareSide(side, settings, topic, client);
    uses.push(use);
    return { side: side.side, id: use.id, codec };
  };
  const key = await prepare(settings.key);
  const value = await prepare(settings.value);
  return { serializer: new SchemaSerializer(key, value), uses, client };
}

const flag = (side: SideSettings, what: string) => `--${side.side}-${what}`;

function makeCodec(side: SideSettings, schema: string, references: NamedSchema[], where: string): Codec {
  try {
    return codecFor(side.format, schema, references, side.message);
  } catch (err) {
    if (!(err instanceof SchemaProblem)) throw err;
    throw usageError(`${where}: not ${KIND[side.format]} (${err.message})`);
  }
}

/** A .proto file's imports, read beside it, each registered (or looked up) under its import name, as
 * Confluent's serializer registers them: the references of the file's own registration. */
async function protobufReferences(
  file: string,
  text: string,
  register: boolean,
  client: RegistryClient,
  seen: Map<string, { reference: SchemaReference; schema: NamedSchema }>,
): Promise<SchemaReference[]> {
  let imports: string[];
  try {
    imports = protobufImports(text);
  } catch (err) {
    throw usageError(`${file}: not a Protobuf schema (${(err as Error).message})`);
  }
  const references: SchemaReference[] = [];
  for (const name of imports) {
    let known = seen.get(name);
    if (known === undefined) {
      const path = join(dirname(file), name);
      let imported: string;
      try {
        imported = readFileSync(path, 'utf8');
      } catch (err) {
        throw usageError(`${file} imports ${name}: cannot read ${path}: ${unreadable(err)}`);
      }
      const theirs = await protobufReferences(path, imported, register, client, seen);
      if (register) await client.register(name, imported, 'PROTOBUF', theirs);
      const { version } = await client.lookup(name, imported, 'PROTOBUF', theirs);
      known = { reference: { name, subject: name, version }, schema: { name, schema: imported } };
      seen.set(name, known);
    }
    references.push(known.reference);
  }
  return references;
}

async function prepareSide(
  side: SideSettings,
  settings: SchemaSettings,
  topic: string,
  client: RegistryClient,
): Promise<{ use: SchemaUse; codec: Codec }> {
  const type = TYPE_OF[side.format];
  const { source } = side;
  if ('file' in source) {
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (err) {
      throw usageError(`${flag(side, 'schema')}: cannot read ${source.file}: ${unreadable(err)}`);
    }
    const imported = new Map<string, { reference: SchemaReference; schema: NamedSchema }>();
    const references =
      side.format === 'protobuf'
        ? await protobufReferences(source.file, text, settings.autoRegister, client, imported)
        : [];
    const schemas = [...imported.values()].map((i) => i.schema);
    const codec = makeCodec(side, text, schemas, `${flag(side, 'schema')} ${source.file}`);
    const subject = subjectFor(side, settings, topic, codec.recordName);
    const id = settings.autoRegister
      ? await client.register(subject, text, type, references)
      : await client
          .lookup(subject, text, type, references)
          .then((found) => found.id)
          .catch((err: SimpleProduceError) => {
            throw new SimpleProduceError(err.kind, `${err.message} (and --no-auto-register is given)`);
          });
    return { use: { side: side.side, format: side.format, id, subject, version: null }, codec };
  }
  const found: RegisteredSchema =
    'id' in source
      ? await client.byId(source.id)
      : await client.version(subjectFor(side, settings, topic, null), source.version);
  if (found.schemaType !== type) {
    throw new SimpleProduceError(
      'SCHEMA',
      `schema ${found.id} is ${found.schemaType}, not ${type} (${flag(side, 'format')} ${side.format})`,
    );
  }
  const references = await referencedSchemas(client, found.references);
  const codec = makeCodec(side, found.schema, references, `schema ${found.id} of the registry`);
  return {
    use: {
      side: side.side,
      format: side.format,
      id: found.id,
      subject: found.subject ?? null,
      version: found.version ?? null,
    },
    codec,
  };
}

function subjectFor(side: SideSettings, settings: SchemaSettings, topic: string, recordName: string | null): string {
  try {
    return subjectOf(side, settings.strategy, topic, recordName);
  } catch (err) {
    throw usageError(`${(err as Error).message}: give ${flag(side, 'subject')}`);
  }
}

/** The schemas a schema references, theirs first (depth first), each once, by their reference name. */
async function referencedSchemas(
  client: RegistryClient,
  references: SchemaReference[],
  seen = new Set<string>(),
): Promise<NamedSchema[]> {
  const schemas: NamedSchema[] = [];
  for (const reference of references) {
    const key = `${reference.subject}/${reference.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = await client.version(reference.subject, reference.version);
    schemas.push(...(await referencedSchemas(client, found.references, seen)), {
      name: reference.name,
      schema: found.schema,
    });
  }
  return schemas;
}
