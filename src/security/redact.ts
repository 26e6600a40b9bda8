// The last guard on what reaches stdout, stderr and the debug log: every password cut out of a line.
import { registeredSecrets, type Secret } from './secret.js';
import type { Security } from './settings.js';

/** Replaces every password, client secret and OAuth token in text with [redacted]. */
export function redactor(security: Security): (text: string) => string {
  const sasl = security.sasl;
  const given = [
    sasl?.mechanism === 'OAUTHBEARER'
      ? sasl.oauth.method === 'oidc'
        ? sasl.oauth.clientSecret
        : null
      : sasl?.password,
    security.tls?.keyPassword,
  ]
    .filter((s): s is Secret => s != null)
    .map((s) => s.reveal())
    .filter((s) => s.length > 0);
  const oauth = sasl?.mechanism === 'OAUTHBEARER';
  if (given.length === 0 && !oauth) return (text) => text;
  return (text) => {
    // Tokens are made during the run: the list is read at each line.
    const secrets = oauth ? [...given, ...registeredSecrets()] : given;
    return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  };
}
