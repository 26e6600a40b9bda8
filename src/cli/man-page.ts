// The man page, simple-produce(1), written from the option list, the examples and the exit codes
// (`npm run docs` writes man/simple-produce.1; a unit test fails when it differs).
import { EXAMPLES } from './examples.js';
import { EXIT_CODE_MEANINGS } from './exit-codes.js';
import { flagsOf, OPTION_GROUPS, type OptionSpec, optionSpecs } from './options.js';

/** Text as roff reads it: backslashes and dashes escaped, no line starting with a control character. */
const roff = (text: string) =>
  text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/`/g, '')
    .replace(/^([.'])/gm, '\\&$1');

/** An option's line: its flags in bold, its argument in italics. */
function flags(spec: OptionSpec): string {
  const [names, arg] = flagsOf(spec).split(' <');
  return `.B ${roff(names)}${arg === undefined ? '' : ` \\fI<${roff(arg)}\\fR`}`;
}

const MARKDOWN_LINK = /\[([^\]]+)\]\([^)]+\)/g;

export function manPage(version: string): string {
  const lines = [
    `.TH SIMPLE\\-PRODUCE 1 "" "simple-produce ${version}" "User Commands"`,
    '.SH NAME',
    'simple\\-produce \\- a Kafka producer that reports where every record landed',
    '.SH SYNOPSIS',
    '.B simple\\-produce',
    '\\fB\\-\\-topic\\fR \\fIname\\fR [\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff(
      "Sends the Python SimpleProducer walk-through's keyed messages (key n, value hello world: n), or the records of files and stdin, to a Kafka topic, and reports each one where Kafka stored it (partition and offset) or why it failed. Reports go to stderr; --json writes events to stdout.",
    ),
    '.SH OPTIONS',
  ];
  for (const { heading, options } of OPTION_GROUPS) {
    lines.push(`.SS ${roff(heading)}`);
    for (const spec of optionSpecs.filter((s) => options.includes(s.long) && !s.hidden)) {
      const text = (spec.doc ?? spec.description).replace(MARKDOWN_LINK, '$1');
      const values = spec.parse?.values === undefined ? '' : ` Values: ${spec.parse.values}.`;
      const fallback = spec.default === undefined ? '' : ` Default: ${spec.shown ?? String(spec.default)}.`;
      const sentence = text.endsWith('.') ? text : `${text}.`;
      lines.push('.TP', flags(spec), roff(`${sentence}${values}${fallback}`));
    }
  }
  lines.push('.SH EXAMPLES');
  for (const { what, command } of EXAMPLES) lines.push('.PP', roff(`${what}:`), '.PP', '.RS', roff(command), '.RE');
  lines.push('.SH EXIT STATUS');
  for (const { codes, doc } of EXIT_CODE_MEANINGS) lines.push('.TP', `.B ${codes.join(' / ')}`, roff(doc));
  lines.push(
    '.SH ENVIRONMENT',
    '.TP',
    '.B KAFKA_BROKERS',
    roff('The brokers, when --brokers is not given.'),
    '.TP',
    '.B KAFKA_SASL_PASSWORD',
    roff('The SASL password (there is no --sasl-password: a command line is visible to every user).'),
    '.TP',
    '.B KAFKA_SSL_KEY_PASSWORD',
    roff('The password of an encrypted --ssl-key.'),
    '.SH SEE ALSO',
    '.BR kcat (1),',
    roff('kafka-console-producer; the README and docs/ of simple-produce.'),
  );
  return `${lines.join('\n')}\n`;
}
