// The entry point: argv to Config (args.ts), signals to an abort, the command's result to the exit code.

import { causes, SimpleProduceError } from '../core/errors.js';
import { redactor } from '../security/redact.js';
import { parseArgs } from './args.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { Reporter } from './report.js';
import type { StopSignal } from './run.js';

let stdout: NodeJS.WriteStream | null = null;

/** process.stdout, made on first use: for a pipe it is a socket, which a run without --json need not
 * make. A reader that stops reading --help or --version early (`| head`) has what it wanted. */
function useStdout(): NodeJS.WriteStream {
  if (stdout === null) {
    stdout = process.stdout;
    stdout.on('error', () => {});
  }
  return stdout;
}

/** The first SIGINT or SIGTERM stops producing and flushes; a second SIGINT exits at once. A reader
 * that closes stdout (`| head`) stops a --json run the same way, as SIGPIPE would, but nothing in
 * flight is lost. */
function stopOnSignals(reporter: Reporter, json: boolean): AbortController {
  const stop = new AbortController();
  if (json) {
    useStdout().on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') return;
      reporter.stdoutClosed();
      if (!stop.signal.aborted) stop.abort('SIGPIPE');
    });
  }
  process.stderr.on('error', () => {});
  const onSignal = (signal: StopSignal) => {
    if (stop.signal.aborted) {
      if (signal === 'SIGINT') process.exit(ExitCode.interrupted);
      return;
    }
    reporter.notice(`${signal}: stopping; flushing what is in flight (SIGINT again to exit at once)`);
    stop.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return stop;
}

export async function main(argv: string[]): Promise<ExitCode> {
  const parsed = parseArgs(argv, process.stderr, useStdout);
  if (typeof parsed === 'number') return parsed;
  const redact = redactor(parsed.security);
  const reporter = new Reporter({
    stderr: process.stderr,
    stdout: parsed.json ? useStdout() : undefined,
    quiet: parsed.quiet,
    json: parsed.json,
    color: parsed.color,
    causes: parsed.debug ? redact : undefined,
    inputUnit:
      parsed.input === null
        ? undefined
        : parsed.input.format === 'raw'
          ? null
          : parsed.input.delimiter === null
            ? 'line'
            : 'record',
    input: parsed.input?.inputs.length === 1 ? parsed.input.inputs[0] : undefined,
  });
  for (const warning of parsed.warnings) reporter.notice(`warning: ${warning}`);
  const stop = stopOnSignals(reporter, parsed.json);
  try {
    // Loaded only for a real run: --help, --version and bad usage do not pay for kafkajs.
    const { run } = await import('./run.js');
    return await run(parsed, reporter, stop.signal);
  } catch (err) {
    if (err instanceof SimpleProduceError) {
      process.stderr.write(`simple-produce: ${redact(err.message)}\n`);
      if (parsed.debug) for (const line of causes(err)) process.stderr.write(`simple-produce: ${redact(line)}\n`);
      return exitCodeOf(err);
    }
    process.stderr.write(
      `simple-produce: unexpected error: ${redact(err instanceof Error ? err.message : String(err))}\n`,
    );
    return ExitCode.someFailed;
  }
}

/** Resolves once everything written so far has left the stream: a pipe to a slow reader buffers. */
const drained = (stream: NodeJS.WritableStream) => new Promise((resolve) => stream.write('', resolve));

main(process.argv.slice(2)).then(async (code) => {
  await Promise.all([stdout && drained(stdout), drained(process.stderr)]);
  process.exit(code);
});
