// --key and --value templates: {n} is the message's counter, {ts} the time the message is made, in ms.
import { usageError } from '../core/errors.js';
import { numberedText } from '../core/generated.js';

export type Template = (n: number) => string;

export function compileTemplate(option: string, text: string): Template {
  const parts = text.split(/(\{n\}|\{ts\})/);
  const unknown = /\{[A-Za-z_]+\}/.exec(parts.filter((_, i) => i % 2 === 0).join(''));
  if (unknown !== null) throw usageError(`${option}: unknown placeholder ${unknown[0]} (use {n} or {ts})`);
  if (parts.length === 1) return () => text;
  if (parts.length === 3 && parts[1] === '{n}') {
    const [before, , after] = parts;
    return numberedText(before, after);
  }
  return (n) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      out += i % 2 === 0 ? parts[i] : parts[i] === '{n}' ? String(n) : String(Date.now());
    }
    return out;
  };
}
