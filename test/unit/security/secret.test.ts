// What becomes of a password: [redacted] wherever it ends up.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactor } from '../../../src/security/redact.js';
import { Secret } from '../../../src/security/secret.js';
import type { Security } from '../../../src/security/settings.js';

describe('a password', () => {
  it('prints, serialises and inspects as [redacted]', () => {
    const secret = new Secret('hunter2');
    const holder = { sasl: { password: secret } };
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify(holder)).toBe('{"sasl":{"password":"[redacted]"}}');
    expect(inspect(holder, { depth: 5 })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2');
  });

  it('is cut out of any text by the redactor', () => {
    const security: Security = {
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'PLAIN', username: 'u', password: new Secret('hunter2') },
      tls: null,
    };
    expect(redactor(security)('a hunter2 b hunter2')).toBe('a [redacted] b [redacted]');
  });
});
