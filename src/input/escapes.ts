// Separators as users type them (kcat's -D and -K, the console producer's properties): \n, \r, \t,
// \0, \\ and \xNN escapes; anything else is its own UTF-8 bytes.
import { usageError } from '../core/errors.js';

const NAMED: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00, '\\': 0x5c };

/** The bytes a separator stands for; `flag` names the option in a refusal. */
export function unescapeSeparator(text: string, flag: string): Buffer {
  const bytes: Buffer[] = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') bytes.push(Buffer.from(plain));
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      plain += text[i];
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && next in NAMED) {
      flush();
      bytes.push(Buffer.of(NAMED[next]));
      i++;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      flush();
      bytes.push(Buffer.of(Number.parseInt(text.slice(i + 2, i + 4), 16)));
      i += 3;
    } else {
      throw usageError(`${flag}: "\\${next ?? ''}" is not an escape (\\n, \\r, \\t, \\0, \\\\ or \\xNN)`);
    }
  }
  flush();
  const separator = Buffer.concat(bytes);
  if (separator.length === 0) throw usageError(`${flag} must not be empty`);
  return separator;
}
