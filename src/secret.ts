// Passwords: a value that prints as [redacted] wherever it ends up, the password file it may come
// from, and the redactor that cuts any password out of a line before it is printed.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { unreadable, usageError } from './errors.js';
import type { Security } from './security.js';

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

/** Replaces every password in text with [redacted]: the last guard on what reaches stdout, stderr and the debug log. */
export function redactor(security: Security): (text: string) => string {
  const secrets = [security.sasl?.password, security.tls?.keyPassword]
    .filter((s): s is Secret => s != null)
    .map((s) => s.reveal())
    .filter((s) => s.length > 0);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
