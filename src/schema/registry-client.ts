// A Schema Registry's REST API, as Confluent defined it (and Apicurio's ccompat/v7 serves it): a
// schema's id by registering or looking it up under a subject, a schema by its id, a subject's
// version. Each answer is kept for the run, so a million records ask no more than one.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { SimpleProduceError } from '../core/errors.js';
import type { Secret } from '../security/secret.js';
import { isUntrustedCertificate, nodeTlsOptions, type TlsSettings } from '../security/settings.js';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface RegisteredSchema {
  id: number;
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  /** The subject and version it was found under, when it was looked up by them. */
  subject?: string;
  version?: number;
}

export interface RegistrySettings {
  url: URL;
  /** basic.auth.user.info: user:password. */
  userInfo: Secret | null;
  /** An https registry's TLS (its CA, a client certificate); null for http. */
  tls: TlsSettings | null;
  timeoutMs: number;
}

const requireBuiltin = createRequire(import.meta.url);

/** The kind of each failure, for its exit code: the registry out of reach, refusing us, or refusing
 * what we asked (an unknown subject, an incompatible schema). */
const registryError = (kind: 'CONNECT' | 'AUTH' | 'SCHEMA', message: string) => new SimpleProduceError(kind, message);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class RegistryClient {
  readonly #cache = new Map<string, Promise<unknown>>();
  /** Requests made, for the tests' count. */
  requests = 0;

  constructor(private readonly settings: RegistrySettings) {}

  get url(): string {
    return this.settings.url.href;
  }

  /** Registers the schema under the subject (or finds it there: registering is idempotent) and gives its id. */
  register(
    subject: string,
    schema: string,
    schemaType: SchemaType,
    references: SchemaReference[] = [],
  ): Promise<number> {
    return this.once(`register ${subject} ${schemaType} ${schema}`, async () => {
      const answer = await this.call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
        schema,
        schemaType,
        references,
      });
      if (answer.status === 409) {
        throw registryError(
          'SCHEMA',
          `the registry refuses the schema for ${subject}: it is not compatible with the subject's versions (${message(answer)})`,
        );
      }
      if (answer.status === 422)
        throw registryError('SCHEMA', `the registry refuses the schema for ${subject}: ${message(answer)}`);
      return this.idOf(answer, `registering under ${subject}`);
    });
  }

  /** The id and version of the schema under the subject, which must hold it already. */
  lookup(
    subject: string,
    schema: string,
    schemaType: SchemaType,
    references: SchemaReference[] = [],
  ): Promise<{ id: number; version: number }> {
    return this.once(`lookup ${subject} ${schemaType} ${schema}`, async () => {
      const answer = await this.call('POST', `/subjects/${encodeURIComponent(subject)}`, {
        schema,
        schemaType,
        references,
      });
      if (answer.status === 404) {
        const what =
          errorCode(answer) === 40401 ? `has no subject ${subject}` : `has not registered this schema under ${subject}`;
        throw registryError('SCHEMA', `the registry ${what}`);
      }
      return { id: this.idOf(answer, `looking up under ${subject}`), version: Number(answer.body.version) };
    });
  }

  /** The schema of this id. */
  byId(id: number): Promise<RegisteredSchema> {
    return this.once(`id ${id}`, async () => {
      const answer = await this.call('GET', `/schemas/ids/${id}`);
      if (answer.status === 404) throw registryError('SCHEMA', `the registry has no schema with id ${id}`);
      this.expectOk(answer, `reading schema ${id}`);
      return { id, ...schemaOf(answer.body) };
    });
  }

  /** A version of the subject: 'latest' or a number. */
  version(subject: string, version: 'latest' | number): Promise<RegisteredSchema> {
    return this.once(`version ${subject} ${version}`, async () => {
      const answer = await this.call('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
      if (answer.status === 404) {
        const what =
          errorCode(answer) === 40401 ? `has no subject ${subject}` : `has no version ${version} of ${subject}`;
        throw registryError('SCHEMA', `the registry ${what}`);
      }
      this.expectOk(answer, `reading ${subject} version ${version}`);
      const id = answer.body.id;
      if (typeof id !== 'number') throw registryError('SCHEMA', `the registry answered ${subject} without an id`);
      return { id, subject, version: Number(answer.body.version), ...schemaOf(answer.body) };
    });
  }

  private once<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let pending = this.#cache.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = ask();
      this.#cache.set(key, pending);
    }
    return pending;
  }

  private idOf(answer: Answer, what: string): number {
    this.expectOk(answer, what);
    if (typeof answer.body.id !== 'number')
      throw registryError('SCHEMA', `the registry answered ${what} without an id`);
    return answer.body.id;
  }

  private expectOk(answer: Answer, what: string): void {
    if (answer.status === 401 || answer.status === 403) {
      const who = this.settings.userInfo === null ? 'without credentials' : 'with the credentials given';
      throw registryError('AUTH', `the registry ${this.url} refuses us ${who} (HTTP ${answer.status}) ${what}`);
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw registryError('SCHEMA', `the registry failed ${what}: HTTP ${answer.status} ${message(answer)}`);
    }
  }

  private async call(method: 'GET' | 'POST', path: string, body?: object): Promise<Answer> {
    this.requests++;
    const { url, userInfo, tls, timeoutMs } = this.settings;
    const target = new URL(`${url.pathname.replace(/\/$/, '')}${path}`, url);
    const http = requireBuiltin(target.protocol === 'https:' ? 'node:https' : 'node:http') as typeof Http;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = {
      accept: 'application/vnd.schemaregistry.v1+json, application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (userInfo !== null) headers.authorization = `Basic ${Buffer.from(userInfo.reveal()).toString('base64')}`;
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        target,
        { method, headers, timeout: timeoutMs, ...(tls === null ? {} : nodeTlsOptions(tls)) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            let parsed: unknown = {};
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              // Not JSON: the status says enough.
            }
            const object = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
            resolve({ status: response.statusCode ?? 0, body: object });
          });
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      request.on('error', reject);
      request.end(payload);
    }).catch((err: NodeJS.ErrnoException) => {
      if (err instanceof SimpleProduceError) throw err;
      const code = err.code ?? '';
      if (isUntrustedCertificate(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        const fix =
          tls?.ca == null ? 'give its CA with --schema-registry-ca' : 'is it signed by the CA given for the registry?';
        throw registryError(
          'CONNECT',
          `the schema registry ${url.href} has a certificate we do not trust (${code}): ${fix}`,
        );
      }
      const reason = code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : code || err.message;
      throw registryError('CONNECT', `cannot reach the schema registry ${url.href}: ${reason}`);
    });
  }
}

function schemaOf(body: Record<string, unknown>): Omit<RegisteredSchema, 'id'> {
  if (typeof body.schema !== 'string') throw registryError('SCHEMA', 'the registry answered without a schema');
  const type = typeof body.schemaType === 'string' ? body.schemaType : 'AVRO';
  const references = Array.isArray(body.references) ? (body.references as SchemaReference[]) : [];
  return { schema: body.schema, schemaType: type as SchemaType, references };
}

const errorCode = (answer: Answer): number | undefined =>
  typeof answer.body.error_code === 'number' ? answer.body.error_code : undefined;

const message = (answer: Answer): string =>
  typeof answer.body.message === 'string' ? answer.body.message.split('\n')[0] : `HTTP ${answer.status}`;
