// Files and helpers the security unit tests share: a folder with a fake CA, certificate and key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args.js';
import type { Config } from '../../src/cli/config.js';
import { parseClientProperties } from '../../src/security/client-properties.js';
import { securityFromFile } from '../../src/security/from-file.js';
import { type PasswordSasl, resolveSecurity, type Security, type SecurityInput } from '../../src/security/settings.js';

export const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
export const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

/** A new folder holding ca.pem, client.pem and client.key (PEM-looking, not real keys). */
export function pemFolder(): { dir: string; caFile: string; certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'simple-produce-unit-'));
  const files = {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'client.pem'),
    keyFile: join(dir, 'client.key'),
  };
  writeFileSync(files.caFile, CERT);
  writeFileSync(files.certFile, CERT);
  writeFileSync(files.keyFile, KEY);
  return files;
}

export const fileInput = (text: string, name = 'client.properties') =>
  securityFromFile(parseClientProperties(text, name)).input;

export const resolve = (sources: SecurityInput[], env: NodeJS.ProcessEnv = {}, brokers = ['localhost:9092']) => {
  const warnings: string[] = [];
  const security = resolveSecurity(sources, brokers, (w) => warnings.push(w), env);
  return { security, warnings };
};

/** The SASL settings of a user name and password (PLAIN or SCRAM); fails the test on any other. */
export function passwordSasl(security: Security): PasswordSasl {
  if (security.sasl === null || security.sasl.mechanism === 'OAUTHBEARER') {
    throw new Error(`expected PLAIN or SCRAM, got ${security.sasl?.mechanism ?? 'no SASL'}`);
  }
  return security.sasl;
}

/** The command line's Config, or its usage error thrown as the line it prints. */
export const parseConfig = (...argv: string[]): Config => {
  let errors = '';
  const stderr = { write: (text: string) => (errors += text) } as unknown as NodeJS.WritableStream;
  const config = parseArgs(['--topic', 't', ...argv], stderr);
  if (typeof config === 'number') throw new Error(errors.trim());
  return config;
};
