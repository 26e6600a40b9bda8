// The commander program built from the option list (options.ts): argv in, a Config (config.ts) or an exit code out.
import { Command, CommanderError, Option } from 'commander';
import { SimpleProduceError } from '../core/errors.js';
import { type Config, toConfig } from './config.js';
import { EXAMPLES } from './examples.js';
import { EXIT_CODE_MEANINGS, ExitCode, exitCodeOf } from './exit-codes.js';
import { flagsOf, groupOf, OPTION_GROUPS, type OptionSpec, optionSpecs } from './options.js';

// package.json's version, put in by the build (scripts/build.mjs) and by vitest.config.ts.
declare const __SIMPLE_PRODUCE_VERSION__: string;
const version = __SIMPLE_PRODUCE_VERSION__;

const PASSWORD_HELP = `
Passwords: there is no --sasl-password. A command line is visible to every user of the machine (ps,
/proc/<pid>/cmdline) and stays in shell history, so the SASL password comes from KAFKA_SASL_PASSWORD,
--sasl-password-file or --command-config. It never appears in any output, event or log line.`;

const EXIT_CODES_HELP = `
Examples:
${EXAMPLES.map(({ what, command }) => `  # ${what}\n  ${command}`).join('\n')}

Exit codes:
${EXIT_CODE_MEANINGS.map(({ codes, help }) => `  ${codes.join('/').padEnd(8)} ${help}`).join('\n')}
${PASSWORD_HELP}`;

/** The help line, with a number's range. */
const helpLine = ({ description, parse }: OptionSpec): string =>
  parse?.values !== undefined && /^\d+ to \d+$/.test(parse.values) ? `${description} (${parse.values})` : description;

function program(stderr: NodeJS.WritableStream, stdout: () => NodeJS.WritableStream): Command {
  const cmd = new Command('simple-produce')
    .description(
      "Sends one keyed message 'hello world: n' (key n) per interval to a Kafka topic and reports where each landed.",
    )
    .version(version, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout().write(text),
      writeErr: (text) => stderr.write(text),
      outputError: (text, write) => write(`simple-produce: ${text.trim().replace(/^error: /, '')} (see --help)\n`),
    });
  for (const spec of OPTION_GROUPS.flatMap(({ options }) => optionSpecs.filter((s) => options.includes(s.long)))) {
    const option = new Option(flagsOf(spec), helpLine(spec)).helpGroup(`${groupOf(spec)}:`);
    if (spec.parse) {
      const parse = spec.parse;
      option.argParser((text: string, previous: unknown) => {
        try {
          const value = parse(text, `--${spec.long}`);
          return spec.repeatable ? [...((previous as unknown[] | undefined) ?? []), value] : value;
        } catch (err) {
          throw new CommanderError(ExitCode.usage, 'simple-produce.invalidArgument', (err as Error).message);
        }
      });
    }
    if (spec.default !== undefined) option.default(spec.default, spec.shown ?? String(spec.default));
    if (spec.env) option.env(spec.env);
    if (spec.hidden) option.hideHelp();
    cmd.addOption(option);
  }
  return cmd;
}

/** Parses argv into a Config, or returns the exit code for --help, --version and bad usage (whose
 * text goes to stdout, asked for only then, and stderr). */
export function parseArgs(
  argv: string[],
  stderr: NodeJS.WritableStream,
  stdout: () => NodeJS.WritableStream = () => process.stdout,
): Config | ExitCode {
  const cmd = program(stderr, stdout);
  try {
    cmd.parse(argv, { from: 'user' });
    return toConfig({ values: cmd.opts(), given: (name) => cmd.getOptionValueSource(name) === 'cli' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'simple-produce.invalidArgument') stderr.write(`simple-produce: ${err.message}\n`);
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof SimpleProduceError) {
      stderr.write(`simple-produce: ${err.message}\n`);
      return exitCodeOf(err);
    }
    throw err;
  }
}
