// --input and the options that say how to read it, checked together before anything connects: a
// missing, unreadable or directory input, or options that cannot mean anything together, are one
// line and exit 2.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { unreadable, usageError } from '../core/errors.js';
import type { Format } from '../input/format.js';
import type { HeaderFormat, LineFormat } from '../input/lines-format.js';
import type { RawOptions } from './options.js';

export interface InputConfig {
  inputs: string[];
  format: Format;
  /** --delimiter; null: line ends as the console producer reads them (\n, \r\n, \r). */
  delimiter: Buffer | null;
  line: LineFormat;
  failedOut: string | null;
}

/** The options that say how to read --input, by commander's attribute, as the user types them. */
const READING = {
  format: '--format',
  delimiter: '--delimiter',
  keySeparator: '--key-separator',
  parseHeaders: '--parse-headers',
  headersDelimiter: '--headers-delimiter',
  headersSeparator: '--headers-separator',
  headersKeySeparator: '--headers-key-separator',
  nullMarker: '--null-marker',
  failedOut: '--failed-out',
} as const;
type Reading = keyof typeof READING;

/** Generated messages' own options, which records of an input do not use. */
const GENERATING = { key: '--key', value: '--value', valueSize: '--value-size', duration: '--duration' } as const;

const LINE_ONLY: Reading[] = [
  'delimiter',
  'keySeparator',
  'parseHeaders',
  'headersDelimiter',
  'headersSeparator',
  'headersKeySeparator',
  'nullMarker',
];

const WHY_NOT: Record<Exclude<Format, 'lines'>, string> = {
  json: 'its records say their key, value and headers',
  raw: "a raw record is a whole file's bytes",
};

function checkReadable(input: string): void {
  if (input === '-') return;
  try {
    if (statSync(input).isDirectory()) throw usageError(`--input ${input}: a directory, not a file`);
    accessSync(input, constants.R_OK);
  } catch (err) {
    if ((err as Error).name === 'SimpleProduceError') throw err;
    throw usageError(`--input ${input}: cannot read it (${unreadable(err)})`);
  }
}

function checkFailedOut(path: string, inputs: string[]): void {
  if (inputs.some((input) => input !== '-' && resolve(input) === resolve(path))) {
    throw usageError(`--failed-out ${path} is also an --input: it would be emptied before it is read`);
  }
  try {
    if (statSync(path).isDirectory()) throw usageError(`--failed-out ${path}: a directory, not a file`);
  } catch (err) {
    if ((err as Error).name === 'SimpleProduceError') throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw usageError(`--failed-out ${path}: ${unreadable(err)}`);
    try {
      accessSync(dirname(path), constants.W_OK);
    } catch (e) {
      throw usageError(`--failed-out ${path}: cannot write in ${dirname(path)} (${unreadable(e)})`);
    }
  }
}

/** The pairs Kafka's LineMessageReader refuses as equal (a key separator may equal the headers
 * delimiter: both are a tab by default); so do we. */
function checkDistinct(named: Record<string, Buffer | null>): void {
  const pairs = [
    ['--headers-delimiter', '--headers-separator'],
    ['--headers-delimiter', '--headers-key-separator'],
    ['--headers-separator', '--headers-key-separator'],
    ['--null-marker', '--key-separator'],
    ['--null-marker', '--headers-separator'],
    ['--null-marker', '--headers-delimiter'],
    ['--null-marker', '--headers-key-separator'],
  ];
  for (const [a, b] of pairs) {
    const [x, y] = [named[a] ?? null, named[b] ?? null];
    if (x !== null && y !== null && x.equals(y)) throw usageError(`${a} and ${b} may not be equal`);
  }
}

function lineFormat(values: Record<string, unknown>): LineFormat {
  const keySeparator = (values.keySeparator as Buffer | undefined) ?? null;
  const nullMarker = (values.nullMarker as Buffer | undefined) ?? null;
  const headers: HeaderFormat | null =
    values.parseHeaders === true
      ? {
          delimiter: values.headersDelimiter as Buffer,
          separator: values.headersSeparator as Buffer,
          keySeparator: values.headersKeySeparator as Buffer,
        }
      : null;
  checkDistinct({
    '--null-marker': nullMarker,
    '--key-separator': keySeparator,
    '--headers-delimiter': headers?.delimiter ?? null,
    '--headers-separator': headers?.separator ?? null,
    '--headers-key-separator': headers?.keySeparator ?? null,
  });
  return { keySeparator, headers, nullMarker };
}

/** null without --input (the walk-through's generated messages), after refusing input options given alone. */
export function inputConfig({ values, given }: RawOptions): InputConfig | null {
  const inputs = values.input as string[] | undefined;
  const reading = (Object.keys(READING) as Reading[]).filter((name) => given(name));
  if (inputs === undefined) {
    if (reading.length > 0) throw usageError(`${READING[reading[0]]} goes with --input`);
    return null;
  }
  for (const [name, flag] of Object.entries(GENERATING)) {
    if (given(name)) throw usageError(`${flag} is for generated messages: with --input, the records are the input's`);
  }
  if (inputs.filter((input) => input === '-').length > 1) throw usageError('--input - (stdin) can be read only once');
  const format = values.format as Format;
  if (format !== 'lines') {
    const misfit = LINE_ONLY.find((name) => given(name));
    if (misfit !== undefined)
      throw usageError(`${READING[misfit]} does not go with --format ${format}: ${WHY_NOT[format]}`);
  }
  if (format === 'raw' && inputs.includes('-')) {
    throw usageError(
      '--format raw reads each file as one record, and stdin is not a file: use --format lines, or a file',
    );
  }
  if (format === 'raw' && given('failedOut')) {
    throw usageError(
      '--failed-out does not go with --format raw: each failed file is named in its report; send it again',
    );
  }
  const parseHeaders = values.parseHeaders === true;
  for (const name of ['headersDelimiter', 'headersSeparator', 'headersKeySeparator'] as const) {
    if (given(name) && !parseHeaders) throw usageError(`${READING[name]} goes with --parse-headers`);
  }
  for (const input of inputs) checkReadable(input);
  const failedOut = (values.failedOut as string | undefined) ?? null;
  if (failedOut !== null) checkFailedOut(failedOut, inputs);
  return {
    inputs,
    format,
    delimiter: (values.delimiter as Buffer | undefined) ?? null,
    line: lineFormat(values),
    failedOut,
  };
}
