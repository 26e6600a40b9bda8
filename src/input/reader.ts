// Reads the --input files in the order given, as one stream of records, each with where it came
// from: its input, its line (or record) number and its own bytes, which --failed-out writes back.
// Reading is pulled: a chunk is read when the records before it have been taken, so a producer
// whose queue is full pauses the input.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { SimpleProduceError, unreadable } from '../core/errors.js';
import type { Format } from './format.js';
import { parseJsonLine } from './json-format.js';
import { LineSplitter } from './line-splitter.js';
import { type LineFormat, parseLine } from './lines-format.js';
import type { Parsed } from './record.js';

/** Where a record came from. */
export interface Origin {
  /** The --input as given: a path, or - for stdin. */
  input: string;
  /** Its line in the input (lines and json), or its record number (with --delimiter; 1 for raw). */
  line: number;
  /** The record's bytes as the input had them, without their terminator. */
  source: Buffer;
}

/** A record of the input with where it came from: one object a record (the hot path makes a million). */
export interface SourceRecord extends Origin {
  parsed: Parsed;
}

export interface InputOptions {
  inputs: string[];
  format: Format;
  /** --delimiter: between records, for lines; null: line ends as the console producer reads them. */
  delimiter: Buffer | null;
  line: LineFormat;
  stdin: Readable;
  signal?: AbortSignal;
}

/** Kafka's default socket.request.max.bytes: no broker takes a larger request, so a raw file
 * above it fails without being read into memory. */
const RAW_MOST = 104_857_600;
const CHUNK = 256 * 1024;

async function rawRecord(input: string): Promise<SourceRecord> {
  const { size } = await stat(input);
  if (size > RAW_MOST) {
    return {
      input,
      line: 1,
      source: Buffer.alloc(0),
      parsed: { problem: `${size} bytes: larger than any broker takes in one request (${RAW_MOST})` },
    };
  }
  const value = await readFile(input);
  return { input, line: 1, source: value, parsed: { key: null, value, headers: null } };
}

function readError(input: string, err: unknown): SimpleProduceError {
  return new SimpleProduceError('USAGE', `--input ${input}: cannot read it (${unreadable(err)})`);
}

/** The records of every input, in order, a chunk's worth at a time. Aborting stops the reading. */
export async function* readRecords(options: InputOptions): AsyncGenerator<SourceRecord[]> {
  const { format, signal } = options;
  for (const input of options.inputs) {
    if (signal?.aborted) return;
    if (format === 'raw') {
      try {
        yield [await rawRecord(input)];
      } catch (err) {
        throw readError(input, err);
      }
      continue;
    }
    const stream: Readable = input === '-' ? options.stdin : createReadStream(input, { highWaterMark: CHUNK });
    const parse = format === 'json' ? parseJsonLine : (line: Buffer) => parseLine(line, options.line);
    const splitter = new LineSplitter(options.delimiter);
    let line = 0;
    let batch: SourceRecord[] = [];
    const take = (source: Buffer) => {
      line++;
      batch.push({ input, line, source, parsed: parse(source) });
    };
    const stopReading = () => stream.destroy();
    signal?.addEventListener('abort', stopReading);
    try {
      for await (const chunk of stream) {
        splitter.push(chunk as Buffer, take);
        if (batch.length > 0) {
          yield batch;
          batch = [];
        }
      }
      splitter.end(take);
      if (batch.length > 0) yield batch;
    } catch (err) {
      if (signal?.aborted) return;
      throw readError(input, err);
    } finally {
      signal?.removeEventListener('abort', stopReading);
    }
  }
}
