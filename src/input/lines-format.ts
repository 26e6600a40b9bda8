// --format lines: one record per line, parsed as kafka-console-producer's LineMessageReader parses
// it: headers up to --headers-delimiter (with --parse-headers), then the key up to --key-separator,
// then the value; a key, value or header value equal to --null-marker is null (KIP-798, KIP-810).
import type { Header } from '../core/transport.js';

export interface HeaderFormat {
  /** Between the headers and the key (headers.delimiter, default \t). */
  delimiter: Buffer;
  /** Between two headers (headers.separator, default ","), taken literally where Java takes a regex. */
  separator: Buffer;
  /** Between a header's name and value (headers.key.separator, default ":"). */
  keySeparator: Buffer;
}

export interface LineFormat {
  keySeparator: Buffer | null;
  headers: HeaderFormat | null;
  nullMarker: Buffer | null;
}

const show = (bytes: Buffer) => JSON.stringify(bytes.toString());

/** Splits at every separator, dropping empty pieces at the end, as Java's String.split does. */
function splitAll(data: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = data.indexOf(separator); at !== -1; at = data.indexOf(separator, start)) {
    pieces.push(data.subarray(start, at));
    start = at + separator.length;
  }
  pieces.push(data.subarray(start));
  if (pieces.length === 1) return pieces;
  while (pieces.length > 0 && pieces[pieces.length - 1].length === 0) pieces.pop();
  return pieces;
}

function parseHeaders(text: Buffer, format: HeaderFormat, nullMarker: Buffer | null): Header[] | string {
  const headers: Header[] = [];
  for (const pair of splitAll(text, format.separator)) {
    const at = pair.indexOf(format.keySeparator);
    if (at === -1) return `no header key separator ${show(format.keySeparator)} in ${show(pair)}`;
    const name = pair.subarray(0, at);
    if (nullMarker?.equals(name)) return `a header name equals the null marker ${show(nullMarker)}`;
    const value = pair.subarray(at + format.keySeparator.length);
    headers.push([name, nullMarker?.equals(value) ? null : value]);
  }
  return headers;
}

/** Where a line's key and value lie in its bytes (a start of -1: null), and its headers. */
export interface LineRanges {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  headers: Header[] | null;
}

/** What a line is: its ranges, or why it is not a record. */
export type ParsedLine = LineRanges | { problem: string };

/** Where `separator` first is in bytes[start, end), or -1. A line's first 64 bytes are searched here
 * (a key's end is most often among them, and a Buffer made to search in would cost more than the
 * search); the rest of a long line natively, within its end (a search to the chunk's end could go
 * through the rest of the chunk each line). */
function find(bytes: Buffer, start: number, end: number, separator: Buffer): number {
  const last = end - separator.length;
  const here = Math.min(last, start + 63);
  const first = separator[0];
  search: for (let i = start; i <= here; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < separator.length; j++) if (bytes[i + j] !== separator[j]) continue search;
    return i;
  }
  if (here >= last) return -1;
  const from = here + 1;
  const at = bytes.subarray(from, end).indexOf(separator);
  return at === -1 ? -1 : from + at;
}

const isNull = (marker: Buffer | null, bytes: Buffer, start: number, end: number) =>
  marker !== null && end - start === marker.length && marker.compare(bytes, start, end) === 0;

/** Parses the line bytes[start, end); its ranges are written into `into` (a reader fills one object
 * line after line, and copies what it keeps). */
export function parseLine(
  bytes: Buffer,
  start: number,
  end: number,
  format: LineFormat,
  into: LineRanges = { keyStart: -1, keyEnd: -1, valueStart: -1, valueEnd: -1, headers: null },
): ParsedLine {
  const { nullMarker } = format;
  let rest = start;
  let headers: Header[] | null = null;
  if (format.headers !== null) {
    const { delimiter } = format.headers;
    const at = find(bytes, rest, end, delimiter);
    if (at === -1) return { problem: `no headers delimiter ${show(delimiter)} on the line` };
    if (!isNull(nullMarker, bytes, rest, at)) {
      const parsed = parseHeaders(bytes.subarray(rest, at), format.headers, nullMarker);
      if (typeof parsed === 'string') return { problem: parsed };
      headers = parsed;
    }
    rest = at + delimiter.length;
  }
  let keyStart = -1;
  let keyEnd = -1;
  if (format.keySeparator !== null) {
    const at = find(bytes, rest, end, format.keySeparator);
    if (at === -1) return { problem: `no key separator ${show(format.keySeparator)} on the line` };
    if (!isNull(nullMarker, bytes, rest, at)) {
      keyStart = rest;
      keyEnd = at;
    }
    rest = at + format.keySeparator.length;
  }
  const value = isNull(nullMarker, bytes, rest, end) ? -1 : rest;
  into.keyStart = keyStart;
  into.keyEnd = keyEnd;
  into.valueStart = value;
  into.valueEnd = value === -1 ? -1 : end;
  into.headers = headers;
  return into;
}
