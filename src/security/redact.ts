// The last guard on what reaches stdout, stderr and the debug log: every password cut out of a line.
import type { Secret } from './secret.js';
import type { Security } from './settings.js';

/** Replaces every password in text with [redacted]. */
export function redactor(security: Security): (text: string) => string {
  const secrets = [security.sasl?.password, security.tls?.keyPassword]
    .filter((s): s is Secret => s != null)
    .map((s) => s.reveal())
    .filter((s) => s.length > 0);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
