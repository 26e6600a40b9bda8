// Parsers of option and setting values: text in, a value out, or a one-line usage error that names
// the option. Each says what it takes (`values`), for --help and the README's option table.
import { usageError } from './errors.js';

/** Parses an option's text; `flag` (--linger-ms, or a client.properties key) names it in the error. */
export interface Parser<T = unknown> {
  (text: string, flag: string): T;
  /** What it accepts, for the docs: "0 to 900000", "all, 1 or 0". */
  readonly values?: string;
}

export const withValues = <T>(values: string, parse: (text: string, flag: string) => T): Parser<T> =>
  Object.assign(parse, { values });

/** A whole number from min to max: no sign, fraction, exponent or hex, nothing a typo could turn into a huge one. */
export function integer(min: number, max: number): Parser<number> {
  return withValues(`${min} to ${max}`, (text, flag) => {
    const value = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      throw usageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
    }
    return value;
  });
}

/** One of a fixed list of words, case-insensitive where `fold` says so; the word as the list spells it.
 * `hint` follows the refusal, in brackets. */
export function oneOf<const T extends string>(
  words: readonly T[],
  fold?: (text: string) => string,
  hint?: string,
): Parser<T> {
  const values = `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  return withValues(values, (text, flag) => {
    const word = fold ? fold(text.trim()) : text;
    if (!(words as readonly string[]).includes(word)) {
      throw usageError(`${flag} must be one of ${words.join(', ')}, not "${text}"${hint ? ` (${hint})` : ''}`);
    }
    return word as T;
  });
}

export const parseBoolean: Parser<boolean> = withValues('true or false', (text, flag) => {
  if (!/^(true|false)$/i.test(text.trim())) throw usageError(`${flag} must be true or false, not "${text}"`);
  return text.trim().toLowerCase() === 'true';
});

/** Any text but the empty one. */
export const nonEmpty: Parser<string> = withValues('text', (text, flag) => {
  if (text === '') throw usageError(`${flag} must not be empty`);
  return text;
});
