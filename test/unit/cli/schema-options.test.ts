// --value-format and --key-format with their schema options: what they mean together, and the one
// line that refuses what cannot mean anything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig as parse, pemFolder } from '../../support/security-fixtures.js';

const { dir } = pemFolder();
const REGISTRY = ['--schema-registry', 'http://registry:8081'];

describe('schema options', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('bytes on both sides (the default): no schemas', () => {
    expect(parse().schemas).toBeNull();
  });

  it('a side by file, id or version, the latest by default; the strategy and auto-registration', () => {
    const schemas = parse(
      ...REGISTRY,
      '--value-format',
      'jsonschema',
      '--value-schema',
      'p.json',
      '--key-format',
      'avro',
      '--key-schema-id',
      '7',
      '--subject-name-strategy',
      'topic-record',
      '--no-auto-register',
    ).schemas;
    expect(schemas).toMatchObject({
      value: { side: 'value', format: 'json-schema', source: { file: 'p.json' }, subject: null },
      key: { side: 'key', format: 'avro', source: { id: 7 } },
      autoRegister: false,
      strategy: 'topic-record',
    });
    expect(schemas?.registry.url.href).toBe('http://registry:8081/');
    expect(parse(...REGISTRY, '--value-format', 'avro').schemas?.value?.source).toEqual({ version: 'latest' });
    expect(parse(...REGISTRY, '--value-format', 'avro', '--value-schema-version', '3').schemas?.value?.source).toEqual({
      version: 3,
    });
  });

  it('the registry and auto.register.schemas from client.properties; user info from the environment', () => {
    const file = join(dir, 'schemas.properties');
    writeFileSync(file, 'schema.registry.url=https://sr.example.com\nauto.register.schemas=false\n');
    vi.stubEnv('SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO', 'u:p');
    const { schemas } = parse('--command-config', file, '--value-format', 'avro');
    expect(schemas?.registry.url.href).toBe('https://sr.example.com/');
    expect(schemas?.autoRegister).toBe(false);
    expect(schemas?.registry.userInfo?.reveal()).toBe('u:p');
    expect(JSON.stringify(schemas)).not.toContain('u:p');
  });

  it("the registry's user info: the option's file, then basic.auth.user.info, then the URL's, then the environment", () => {
    const file = join(dir, 'registry-auth.properties');
    writeFileSync(
      file,
      'schema.registry.url=https://url-user:url%3Apass@sr.example.com\nbasic.auth.credentials.source=USER_INFO\nschema.registry.basic.auth.user.info=alice:s3cret\n',
    );
    const secret = join(dir, 'registry-user-info');
    writeFileSync(secret, 'bob:hunter2\n');
    vi.stubEnv('SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO', 'env:pw');
    const fromFile = parse('--command-config', file, '--value-format', 'avro');
    expect(fromFile.schemas?.registry.userInfo?.reveal()).toBe('alice:s3cret');
    expect(fromFile.schemas?.registry.url.href).toBe('https://sr.example.com/');
    expect(fromFile.warnings).toEqual([]);
    const option = parse(
      '--command-config',
      file,
      '--schema-registry-user-info-file',
      secret,
      '--value-format',
      'avro',
    );
    expect(option.schemas?.registry.userInfo?.reveal()).toBe('bob:hunter2');

    const urlOnly = join(dir, 'registry-url.properties');
    writeFileSync(urlOnly, 'schema.registry.url=https://url-user:url%3Apass@sr.example.com\n');
    const fromUrl = parse('--command-config', urlOnly, '--value-format', 'avro');
    expect(fromUrl.schemas?.registry.userInfo?.reveal()).toBe('url-user:url:pass');
    expect(JSON.stringify(fromUrl.schemas)).not.toContain('pass');
    expect(parse(...REGISTRY, '--value-format', 'avro').schemas?.registry.userInfo?.reveal()).toBe('env:pw');
  });

  it("an https registry's TLS: --schema-registry-ca, or the brokers' TLS keys prefixed schema.registry.", () => {
    const { caFile } = pemFolder();
    const https = ['--schema-registry', 'https://sr.example.com', '--value-format', 'avro'];
    expect(parse(...https).schemas?.registry.tls).toMatchObject({ ca: null, verifyCertificate: true });
    expect(parse(...https, '--schema-registry-ca', caFile).schemas?.registry.tls?.ca).toContain('BEGIN CERTIFICATE');
    const file = join(dir, 'registry-tls.properties');
    writeFileSync(
      file,
      [
        'schema.registry.url=https://sr.example.com',
        `schema.registry.ssl.truststore.location=${caFile}`,
        'schema.registry.ssl.truststore.type=PEM',
        '',
      ].join('\n'),
    );
    const { schemas, warnings } = parse('--command-config', file, '--value-format', 'avro');
    expect(schemas?.registry.tls).toMatchObject({ ca: expect.stringContaining('BEGIN CERTIFICATE'), cert: null });
    expect(warnings).toEqual([]);
    // http has no TLS: the file's keys are left unused, the option is refused.
    expect(parse(...REGISTRY, '--value-format', 'avro').schemas?.registry.tls).toBeNull();
    expect(() => parse(...REGISTRY, '--value-format', 'avro', '--schema-registry-ca', caFile)).toThrow(
      '--schema-registry-ca goes with an https --schema-registry',
    );
  });

  it('refuses user info where it would be seen or cannot be used', () => {
    expect(() => parse('--schema-registry', 'http://u:p@registry:8081', '--value-format', 'avro')).toThrow(
      '--schema-registry: no user:password in the URL on the command line',
    );
    const file = join(dir, 'registry-inherit.properties');
    writeFileSync(file, 'schema.registry.url=http://registry:8081\nbasic.auth.credentials.source=SASL_INHERIT\n');
    expect(() => parse('--command-config', file, '--value-format', 'avro')).toThrow(
      'basic.auth.credentials.source SASL_INHERIT: USER_INFO or URL are supported',
    );
  });

  it('refuses what cannot mean anything, in one line', () => {
    expect(() => parse('--value-format', 'avro')).toThrow(
      '--value-format avro needs --schema-registry (or schema.registry.url in --command-config)',
    );
    expect(() => parse(...REGISTRY, '--value-format', 'avro', '--value-schema', 'a', '--value-schema-id', '1')).toThrow(
      '--value-schema, --value-schema-id and --value-schema-version: give one',
    );
    expect(() => parse('--value-schema', 'a.avsc')).toThrow(
      '--value-schema goes with --value-format avro, json-schema or protobuf',
    );
    expect(() => parse('--key-schema-id', '3')).toThrow(
      '--key-schema-id goes with --key-format avro, json-schema or protobuf',
    );
    expect(() => parse('--value-message', 'Order')).toThrow('--value-message goes with --value-format protobuf');
    expect(() => parse(...REGISTRY, '--value-format', 'avro', '--value-message', 'Order')).toThrow(
      '--value-message goes with --value-format protobuf',
    );
    expect(() => parse('--no-auto-register')).toThrow(
      '--no-auto-register goes with a --value-format or --key-format other than bytes',
    );
    expect(() => parse('--value-format', 'thrift')).toThrow(
      '--value-format must be one of bytes, avro, json-schema, protobuf, not "thrift"',
    );
    expect(() => parse(...REGISTRY, '--value-format', 'avro', '--value-schema-version', 'newest')).toThrow(
      '--value-schema-version must be an integer from 1 to 2147483647, not "newest"',
    );
    expect(() => parse('--schema-registry', 'registry:8081')).toThrow(
      '--schema-registry must be an http or https URL, not "registry:8081"',
    );
    expect(() => parse('--dry-run', '--verify')).toThrow('--verify: --dry-run sends nothing');
    expect(() => parse('--dry-run', '--transactional-id', 't')).toThrow('--transactional-id: --dry-run sends nothing');
    expect(parse('--dry-run').dryRun).toBe(true);
    vi.stubEnv('SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO', 'no-colon');
    expect(() => parse(...REGISTRY, '--value-format', 'avro')).toThrow(
      "the schema registry's user info must be user:password",
    );
  });
});
