// --format json: one JSON object per line, with `key`, `value`, `headers`, `partition` and
// `timestamp`, and kcat's -J output read as it is (`payload` for the value, `headers` as a flat
// [name, value, ...] array, its other fields ignored). A key, value or header value is a string
// (its UTF-8 bytes), null, or {"base64": "..."} for bytes; a key or value may also be any other JSON
// value (an object, array, number or boolean), whose compact JSON text it is: the record itself
// for a schema format (--value-format avro), its text for bytes.
import { isUtf8 } from 'node:buffer';
import type { Header } from '../core/transport.js';

/** What a line of --format json parses to: the record's key, value and headers as bytes (never
 * decoded, so input that is not UTF-8 goes through unchanged), and where it asks to go; or why the
 * line is not a record (a failed record, not the end of the run). */
export type ParsedJson =
  | {
      key: Buffer | null;
      value: Buffer | null;
      headers: Header[] | null;
      /** The partition the record asks for (JSON's `partition`). */
      partition?: number;
      /** CreateTime, ms since the epoch (JSON's `timestamp`). */
      timestamp?: number;
    }
  | { problem: string };

type Bytes = Buffer | null;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Problem extends Error {}

/** A string's bytes: UTF-8, or (latin1) the line's own bytes when the line was not UTF-8. */
type Encode = (text: string) => Buffer;

function bytesOf(field: string, value: unknown, encode: Encode, anyJson = false): Bytes {
  if (value === null) return null;
  if (typeof value === 'string') return encode(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { base64, ...rest } = value as Record<string, unknown>;
    if (typeof base64 === 'string' && Object.keys(rest).length === 0) {
      if (!BASE64.test(base64)) throw new Problem(`${field}: "base64" is not base64`);
      return Buffer.from(base64, 'base64');
    }
  }
  if (anyJson) return encode(JSON.stringify(value));
  throw new Problem(`${field} must be a string, null or {"base64": "..."}`);
}

function headersOf(value: unknown, encode: Encode): Header[] | null {
  if (value === null || value === undefined) return null;
  const name = (n: unknown) => {
    if (typeof n !== 'string') throw new Problem('a header name must be a string');
    return encode(n);
  };
  if (Array.isArray(value)) {
    // kcat's -J: [name, value, name, value, ...]
    if (value.length % 2 !== 0) throw new Problem('headers as an array must be [name, value, ...] pairs');
    const headers: Header[] = [];
    for (let i = 0; i < value.length; i += 2) {
      headers.push([name(value[i]), bytesOf(`header ${value[i]}`, value[i + 1], encode)]);
    }
    return headers;
  }
  if (typeof value !== 'object') throw new Problem('headers must be an object or a [name, value, ...] array');
  return Object.entries(value as Record<string, unknown>).flatMap(([n, v]) =>
    (Array.isArray(v) ? v : [v]).map((one): Header => [name(n), bytesOf(`header ${n}`, one, encode)]),
  );
}

function wholeNumber(field: string, value: unknown, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new Problem(`${field} must be a whole number from 0 to ${max}`);
  }
  return value;
}

const utf8 = (text: string) => Buffer.from(text);
const latin1 = (text: string) => Buffer.from(text, 'latin1');

export function parseJsonLine(line: Buffer): ParsedJson {
  // A line that is not UTF-8 (kcat puts a key's or value's bytes into its JSON as they are) is read
  // byte for byte: latin1 maps each byte to one character and back.
  const utf = isUtf8(line);
  const encode = utf ? utf8 : latin1;
  let object: unknown;
  try {
    object = JSON.parse(utf ? line.toString() : line.toString('latin1'));
  } catch (err) {
    return { problem: `not JSON: ${(err as Error).message}` };
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return { problem: 'not a JSON object' };
  }
  const fields = object as Record<string, unknown>;
  try {
    if (!('value' in fields) && !('payload' in fields)) throw new Problem('no "value" (or kcat\'s "payload")');
    return {
      key: 'key' in fields ? bytesOf('key', fields.key, encode, true) : null,
      value: bytesOf('value', 'value' in fields ? fields.value : fields.payload, encode, true),
      headers: headersOf(fields.headers, encode),
      partition: wholeNumber('partition', fields.partition, 2_147_483_646),
      timestamp: wholeNumber('timestamp', fields.timestamp, 8_640_000_000_000_000),
    };
  } catch (err) {
    if (err instanceof Problem) return { problem: err.message };
    throw err;
  }
}
