// The precedence of command line, file and environment, and the checks on TLS material.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { issue, type KeyPair, newCa } from '../../../kafka/tls.js';
import { Secret } from '../../../src/security/secret.js';
import type { SecurityInput } from '../../../src/security/settings.js';
import { CERT, passwordSasl, pemFolder, resolve } from '../../support/security-fixtures.js';

const { dir, caFile, certFile, keyFile } = pemFolder();

describe('resolving: command line, then file, then environment', () => {
  const cli: SecurityInput = { password: { value: new Secret('from-cli'), from: '--sasl-password-file' } };
  const file: SecurityInput = {
    protocol: { value: 'SASL_SSL', from: 'f:1' },
    mechanism: { value: 'PLAIN', from: 'f:2' },
    username: { value: 'u', from: 'f:3' },
    password: { value: new Secret('from-file'), from: 'f:4' },
  };
  const env: SecurityInput = { password: { value: new Secret('from-env'), from: 'KAFKA_SASL_PASSWORD' } };

  it('takes each setting from the first source that has it', () => {
    expect(passwordSasl(resolve([cli, file, env]).security).password.reveal()).toBe('from-cli');
    expect(passwordSasl(resolve([{}, file, env]).security).password.reveal()).toBe('from-file');
    const { password: _, ...noPassword } = file;
    expect(passwordSasl(resolve([{}, noPassword, env]).security).password.reveal()).toBe('from-env');
  });

  it('asks for what SASL lacks', () => {
    const sasl: SecurityInput = { protocol: { value: 'SASL_SSL', from: '--security-protocol' } };
    expect(() => resolve([sasl])).toThrow('SASL needs --sasl-mechanism');
    sasl.mechanism = { value: 'SCRAM-SHA-256', from: '--sasl-mechanism' };
    expect(() => resolve([sasl])).toThrow('SASL needs --sasl-username');
    sasl.username = { value: 'alice', from: '--sasl-username' };
    expect(() => resolve([sasl])).toThrow(
      "SASL needs alice's password: set KAFKA_SASL_PASSWORD or pass --sasl-password-file",
    );
  });

  it('refuses SASL or TLS options that the protocol would ignore; leaves a file or the environment be', () => {
    expect(() => resolve([{ username: { value: 'u', from: '--sasl-username' } }])).toThrow(
      '--sasl-username: SASL settings need SASL_PLAINTEXT or SASL_SSL, but the security protocol is PLAINTEXT',
    );
    expect(() => resolve([{ ca: { value: { file: caFile }, from: '--ssl-ca' } }])).toThrow(
      '--ssl-ca: TLS settings need SSL or SASL_SSL',
    );
    expect(resolve([{ ca: { value: { file: caFile }, from: 'f:2' } }, env]).security).toEqual({
      protocol: 'PLAINTEXT',
      sasl: null,
      tls: null,
    });
  });

  it('warns about SASL_PLAINTEXT beyond the loopback address, not on it', () => {
    const sasl = { ...file, protocol: { value: 'SASL_PLAINTEXT' as const, from: 'f:1' } };
    expect(resolve([sasl], {}, ['127.0.0.1:9292', 'localhost:9293', '[::1]:9294']).warnings).toEqual([]);
    expect(resolve([sasl], {}, ['127.0.0.1:9292', 'kafka.example.com:9092']).warnings).toEqual([
      'SASL_PLAINTEXT to kafka.example.com:9092: credentials and messages cross the network unencrypted (use SASL_SSL)',
    ]);
  });
});

describe('TLS material', () => {
  const ssl = (input: SecurityInput) =>
    resolve([{ protocol: { value: 'SSL', from: '--security-protocol' }, ...input }]);

  it('reads PEM files; verification is on unless turned off, and off warns', () => {
    const { security, warnings } = ssl({ ca: { value: { file: caFile }, from: '--ssl-ca' } });
    expect(security.tls).toMatchObject({
      ca: CERT,
      cert: null,
      key: null,
      verifyCertificate: true,
      verifyHostname: true,
    });
    expect(warnings).toEqual([]);
    const off = ssl({ verifyCertificate: { value: false, from: '--ssl-skip-verify' } });
    expect(off.security.tls).toMatchObject({ verifyCertificate: false, verifyHostname: false });
    expect(off.warnings).toEqual([
      'TLS certificate verification is off (--ssl-skip-verify): anyone on the network path can pose as the brokers',
    ]);
  });

  it('names the option and file it cannot read or that is not PEM', () => {
    expect(() => ssl({ ca: { value: { file: join(dir, 'nope.pem') }, from: '--ssl-ca' } })).toThrow(
      `--ssl-ca: cannot read CA file ${join(dir, 'nope.pem')}: no such file`,
    );
    expect(() => ssl({ ca: { value: { file: keyFile }, from: 'f:3' } })).toThrow(
      `f:3: the CA file ${keyFile} is not PEM`,
    );
  });

  it('a certificate needs its key', () => {
    expect(() => ssl({ cert: { value: { file: certFile }, from: '--ssl-cert' } })).toThrow(
      '--ssl-cert: a client certificate needs its key too (--ssl-key)',
    );
  });

  describe('a real key pair (made with openssl)', () => {
    let pair: KeyPair;
    let other: KeyPair;
    let encrypted: string;
    beforeAll(async () => {
      const ca = await newCa(join(dir, 'ca'), 'unit test CA');
      pair = await issue(ca, { dir: join(dir, 'ca'), name: 'client', commonName: 'u', usage: 'clientAuth' });
      other = await issue(ca, { dir: join(dir, 'ca'), name: 'other', commonName: 'o', usage: 'clientAuth' });
      encrypted = join(dir, 'ca', 'client-encrypted.key');
      execFileSync('openssl', [
        'pkcs8',
        '-topk8',
        '-in',
        pair.keyFile,
        '-out',
        encrypted,
        '-passout',
        'pass:open-sesame',
      ]);
    });
    const given = (certFile: string, keyFile: string) => ({
      cert: { value: { file: certFile }, from: '--ssl-cert' },
      key: { value: { file: keyFile }, from: '--ssl-key' },
    });
    const password = (text: string) => ({ keyPassword: { value: new Secret(text), from: 'KAFKA_SSL_KEY_PASSWORD' } });

    it('is accepted; an encrypted key wants its password, the right one', () => {
      expect(ssl(given(pair.certFile, pair.keyFile)).security.tls?.key).toContain('PRIVATE KEY');
      expect(() => ssl(given(pair.certFile, encrypted))).toThrow(
        '--ssl-key: the key is encrypted: set KAFKA_SSL_KEY_PASSWORD (or ssl.key.password)',
      );
      expect(
        ssl({ ...given(pair.certFile, encrypted), ...password('open-sesame') }).security.tls?.keyPassword?.reveal(),
      ).toBe('open-sesame');
      let message = '';
      try {
        ssl({ ...given(pair.certFile, encrypted), ...password('wrong-sesame') });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^--ssl-key: cannot read the key with the password from KAFKA_SSL_KEY_PASSWORD: /);
      expect(message).not.toContain('wrong-sesame');
    });

    it("refuses a key that is not the certificate's", () => {
      expect(() => ssl(given(pair.certFile, other.keyFile))).toThrow(
        '--ssl-key: the key does not belong to the certificate (--ssl-cert)',
      );
    });
  });
});
