// A run with --input: the records of the inputs, read in their format, for the produce loop; failed
// records written to --failed-out.
import { isatty } from 'node:tty';
import { unreadable, usageError } from '../core/errors.js';
import type { RecordSource } from '../core/produce-loop.js';
import { FailedOut } from '../input/failed-out.js';
import { type Origin, readRecords, type SourceRecord } from '../input/reader.js';
import type { InputConfig } from './input-config.js';
import type { Reporter } from './report.js';

const NEWLINE = Buffer.from('\n');

/** Opens --failed-out before anything connects: a path that cannot be written is exit 2. */
export function openFailedOut(input: InputConfig): FailedOut | null {
  if (input.failedOut === null) return null;
  try {
    return new FailedOut(input.failedOut, input.delimiter ?? NEWLINE);
  } catch (err) {
    throw usageError(`--failed-out ${input.failedOut}: cannot write it (${unreadable(err)})`);
  }
}

/** Where a record came from, for its report: its input and number, not its bytes; with one input
 * its number alone (a number, not an object, waits in the queue; the Reporter knows the input). */
const originOf = ({ input, number }: SourceRecord): Pick<Origin, 'input' | 'number'> => ({ input, number });
const numberOf = ({ number }: SourceRecord): number => number;

/** The records of the inputs: a record failed for good is reported, and with one transaction for the
 * whole input, the records after its abort are too (so --failed-out holds the whole input). */
export function inputSource(input: InputConfig, signal: AbortSignal, reporter: Reporter): RecordSource<SourceRecord> {
  // isatty, not stdin.isTTY: process.stdin is made only when stdin is read as a stream (see chunksOf).
  if (input.inputs.includes('-') && isatty(0)) {
    reporter.notice('reading records from the terminal, one a line: Ctrl-D ends the input, Ctrl-C stops');
  }
  return {
    records: readRecords({
      ...input,
      stdin: () => process.stdin,
      stdinFd: 0,
      signal,
      reuseRecords: input.failedOut === null,
    }),
    failRestOnAbort: true,
    // A report needs where its record came from; only --failed-out needs the record's bytes, and the
    // chunk it was read in, which the record holds, would otherwise stay until the report is served.
    opaqueOf: input.failedOut !== null ? undefined : input.inputs.length === 1 ? numberOf : originOf,
  };
}
