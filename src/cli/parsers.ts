// The command line's own parsers of option values (core/parser.ts has the generic ones).
import { usageError } from '../core/errors.js';
import { integer, oneOf, type Parser, withValues } from '../core/parser.js';
import { PARTITIONERS, type PartitionerName } from '../core/partitioner.js';
import { type Acks, COMPRESSIONS, type Compression } from '../core/transport.js';
import { FORMATS, type Format } from '../input/format.js';
import { SCHEMA_FORMATS, type SchemaFormat } from '../schema/settings.js';

export const parseCompression: Parser<Compression> = oneOf(COMPRESSIONS);

export const parseFormat: Parser<Format> = oneOf(FORMATS);

export const parsePartitioner: Parser<PartitionerName> = oneOf(PARTITIONERS);

export const parseAcks: Parser<Acks> = withValues('all (or -1), 1 or 0', (text, flag) => {
  const acks = ({ all: -1, '-1': -1, '1': 1, '0': 0 } as Record<string, Acks>)[text.trim().toLowerCase()];
  if (acks === undefined) throw usageError(`${flag} must be all, 1 or 0, not "${text}"`);
  return acks;
});

export const parseHeader: Parser<[string, string]> = withValues('key=value', (text, flag) => {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`${flag} must be key=value, not "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
});

export const parseTopic: Parser<string> = withValues('1-249 of a-z A-Z 0-9 . _ -', (text, flag) => {
  if (text === '.' || text === '..') throw usageError(`${flag}: "${text}" is not a valid topic name`);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(text)) {
    throw usageError(`${flag} must be 1 to 249 characters of a-z, A-Z, 0-9, ".", "_" and "-"`);
  }
  return text;
});

const BROKER = /^(?:\[([0-9a-fA-F:.]+)\]|([a-zA-Z0-9._-]+))(?::(\d{1,5}))?$/;

/** host:port[,host:port...]; a missing port is Kafka's 9092, as in librdkafka. */
export const parseBrokers: Parser<string[]> = withValues('host[:port],...', (text, flag) => {
  const list = text.split(',').map((b) => b.trim());
  if (text.trim() === '' || list.some((b) => b === '')) {
    throw usageError(`${flag} must be a comma-separated list of host:port, such as localhost:9092`);
  }
  return list.map((broker) => {
    const match = BROKER.exec(broker);
    const port = Number(match?.[3] ?? 9092);
    if (match === null || port < 1 || port > 65535) {
      throw usageError(`${flag}: "${broker}" is not host:port (port 1 to 65535)`);
    }
    return match[1] !== undefined ? `[${match[1]}]:${port}` : `${match[2]}:${port}`;
  });
});

export const parseClientId: Parser<string> = withValues('1-255 printable ASCII characters', (text, flag) => {
  if (!/^[\x20-\x7e]{1,255}$/.test(text)) throw usageError(`${flag} must be 1 to 255 printable ASCII characters`);
  return text;
});

/** A record side's encoding; the Confluent CLI's `jsonschema` is `json-schema`. */
export const parseSchemaFormat: Parser<SchemaFormat> = oneOf(SCHEMA_FORMATS, (text) =>
  text.toLowerCase() === 'jsonschema' ? 'json-schema' : text.toLowerCase(),
);

/** A subject's version: latest, or a number. */
export const parseSchemaVersion: Parser<'latest' | number> = withValues('latest or 1 to 2147483647', (text, flag) => {
  if (text.trim().toLowerCase() === 'latest') return 'latest';
  return integer(1, 2_147_483_647)(text, flag);
});

/** An http or https URL. */
export const parseUrl: Parser<URL> = withValues('an http or https URL', (text, flag) => {
  let url: URL | null = null;
  try {
    url = new URL(text.trim());
  } catch {
    // said below
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw usageError(`${flag} must be an http or https URL, not "${text}"`);
  }
  return url;
});
