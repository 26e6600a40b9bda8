// Everything simple-produce writes: the Python SimpleProducer walk-through's lines, the summary and the progress line on stderr
// (coloured on a terminal), and with --json one event per line on stdout.
import { Chalk, type ChalkInstance } from 'chalk';
import { causes, type SimpleProduceError } from '../core/errors.js';
import { counted } from '../core/plural.js';
import type { DeliveryReport } from '../core/producer.js';
import type { Summary } from '../core/stats.js';
import type { TransactionEnd } from '../core/transactions.js';
import type { Origin } from '../input/reader.js';
import type { SchemaUse } from '../schema/prepare.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

export interface ReporterOptions {
  stderr: Stream;
  /** Where --json events go; needed only with json. */
  stdout?: Stream;
  /** Per-message delivery lines are left out of stderr; failures, warnings and the summary still print. */
  quiet: boolean;
  /** Newline-delimited JSON events on stdout. */
  json: boolean;
  /** false: never colour; undefined: colour on a terminal unless NO_COLOR is set. */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  /** --debug: a failure's causes (kafkajs's own errors) follow its line, through this redactor. */
  causes?: (text: string) => string;
  /** With --input, what a record's number counts: lines, records (--delimiter), or none (raw files). */
  inputUnit?: 'line' | 'record' | null;
  /** The one --input, when there is one: a report's opaque may then be its record's number alone. */
  input?: string;
}

export interface Progress {
  sent: number;
  delivered: number;
  failed: number;
  elapsedMs: number;
  /** Expected time left, or null when unknown. */
  etaMs: number | null;
}

export function useColor({ stderr, color, env = process.env }: ReporterOptions): boolean {
  if (color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stderr.isTTY === true;
}

const keyText = (report: DeliveryReport) => (report.key === null ? null : report.key.toString());

const PROGRESS_AFTER_MS = 2000;
const PROGRESS_EVERY_MS = 250;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class Reporter {
  private readonly chalk: ChalkInstance;
  private progressTimer: NodeJS.Timeout | null = null;
  private progressShown = false;

  constructor(private readonly options: ReporterOptions) {
    this.chalk = new Chalk({ level: useColor(options) ? 1 : 0 });
  }

  private line(text: string): void {
    this.clearProgress();
    this.options.stderr.write(`${text}\n`);
  }

  private stdoutOpen = true;

  private event(event: Record<string, unknown>): void {
    if (this.stdoutOpen) this.options.stdout?.write(`${JSON.stringify(event)}\n`);
  }

  /** The reader of stdout went away: JSON events stop; stderr goes on. */
  stdoutClosed(): void {
    this.stdoutOpen = false;
  }

  /** The record's place in the input, for its events: {input, line} (or record), none without --input. */
  private origin(report: DeliveryReport): Record<string, string | number> | undefined {
    const unit = this.options.inputUnit;
    if (unit === undefined) return undefined;
    const { opaque } = report;
    const { input, number } =
      typeof opaque === 'number' ? { input: this.options.input as string, number: opaque } : (opaque as Origin);
    return unit === null ? { input } : { input, [unit]: number };
  }

  delivery = (report: DeliveryReport): void => {
    if (report.error !== null) {
      this.failure(report, report.error);
      return;
    }
    if (this.options.json) {
      const { topic, partition, offset, timestamp } = report;
      this.event({
        event: 'delivered',
        ...this.origin(report),
        topic,
        partition,
        offset,
        key: keyText(report),
        timestamp,
        latencyMs: Math.round(report.latencyMs * 1000) / 1000,
      });
    }
    if (!this.options.quiet) {
      this.line(this.chalk.green(`% Message delivered to ${report.topic} [${report.partition}] @ ${report.offset}`));
    }
  };

  private failure(report: DeliveryReport, error: SimpleProduceError): void {
    const origin = this.origin(report);
    if (this.options.json) {
      this.event({
        event: 'failed',
        ...origin,
        key: keyText(report),
        error: error.message,
        code: error.reason ?? error.kind,
        retriable: error.retriable,
        possiblyPersisted: report.possiblyPersisted,
      });
    }
    const where = origin === undefined ? '' : ` (${Object.values(origin).join(':')})`;
    this.line(this.chalk.red(`% Message failed delivery: ${error.message}${where}`));
    const { causes: redact } = this.options;
    if (redact) for (const line of causes(error)) this.line(this.chalk.dim(`%   ${redact(line)}`));
  }

  /** A transaction ended, after its records' reports: committed (where its records are) or aborted. */
  transactionEnd = ({ number, records, partitions, error }: TransactionEnd): void => {
    if (error === null) {
      if (this.options.json) this.event({ event: 'committed', transaction: number, records, partitions });
      if (!this.options.quiet) {
        const where = partitions.map(
          ({ topic, partition, first, last }) => `${topic} [${partition}] @ ${first}..${last}`,
        );
        this.line(
          this.chalk.green(`% Transaction ${number} committed: ${counted(records, 'record')} (${where.join(', ')})`),
        );
      }
      return;
    }
    if (this.options.json) {
      this.event({
        event: 'aborted',
        transaction: number,
        records,
        error: error.message,
        code: error.reason ?? error.kind,
      });
    }
    this.line(
      this.chalk.red(`% Transaction ${number} aborted: ${counted(records, 'record')} failed (${error.message})`),
    );
  };

  /** The schema a side of every record is encoded with, once a run, before anything is sent. */
  schema(use: SchemaUse): void {
    if (this.options.json) this.event({ event: 'schema', ...use });
    if (this.options.quiet) return;
    const under =
      use.subject === null ? '' : `, subject ${use.subject}${use.version === null ? '' : ` version ${use.version}`}`;
    this.line(`% ${use.side === 'key' ? 'Key' : 'Value'} schema: ${use.format}, id ${use.id}${under}`);
  }

  queueFull = (queued: number): void => {
    this.line(
      this.chalk.yellow(`% Local producer queue is full (${counted(queued, 'message')} awaiting delivery): try again`),
    );
  };

  waiting = (outstanding: number): void => {
    // The walk-through's own words, whatever the count.
    this.line(`% Waiting for ${outstanding} deliveries`);
  };

  summary(summary: Summary, exitCode: number): void {
    this.stopProgress();
    if (this.options.json) this.event({ event: 'summary', ...summary, exitCode });
    const { sent, delivered, failed, unreported, durationMs, ratePerSec, latencyMs: l } = summary;
    const notReported = unreported > 0 ? `, ${unreported} not reported` : '';
    const text =
      `% done: ${sent} sent, ${delivered} delivered, ${failed} failed${notReported} in ${(durationMs / 1000).toFixed(3)} s, ` +
      `${ratePerSec} msg/s, latency p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms`;
    this.line(failed + unreported > 0 ? this.chalk.red(text) : text);
  }

  /** Where --failed-out put the failed records, at the end of the run. */
  failedOut(
    counts: { failed: number; possiblyPersisted: number },
    paths: { failed: string; possiblyPersisted: string },
  ) {
    if (counts.failed > 0) this.notice(`${counted(counts.failed, 'failed record')} written to ${paths.failed}`);
    if (counts.possiblyPersisted > 0) {
      this.notice(
        `${counted(counts.possiblyPersisted, 'record')} that may have been written (no answer came) in ${paths.possiblyPersisted}: check the topic before sending them again`,
      );
    }
  }

  notice(text: string): void {
    this.line(this.chalk.yellow(`% ${text}`));
  }

  debug = (text: string): void => {
    this.line(this.chalk.dim(text));
  };

  /** Redraws a progress line in place on a terminal, from 2 s into the run; never with --json or --quiet. */
  startProgress(read: () => Progress): void {
    const { stderr, json, quiet } = this.options;
    if (stderr.isTTY !== true || json || quiet) return;
    const started = Date.now();
    this.progressTimer = setInterval(() => {
      if (Date.now() - started < PROGRESS_AFTER_MS) return;
      const p = read();
      const rate = p.elapsedMs > 0 ? Math.round((p.delivered / p.elapsedMs) * 1000) : 0;
      const eta = p.etaMs === null ? '' : `, ETA ${seconds(Math.max(0, p.etaMs))}`;
      stderr.write(
        `\r\x1b[K${this.chalk.cyan(`sent ${p.sent}, delivered ${p.delivered}, failed ${p.failed}, ${rate} msg/s, ${seconds(p.elapsedMs)}${eta}`)}`,
      );
      this.progressShown = true;
    }, PROGRESS_EVERY_MS);
    this.progressTimer.unref();
  }

  stopProgress(): void {
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.progressTimer = null;
    this.clearProgress();
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.options.stderr.write('\r\x1b[K');
    this.progressShown = false;
  }
}
