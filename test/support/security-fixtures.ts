// Files and helpers the security unit tests share: a folder with a fake CA, certificate and key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClientProperties } from '../../src/security/client-properties.js';
import { securityFromFile } from '../../src/security/from-file.js';
import { resolveSecurity, type SecurityInput } from '../../src/security/settings.js';

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

export const resolve = (sources: SecurityInput[], brokers = ['localhost:9092']) => {
  const warnings: string[] = [];
  const security = resolveSecurity(sources, brokers, (w) => warnings.push(w));
  return { security, warnings };
};
