// A run with --input: the records of the inputs, read in their format, through the producer core's
// RecordProducer; failed records written to --failed-out.
import { stdin } from 'node:process';
import { unreadable, usageError } from '../core/errors.js';
import type { DeliveryCallback, Producer } from '../core/producer.js';
import { RecordProducer, type RecordProducerOptions } from '../core/record-producer.js';
import { FailedOut } from '../input/failed-out.js';
import { readRecords, type SourceRecord } from '../input/reader.js';
import type { Config } from './config.js';
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

export function inputProducer(
  config: Config,
  input: InputConfig,
  producer: Producer,
  signal: AbortSignal,
  onDelivery: DeliveryCallback,
  reporter: Reporter,
  transactions?: RecordProducerOptions<SourceRecord>['transactions'],
): RecordProducer<SourceRecord> {
  if (input.inputs.includes('-') && stdin.isTTY) {
    reporter.notice('reading records from the terminal, one a line: Ctrl-D ends the input, Ctrl-C stops');
  }
  return new RecordProducer<SourceRecord>({
    producer,
    topic: config.topic,
    records: readRecords({ ...input, stdin, signal }),
    // A SourceRecord is its own record, or says why it is not one.
    recordOf: (record) => record,
    count: config.count,
    intervalMs: config.intervalMs,
    partition: config.partition ?? undefined,
    headers: config.headers,
    signal,
    flushTimeoutMs: config.flushTimeoutMs,
    onDelivery,
    onWaiting: reporter.waiting,
    transactions,
  });
}
