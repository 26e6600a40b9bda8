// Reads the --input files in the order given, as one stream of records, each with where it came
// from: its input, its line (or record) number and its own bytes, which --failed-out writes back.
// Reading is pulled: a chunk is read when the records before it have been taken, so a producer
// whose queue is full pauses the input.
// fs.promises, not node:fs/promises: that module loads a dozen others (readline's among them) as
// the CLI starts, and a run without --input needs none of them.
import { createReadStream, promises as fsp, fstatSync, read as readFd } from 'node:fs';
import type { Readable } from 'node:stream';
import { SimpleProduceError, unreadable } from '../core/errors.js';
import type { ProducerRecord } from '../core/produce-loop.js';
import type { Header } from '../core/transport.js';
import type { Format } from './format.js';
import { type ParsedJson, parseJsonLine } from './json-format.js';
import { LineSplitter } from './line-splitter.js';
import { type LineFormat, type LineRanges, type ParsedLine, parseLine } from './lines-format.js';

/** Where a record came from. */
export interface Origin {
  /** The --input as given: a path, or - for stdin. */
  input: string;
  /** Its number in the input, from 1: its line for lines and json, its record with --delimiter, 1 for raw. */
  number: number;
  /** The record's bytes as the input had them, without their terminator, are
   * sourceBytes[sourceStart, sourceEnd) (sourceOf gives them). */
  sourceBytes: Buffer;
  sourceStart: number;
  sourceEnd: number;
}

/** A record of the input with where it came from and what its format made of it: one object a
 * record, whose key and value are slices of the chunk it was read in (see Slices). The queue holds
 * up to 100 000 at once, and every object each holds is copied by the garbage collector's young
 * generation and then marked in the old: one object, not five. */
export interface SourceRecord extends Origin, ProducerRecord {
  headers: Header[] | null;
  partition: number | undefined;
  timestamp: number | undefined;
  /** Why the record's text is not a record (a failed record); null when it is one. */
  problem: string | null;
}

/** The record's bytes as the input had them (for --failed-out). */
export const sourceOf = ({ sourceBytes, sourceStart, sourceEnd }: Origin): Buffer =>
  sourceBytes.subarray(sourceStart, sourceEnd);

const blankRecord = (): SourceRecord => ({
  input: '',
  number: 0,
  sourceBytes: Buffer.alloc(0),
  sourceStart: 0,
  sourceEnd: 0,
  keyBytes: null,
  keyStart: 0,
  keyEnd: 0,
  valueBytes: null,
  valueStart: 0,
  valueEnd: 0,
  headers: null,
  partition: undefined,
  timestamp: undefined,
  problem: null,
});

/** Makes `record` the record of bytes[start, end), a line (or file) of the input, whose slices point
 * into bytes: its key and value from --format lines (where they lie), or from json (Buffers of their
 * own). Every field is set. */
function fill(
  record: SourceRecord,
  input: string,
  number: number,
  bytes: Buffer,
  start: number,
  end: number,
  parsed: ParsedLine | ParsedJson,
): SourceRecord {
  record.input = input;
  record.number = number;
  record.sourceBytes = bytes;
  record.sourceStart = start;
  record.sourceEnd = end;
  record.keyBytes = null;
  record.keyStart = 0;
  record.keyEnd = 0;
  record.valueBytes = null;
  record.valueStart = 0;
  record.valueEnd = 0;
  record.headers = null;
  record.partition = undefined;
  record.timestamp = undefined;
  record.problem = null;
  if ('problem' in parsed) record.problem = parsed.problem;
  else if ('keyStart' in parsed) {
    if (parsed.keyStart !== -1) {
      record.keyBytes = bytes;
      record.keyStart = parsed.keyStart;
      record.keyEnd = parsed.keyEnd;
    }
    if (parsed.valueStart !== -1) {
      record.valueBytes = bytes;
      record.valueStart = parsed.valueStart;
      record.valueEnd = parsed.valueEnd;
    }
    record.headers = parsed.headers;
  } else {
    const { key, value } = parsed;
    record.keyBytes = key;
    record.keyEnd = key?.length ?? 0;
    record.valueBytes = value;
    record.valueEnd = value?.length ?? 0;
    record.headers = parsed.headers;
    record.partition = parsed.partition;
    record.timestamp = parsed.timestamp;
  }
  return record;
}

export interface InputOptions {
  inputs: string[];
  format: Format;
  /** --delimiter: between records, for lines; null: line ends as the console producer reads them. */
  delimiter: Buffer | null;
  line: LineFormat;
  /** stdin as a stream, made only when it is read as one (see chunksOf). */
  stdin: () => Readable;
  /** stdin's file descriptor: redirected from a file, it is read as a file is (see chunksOf). */
  stdinFd?: number;
  signal?: AbortSignal;
  /** The records of a chunk are objects filled again for the next chunk, not made one a record: for a
   * reader that keeps no record once the next chunk is asked for (no --failed-out). */
  reuseRecords?: boolean;
}

/** Kafka's default socket.request.max.bytes: no broker takes a larger request, so a raw file
 * above it fails without being read into memory. */
const RAW_MOST = 104_857_600;
const CHUNK = 256 * 1024;

async function rawRecord(input: string): Promise<SourceRecord> {
  const { size } = await fsp.stat(input);
  if (size > RAW_MOST) {
    const problem = `${size} bytes: larger than any broker takes in one request (${RAW_MOST})`;
    return fill(blankRecord(), input, 1, Buffer.alloc(0), 0, 0, { problem });
  }
  const value = await fsp.readFile(input);
  return fill(blankRecord(), input, 1, value, 0, value.length, { key: null, value, headers: null });
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
    // One object for every line's ranges: fill() copies them into the line's record.
    const ranges: LineRanges = { keyStart: -1, keyEnd: -1, valueStart: -1, valueEnd: -1, headers: null };
    const parse =
      format === 'json'
        ? (bytes: Buffer, start: number, end: number) => parseJsonLine(bytes.subarray(start, end))
        : (bytes: Buffer, start: number, end: number) => parseLine(bytes, start, end, options.line, ranges);
    const splitter = new LineSplitter(options.delimiter);
    let number = 0;
    // Reusing records, the chunk's array is the same one too, cut to the chunk's records when it is
    // yielded (length = 0 would free its elements, to be grown again a push at a time).
    let batch: SourceRecord[] = [];
    let taken = 0;
    const take = (bytes: Buffer, start: number, end: number) => {
      number++;
      if (taken === batch.length) batch.push(blankRecord());
      fill(batch[taken++], input, number, bytes, start, end, parse(bytes, start, end));
    };
    const chunkOf = (): SourceRecord[] => {
      if (batch.length > taken) batch.length = taken;
      const chunk = batch;
      if (!options.reuseRecords) batch = [];
      taken = 0;
      return chunk;
    };
    try {
      for await (const chunk of chunksOf(input, options)) {
        splitter.push(chunk, take);
        if (taken > 0) yield chunkOf();
      }
      splitter.end(take);
      if (taken > 0) yield chunkOf();
    } catch (err) {
      if (signal?.aborted) return;
      throw readError(input, err);
    }
  }
}

/** The chunks of one input. A reader whose records are filled again chunk after chunk keeps none of
 * a chunk's bytes once the next one is asked for, but the line that straddles the two, copied when
 * the next one comes (LineSplitter): a file's chunks are then read into two buffers taken in turn. A
 * buffer made for each read, as a stream makes them, lives until a collection frees it. A pipe or a
 * terminal is read as a stream: a read of one may wait for ever, and a process does not exit while
 * one of its reads waits. */
async function* chunksOf(input: string, options: InputOptions): AsyncGenerator<Buffer> {
  const stdin = input === '-';
  const fd = !options.reuseRecords ? null : stdin ? regularFile(options.stdinFd) : await fsp.open(input, 'r');
  if (fd === null) {
    yield* streamed(stdin ? options.stdin() : createReadStream(input, { highWaterMark: CHUNK }), options.signal);
    return;
  }
  const buffers = [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
  try {
    for (let turn = 0; !options.signal?.aborted; turn ^= 1) {
      const buffer = buffers[turn];
      const { bytesRead } = typeof fd === 'number' ? await readAt(fd, buffer) : await fd.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    if (typeof fd !== 'number') await fd.close();
  }
}

/** The descriptor when it is a regular file (stdin redirected from one), else null. */
function regularFile(fd: number | undefined): number | null {
  if (fd === undefined) return null;
  try {
    return fstatSync(fd).isFile() ? fd : null;
  } catch {
    return null;
  }
}

function readAt(fd: number, buffer: Buffer): Promise<{ bytesRead: number }> {
  return new Promise((resolve, reject) => {
    readFd(fd, buffer, 0, buffer.length, null, (err, bytesRead) =>
      err === null ? resolve({ bytesRead }) : reject(err),
    );
  });
}

async function* streamed(stream: Readable, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const stopReading = () => stream.destroy();
  signal?.addEventListener('abort', stopReading);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    signal?.removeEventListener('abort', stopReading);
  }
}
