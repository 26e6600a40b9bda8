// client.properties in both dialects, and sasl.jaas.config, read into one SecurityInput.
import { describe, expect, it } from 'vitest';
import { parseClientProperties, parseJaasConfig } from '../../../src/security/client-properties.js';
import { securityFromFile } from '../../../src/security/from-file.js';
import { fileInput, passwordSasl, pemFolder, resolve } from '../../support/security-fixtures.js';

const { caFile } = pemFolder();

describe('client.properties, Java dialect', () => {
  it('reads = and : separators, comments, continued lines and \\u escapes, with line numbers', () => {
    const props = parseClientProperties(
      [
        '# comment',
        '! also a comment',
        'bootstrap.servers : b1:9092,b2:9092',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
        '    username="alice" \\',
        '    password="p\\u00e4ss";',
        'security.protocol=SASL_SSL',
      ].join('\n'),
      'c.properties',
    );
    expect(props.dialect).toBe('java');
    expect(props.entries.get('bootstrap.servers')).toEqual({
      key: 'bootstrap.servers',
      value: 'b1:9092,b2:9092',
      where: 'c.properties:3',
    });
    expect(props.entries.get('sasl.jaas.config')?.where).toBe('c.properties:4');
    expect(props.entries.get('security.protocol')?.where).toBe('c.properties:7');
    const input = securityFromFile(props).input;
    expect(input.username?.value).toBe('alice');
    expect(input.password?.value.reveal()).toBe('päss');
  });

  it('refuses a key alone on its line, with file and line', () => {
    expect(() => parseClientProperties('a=1\n\nlonely\n', 'c.properties')).toThrow(
      'c.properties:3: expected key=value, found "lonely" alone',
    );
  });

  it('PlainLoginModule implies PLAIN; ScramLoginModule needs sasl.mechanism', () => {
    const plain = fileInput(
      'security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p;',
    );
    expect(plain.mechanism?.value).toBe('PLAIN');
    const scram = fileInput(
      'security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
    );
    expect(() => resolve([scram])).toThrow(
      'SASL needs --sasl-mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER)',
    );
  });

  it('refuses other login modules, JKS stores and unknown mechanisms, naming the line', () => {
    expect(() => fileInput('sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required;')).toThrow(
      'client.properties:1: sasl.jaas.config: Krb5LoginModule is not supported',
    );
    expect(() => fileInput('sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;')).toThrow(
      'IAMLoginModule (AWS_MSK_IAM) is not supported: use sasl.mechanism=OAUTHBEARER',
    );
    expect(() => fileInput('security.protocol=SSL\nssl.truststore.location=/t.jks\nssl.truststore.type=JKS')).toThrow(
      'client.properties:3: ssl.truststore.type JKS is not supported: convert the store to PEM',
    );
    expect(() => fileInput('ssl.keystore.location=/k.p12\nssl.keystore.type=PKCS12')).toThrow(
      'client.properties:2: ssl.keystore.type PKCS12 is not supported',
    );
    expect(() => fileInput('security.protocol=SASL_SSL\nsasl.mechanism=GSSAPI')).toThrow(
      'client.properties:2: sasl.mechanism must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, not "GSSAPI"',
    );
  });

  it('a PEM keystore file is both the certificate and the key; a PEM truststore is the CA', () => {
    const input = fileInput(
      `security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=${caFile}\nssl.keystore.type=PEM\nssl.keystore.location=/k.pem`,
    );
    expect(input.ca?.value).toEqual({ file: caFile });
    expect(input.cert?.value).toEqual({ file: '/k.pem' });
    expect(input.key?.value).toEqual({ file: '/k.pem' });
  });
});

describe('client.properties, librdkafka dialect', () => {
  it('is recognised by its keys and read literally: a backslash in a password stays', () => {
    const props = parseClientProperties(
      'bootstrap.servers=b:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512\nsasl.username=bob\nsasl.password=a\\b=c \n',
      'rd.properties',
    );
    expect(props.dialect).toBe('librdkafka');
    const { security } = resolve([securityFromFile(props).input]);
    expect(security.sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(passwordSasl(security).username).toBe('bob');
    expect(passwordSasl(security).password.reveal()).toBe('a\\b=c');
  });

  it('refuses a line without =, with file and line', () => {
    expect(() => parseClientProperties('sasl.username=u\n# c\nnonsense line\n', 'rd.properties')).toThrow(
      'rd.properties:3: expected key=value, found "nonsense line"',
    );
  });
});

describe('sasl.jaas.config', () => {
  it('reads quoted values with escapes and unquoted values', () => {
    expect(parseJaasConfig('a.b.PlainLoginModule required username="x \\"y\\"" password=z;', 'f:1')).toEqual({
      module: 'a.b.PlainLoginModule',
      options: { username: 'x "y"', password: 'z' },
    });
  });

  it('says what is wrong without quoting the password back', () => {
    for (const text of [
      'PlainLoginModule required username="u" password="hunter2"',
      'PlainLoginModule username="u" password="hunter2";',
      'PlainLoginModule required username="u" password="hunter2;',
    ]) {
      let message = '';
      try {
        parseJaasConfig(text, 'f:4');
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^f:4: sasl\.jaas\.config is not/);
      expect(message).not.toContain('hunter2');
    }
  });
});
