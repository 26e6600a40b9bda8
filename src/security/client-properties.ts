// --command-config: a client.properties file as users are handed it, in either dialect: the Java
// client's (sasl.jaas.config, ssl.truststore.*) or librdkafka's (sasl.username, ssl.ca.location).
// Parsing only; what the settings mean is decided in settings.ts and src/cli/options.ts.
import { readFileSync } from 'node:fs';
import { Properties } from 'properties-file/parser';
import { unreadable, usageError } from '../core/errors.js';
import type { Parser } from '../core/parser.js';
import { type Dialect, dialectOf } from './connection-keys.js';

export type { Dialect };

export interface Entry {
  key: string;
  value: string;
  /** file:line, for messages. */
  where: string;
}

export interface ClientProperties {
  file: string;
  dialect: Dialect;
  entries: Map<string, Entry>;
}

export function readClientProperties(file: string): ClientProperties {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`--command-config: cannot read ${file}: ${unreadable(err)}`);
  }
  return parseClientProperties(text, file);
}

export function parseClientProperties(text: string, file: string): ClientProperties {
  const java = new Properties(text).getProperties();
  const keys = java.map((p) => p.key);
  // A file with any of librdkafka's own keys, and none of the Java client's, is read the librdkafka way:
  // one key=value a line, the value taken as written (no backslash escapes).
  const dialects = new Set(keys.map(dialectOf));
  const dialect: Dialect = dialects.has('librdkafka') && !dialects.has('java') ? 'librdkafka' : 'java';
  const entries = new Map<string, Entry>();
  if (dialect === 'librdkafka') {
    for (const entry of librdkafkaLines(text, file)) entries.set(entry.key, entry);
    return { file, dialect, entries };
  }
  for (const p of java) {
    const where = `${file}:${p.startingLineNumber}`;
    if (p.separatorChar === undefined && p.value === '') {
      throw usageError(`${where}: expected key=value, found "${p.key.slice(0, 40)}" alone`);
    }
    entries.set(p.key, { key: p.key, value: p.value.trim(), where });
  }
  return { file, dialect, entries };
}

/** librdkafka's config files (kcat -F, Confluent's examples): key=value, # comments, nothing escaped. */
function librdkafkaLines(text: string, file: string): Entry[] {
  const entries: Entry[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const where = `${file}:${index + 1}`;
      const eq = line.indexOf('=');
      if (eq <= 0) throw usageError(`${where}: expected key=value, found "${line.slice(0, 40)}"`);
      const key = line.slice(0, eq).trim();
      entries.push({ key, value: line.slice(eq + 1).trim(), where });
    });
  return entries;
}

/** An entry's value through an option's parser, whose message names the key, with file and line in front. */
export function parseEntry<T>(entry: Entry, parse: Parser<T>): T {
  try {
    return parse(entry.value, entry.key);
  } catch (err) {
    throw usageError(`${entry.where}: ${(err as Error).message}`);
  }
}

export interface JaasLogin {
  module: string;
  options: Record<string, string>;
}

const JAAS_HEAD = /^\s*([A-Za-z_$][\w.$]*)\s+(required|requisite|sufficient|optional)\b/y;
const JAAS_OPTION = /\s*([A-Za-z_][\w.-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s";]+))/y;
const JAAS_END = /\s*;\s*$/y;

/** sasl.jaas.config: `<LoginModule> required key="value" ...;`, as Kafka's JaasConfig reads it. The
 * value holds a password, so a message about it never quotes it. */
export function parseJaasConfig(text: string, where: string): JaasLogin {
  const bad = () =>
    usageError(`${where}: sasl.jaas.config is not <LoginModule> required username="..." password="...";`);
  JAAS_HEAD.lastIndex = 0;
  const head = JAAS_HEAD.exec(text);
  if (head === null) throw bad();
  const options: Record<string, string> = {};
  let at = JAAS_HEAD.lastIndex;
  for (;;) {
    JAAS_END.lastIndex = at;
    if (JAAS_END.test(text)) return { module: head[1], options };
    JAAS_OPTION.lastIndex = at;
    const option = JAAS_OPTION.exec(text);
    if (option === null) throw bad();
    options[option[1]] = option[2] !== undefined ? option[2].replace(/\\(.)/g, '$1') : option[3];
    at = JAAS_OPTION.lastIndex;
  }
}
