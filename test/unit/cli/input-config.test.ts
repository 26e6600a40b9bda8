// --input and its options, through the whole command line: each refusal is one line and exit 2.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.js';
import type { Config } from '../../../src/cli/config.js';

const dir = mkdtempSync(join(tmpdir(), 'input-config-'));
const file = join(dir, 'records.txt');
writeFileSync(file, 'a|1\n');

function parse(argv: string[]): { result: Config | number; stderr: string } {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      stderr += chunk;
      done();
    },
  });
  return { result: parseArgs(['-t', 't', ...argv], sink), stderr };
}

function config(argv: string[]): Config {
  const { result, stderr } = parse(argv);
  if (typeof result === 'number') throw new Error(`exit ${result}: ${stderr}`);
  return result;
}

describe('--input', () => {
  it('reads lines by default, as fast as the producer takes them, the inputs in order', () => {
    const c = config(['--input', file, '--input', '-', '-K', '|']);
    expect(c.input).toMatchObject({ inputs: [file, '-'], format: 'lines', delimiter: null, failedOut: null });
    expect(c.input?.line.keySeparator?.toString()).toBe('|');
    expect(c.intervalMs).toBe(0);
    expect(config(['--input', file, '--rate', '10']).intervalMs).toBe(100);
    expect(config(['-t', 't']).input).toBeNull();
  });

  it("takes the console producer's header defaults with --parse-headers, each overridable", () => {
    const c = config(['--input', file, '--parse-headers', '--headers-separator', ';', '--null-marker', 'NULL']);
    const h = c.input?.line.headers;
    expect([h?.delimiter, h?.separator, h?.keySeparator].map(String)).toEqual(['\t', ';', ':']);
    expect(c.input?.line.nullMarker?.toString()).toBe('NULL');
  });

  it('takes --partitioner for generated messages too, murmur2 by default', () => {
    expect(config([]).partitioner).toBe('murmur2');
    expect(config(['--partitioner', 'consistent_random']).partitioner).toBe('consistent_random');
  });

  it.each([
    [['--input', join(dir, 'missing.txt')], `--input ${join(dir, 'missing.txt')}: cannot read it (no such file)`],
    [['--input', dir], `--input ${dir}: a directory, not a file`],
    [['--input', '-', '--input', '-'], '--input - (stdin) can be read only once'],
    [['--format', 'json'], '--format goes with --input'],
    [['-K', '|'], '--key-separator goes with --input'],
    [['--failed-out', 'f'], '--failed-out goes with --input'],
    [['--input', file, '--key', 'k'], "--key is for generated messages: with --input, the records are the input's"],
    [
      ['--input', file, '--duration', '5'],
      "--duration is for generated messages: with --input, the records are the input's",
    ],
    [
      ['--input', '-', '--format', 'raw'],
      '--format raw reads each file as one record, and stdin is not a file: use --format lines, or a file',
    ],
    [
      ['--input', file, '--format', 'json', '-K', '|'],
      '--key-separator does not go with --format json: its records say their key, value and headers',
    ],
    [
      ['--input', file, '--format', 'raw', '--null-marker', 'N'],
      "--null-marker does not go with --format raw: a raw record is a whole file's bytes",
    ],
    [
      ['--input', file, '--format', 'raw', '--failed-out', join(dir, 'f')],
      '--failed-out does not go with --format raw: each failed file is named in its report; send it again',
    ],
    [['--input', file, '--headers-separator', ';'], '--headers-separator goes with --parse-headers'],
    [['--input', file, '-K', ':', '--null-marker', ':'], '--null-marker and --key-separator may not be equal'],
    [
      ['--input', file, '--parse-headers', '--headers-separator', ':'],
      '--headers-separator and --headers-key-separator may not be equal',
    ],
    [
      ['--input', file, '--failed-out', file],
      `--failed-out ${file} is also an --input: it would be emptied before it is read`,
    ],
    [['--input', file, '--failed-out', dir], `--failed-out ${dir}: a directory, not a file`],
    [
      ['--input', file, '--failed-out', join(dir, 'no', 'f')],
      `--failed-out ${join(dir, 'no', 'f')}: cannot write in ${join(dir, 'no')} (no such file)`,
    ],
    [['--input', file, '--format', 'yaml'], '--format must be one of lines, json, raw, not "yaml"'],
    [['--input', file, '-D', '\\q'], '--delimiter: "\\q" is not an escape (\\n, \\r, \\t, \\0, \\\\ or \\xNN)'],
    [['--partitioner', 'sticky'], '--partitioner must be one of murmur2, consistent_random, random, not "sticky"'],
  ])('%j is exit 2: %s', (argv, message) => {
    const { result, stderr } = parse(argv);
    expect(result).toBe(2);
    expect(stderr).toBe(`simple-produce: ${message}\n`);
  });
});
