// --format lines: one record per line, parsed as kafka-console-producer's LineMessageReader parses
// it: headers up to --headers-delimiter (with --parse-headers), then the key up to --key-separator,
// then the value; a key, value or header value equal to --null-marker is null (KIP-798, KIP-810).
import type { Header, Parsed } from './record.js';

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

export function parseLine(line: Buffer, format: LineFormat): Parsed {
  const { nullMarker } = format;
  let rest = line;
  let headers: Header[] | null = null;
  if (format.headers !== null) {
    const at = rest.indexOf(format.headers.delimiter);
    if (at === -1) return { problem: `no headers delimiter ${show(format.headers.delimiter)} on the line` };
    const text = rest.subarray(0, at);
    rest = rest.subarray(at + format.headers.delimiter.length);
    if (!nullMarker?.equals(text)) {
      const parsed = parseHeaders(text, format.headers, nullMarker);
      if (typeof parsed === 'string') return { problem: parsed };
      headers = parsed;
    }
  }
  let key: Buffer | null = null;
  if (format.keySeparator !== null) {
    const at = rest.indexOf(format.keySeparator);
    if (at === -1) return { problem: `no key separator ${show(format.keySeparator)} on the line` };
    key = rest.subarray(0, at);
    rest = rest.subarray(at + format.keySeparator.length);
    if (nullMarker?.equals(key)) key = null;
  }
  const value = nullMarker?.equals(rest) ? null : rest;
  return { key, value, headers };
}
