// Everything simple-produce writes for people: the seed's lines on stderr, coloured on a terminal.
import { Chalk, type ChalkInstance } from 'chalk';
import type { DeliveryReport } from './producer.js';
import type { RunResult } from './simple-producer.js';

export interface ReporterOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Per-message delivery lines are left out; failures, warnings and the summary still print. */
  quiet: boolean;
  /** false: never colour; undefined: colour on a terminal unless NO_COLOR is set. */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function useColor({ stream, color, env = process.env }: ReporterOptions): boolean {
  if (color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export class Reporter {
  private readonly chalk: ChalkInstance;

  constructor(private readonly options: ReporterOptions) {
    this.chalk = new Chalk({ level: useColor(options) ? 1 : 0 });
  }

  private line(text: string): void {
    this.options.stream.write(`${text}\n`);
  }

  delivery = (report: DeliveryReport): void => {
    if (report.error !== null) {
      this.line(this.chalk.red(`% Message failed delivery: ${report.error.message}`));
    } else if (!this.options.quiet) {
      this.line(this.chalk.green(`% Message delivered to ${report.topic} [${report.partition}] @ ${report.offset}`));
    }
  };

  queueFull = (queued: number): void => {
    this.line(this.chalk.yellow(`% Local producer queue is full (${queued} messages awaiting delivery): try again`));
  };

  waiting = (outstanding: number): void => {
    this.line(`% Waiting for ${outstanding} deliveries`);
  };

  done(result: RunResult): void {
    const seconds = (result.elapsedMs / 1000).toFixed(3);
    const undelivered = result.undelivered > 0 ? `, ${result.undelivered} not reported (flush timed out)` : '';
    const text = `% done: ${result.sent} sent, ${result.delivered} delivered, ${result.failed} failed${undelivered} in ${seconds} s`;
    this.line(result.failed + result.undelivered > 0 ? this.chalk.red(text) : text);
  }

  debug = (text: string): void => {
    this.line(this.chalk.dim(text));
  };
}
