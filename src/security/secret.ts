// Passwords: a value that prints as [redacted] wherever it ends up, and the password file it may come from.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { unreadable, usageError } from '../core/errors.js';

/** A password. It prints, serialises and inspects as [redacted]; reveal() is for the client alone. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

const registered = new Set<string>();

/** Secrets made during the run (OAuth tokens), which the redactor (redact.ts) cuts out as well. */
export function registerSecret(value: string): void {
  if (value.length > 0) registered.add(value);
}

export const registeredSecrets = (): Iterable<string> => registered;

/** Reads a password file: its first line, as kubectl and docker --password-stdin do. */
export function readPasswordFile(file: string, from: string): Secret {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`${from}: cannot read ${file}: ${unreadable(err)}`);
  }
  const password = text.split(/\r?\n/)[0];
  if (password === '') throw usageError(`${from}: ${file} is empty`);
  return new Secret(password);
}
