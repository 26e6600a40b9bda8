// Which schema each side of a record (key, value) is encoded with, and the registry that holds it: as
// the command line and client.properties give them. Where the schema comes from, the subject it is
// registered under and whether it may be registered are decided here; the registry is asked in
// prepare.ts.
import type { RegistrySettings } from './registry-client.js';

export const SCHEMA_FORMATS = ['bytes', 'avro', 'json-schema', 'protobuf'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/** How a subject is named from the topic, as Confluent's serializers name it. */
export const SUBJECT_STRATEGIES = ['topic', 'record', 'topic-record'] as const;
export type SubjectStrategy = (typeof SUBJECT_STRATEGIES)[number];

export type Side = 'key' | 'value';

/** Where a side's schema comes from: a file (registered, or looked up), an id, or a subject's version. */
export type SchemaSource = { file: string } | { id: number } | { version: 'latest' | number };

export interface SideSettings {
  side: Side;
  format: Exclude<SchemaFormat, 'bytes'>;
  source: SchemaSource;
  /** The subject outright (--value-subject); null: named by the strategy. */
  subject: string | null;
  /** Protobuf: the message type (--value-message); null: the file's first. */
  message: string | null;
}

export interface SchemaSettings {
  registry: RegistrySettings;
  key: SideSettings | null;
  value: SideSettings | null;
  /** Register a schema file's schema under its subject (Confluent's auto.register.schemas). */
  autoRegister: boolean;
  strategy: SubjectStrategy;
}

/** The subject a side's schema is under: TopicNameStrategy's <topic>-<side>, RecordNameStrategy's
 * record name, or TopicRecordNameStrategy's <topic>-<record name>. */
export function subjectOf(
  settings: SideSettings,
  strategy: SubjectStrategy,
  topic: string,
  recordName: string | null,
): string {
  if (settings.subject !== null) return settings.subject;
  if (strategy === 'topic') return `${topic}-${settings.side}`;
  if (recordName === null) {
    throw new Error(`the ${strategy} subject name strategy needs a named record type`);
  }
  return strategy === 'record' ? recordName : `${topic}-${recordName}`;
}
