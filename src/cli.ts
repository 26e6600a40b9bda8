// The entry point: argv to Config (args.ts), run the command, map the result to the process's exit code.
import { parseArgs } from './args.js';
import { ExitCode, SimpleProduceError } from './errors.js';
import { Reporter } from './report.js';
import { run } from './run.js';

export async function main(argv: string[]): Promise<ExitCode> {
  const parsed = parseArgs(argv, process.stderr);
  if (typeof parsed === 'number') return parsed;
  const reporter = new Reporter({ stream: process.stderr, quiet: parsed.quiet, color: parsed.color });
  try {
    return await run(parsed, reporter);
  } catch (err) {
    if (err instanceof SimpleProduceError) {
      process.stderr.write(`simple-produce: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`simple-produce: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.someFailed;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
