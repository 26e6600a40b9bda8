// The local Schema Registry: Apicurio Registry, whose Confluent-compatible API (/apis/ccompat/v7) the
// schema tests and `npm run demo:schema` use. Its runnable distribution comes from Maven Central (the
// `all` zip of io.apicurio:apicurio-registry-app, unpacked once into the cache, as the Kafka jars are);
// it runs on 127.0.0.1 with in-memory storage, so nothing survives a restart.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_USERNAME, SECRETS_DIR, STATE_DIR, TLS } from './cluster.js';
import { ensureClusterTls } from './tls.js';

const execFileAsync = promisify(execFile);

export const REGISTRY_VERSION = '3.0.9';
export const REGISTRY_PORT = 18081;
/** The Confluent-compatible API, as Confluent's clients and ours take it. */
export const REGISTRY_URL = `http://127.0.0.1:${REGISTRY_PORT}/apis/ccompat/v7`;

const cacheRoot = () =>
  process.env.SIMPLE_PRODUCE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'simple-produce');
const home = () => join(cacheRoot(), `apicurio-registry-${REGISTRY_VERSION}`);
const runnerJar = () => join(home(), `apicurio-registry-app-${REGISTRY_VERSION}-runner.jar`);

export class RegistryError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Unpacks the registry's distribution into the cache, once. maven-dependency-plugin 2.10: 3.x reads
 * the artifact's parent POM, which Maven Central does not have; the zip, since the old plugin cuts a
 * long name out of the tar.gz. */
export async function fetchRegistry(): Promise<string> {
  if (existsSync(join(home(), '.complete'))) return home();
  const tmp = `${home()}.tmp.${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await execFileAsync(
      'mvn',
      [
        '-q',
        '-B',
        'org.apache.maven.plugins:maven-dependency-plugin:2.10:unpack',
        `-Dartifact=io.apicurio:apicurio-registry-app:${REGISTRY_VERSION}:zip:all`,
        `-DoutputDirectory=${tmp}`,
      ],
      { cwd: tmp, maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new RegistryError(
      `mvn could not fetch Apicurio Registry ${REGISTRY_VERSION}: ${`${stdout}${stderr}`.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  if (!readdirSync(tmp).some((f) => f.endsWith('-runner.jar'))) {
    throw new RegistryError(`Apicurio Registry ${REGISTRY_VERSION} unpacked without its runner jar (${tmp})`);
  }
  rmSync(home(), { recursive: true, force: true });
  renameSync(tmp, home());
  writeFileSync(join(home(), '.complete'), '');
  return home();
}

/** The secured registry's one user, made once: basic auth's user:password. */
export interface RegistryUser {
  username: string;
  password: string;
}

/** One local registry: where it listens, what it is started with, where its pid and log are. */
class LocalRegistry {
  readonly dir: string;
  readonly pidFile: string;
  readonly log: string;

  constructor(
    readonly name: string,
    readonly port: number,
    /** Its Confluent-compatible API. */
    readonly url: string,
    /** The JVM's -D settings beyond the host, made when it starts. */
    private readonly settings: () => Promise<string[]>,
    /** What a request must carry to be answered (the secured one's CA and user). */
    private readonly requestInit: () => { headers?: Record<string, string>; ca?: string } = () => ({}),
  ) {
    this.dir = join(STATE_DIR, name);
    this.pidFile = join(this.dir, 'pid');
    this.log = join(this.dir, 'registry.log');
  }

  /** The JVM option that tells this registry's process from the other's. */
  private get marker(): string {
    return `-Dsimple-produce.registry=${this.name}`;
  }

  /** Its pid, if the process in the pid file is ours. */
  pid(): number | null {
    if (!existsSync(this.pidFile)) return null;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (!(pid > 0)) return null;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.includes(this.marker) && args.includes(runnerJar()) ? pid : null;
    } catch {
      return null;
    }
  }

  /** Whether its API answers (with the secured one's credentials). */
  async answers(): Promise<boolean> {
    return (await this.status()) === 200;
  }

  /** The HTTP status of a GET of its subjects, or 0 when nothing answers. */
  async status(): Promise<number> {
    try {
      return await getStatus(`${this.url}/subjects`, this.requestInit());
    } catch {
      return 0;
    }
  }

  /** Starts it unless it runs; resolves when its API answers. true when this call started it. */
  async up(timeoutMs = 90_000): Promise<boolean> {
    if (this.pid() !== null && (await this.answers())) return false;
    if (this.pid() === null && (await this.status()) !== 0) {
      throw new RegistryError(`port ${this.port} answers, but not with this project's ${this.name}`);
    }
    const folder = await fetchRegistry();
    mkdirSync(this.dir, { recursive: true });
    if (this.pid() === null) {
      rmSync(this.pidFile, { force: true });
      const log = openSync(this.log, 'a');
      const java = [
        '-Xmx512m',
        this.marker,
        '-Dquarkus.http.host=127.0.0.1',
        // One line a request: the tests count the registry's requests from it.
        '-Dquarkus.http.access-log.enabled=true',
        ...(await this.settings()),
        '-jar',
        runnerJar(),
      ];
      // setsid -f: the JVM outlives whoever started it (a test worker, npm), as the brokers do.
      const child = spawn('setsid', ['-f', 'bash', '-c', 'echo $$ > "$0"; exec java "$@"', this.pidFile, ...java], {
        cwd: folder,
        stdio: ['ignore', log, log],
      });
      await new Promise((resolve) => child.once('exit', resolve));
      closeSync(log);
    }
    const deadline = Date.now() + timeoutMs;
    while (!(await this.answers())) {
      if (existsSync(this.pidFile) && !isAlive(this.pidFile)) {
        throw new RegistryError(`the ${this.name} exited at start (see ${this.log})`);
      }
      if (Date.now() > deadline)
        throw new RegistryError(`the ${this.name} did not answer within ${timeoutMs} ms (see ${this.log})`);
      await sleep(250);
    }
    return true;
  }

  /** Stops it by its pid and waits for it to exit; false when it was not running. */
  async down(graceMs = 20_000): Promise<boolean> {
    const pid = this.pid();
    if (pid === null) return false;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (this.pid() === pid) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        break;
      }
      await sleep(100);
    }
    rmSync(this.pidFile, { force: true });
    return true;
  }

  /** Its requests so far, from its access log, that match a path. */
  requests(path: RegExp): number {
    if (!existsSync(this.log)) return 0;
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('apicurio-registry.access') && path.test(/path="([^"]*)"/.exec(line)?.[1] ?? ''))
      .length;
  }
}

function isAlive(file: string): boolean {
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && existsSync(`/proc/${pid}`);
}

/** A GET's status, over http or https (trusting the given CA). */
function getStatus(url: string, init: { headers?: Record<string, string>; ca?: string }): Promise<number> {
  const target = new URL(url);
  const get = target.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(target, { headers: init.headers, ca: init.ca, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** The registry the schema tests, the demo and the benchmark use: plain http, no credentials. */
export const openRegistry = new LocalRegistry('registry', REGISTRY_PORT, REGISTRY_URL, async () => [
  `-Dquarkus.http.port=${REGISTRY_PORT}`,
]);

export const SECURED_REGISTRY_PORT = 18082;
/** By name, as the certificate has it (localhost and 127.0.0.1). */
export const SECURED_REGISTRY_URL = `https://localhost:${SECURED_REGISTRY_PORT}/apis/ccompat/v7`;
const securedUserFile = join(SECRETS_DIR, 'registry-user.json');

/** The secured registry's user, made once. */
export function securedRegistryUser(): RegistryUser {
  if (!existsSync(securedUserFile)) {
    mkdirSync(SECRETS_DIR, { recursive: true });
    const user: RegistryUser = { username: 'registry-user', password: randomBytes(18).toString('base64url') };
    writeFileSync(securedUserFile, `${JSON.stringify(user)}\n`, { mode: 0o600 });
  }
  return JSON.parse(readFileSync(securedUserFile, 'utf8')) as RegistryUser;
}

/** The CA the secured registry's certificate is signed by: the local cluster's. */
export const SECURED_REGISTRY_CA = TLS.ca.certFile;

/** A second registry, for the tests of what a real deployment asks: https only, with a certificate of
 * the local cluster's CA, and HTTP basic auth for one user (Quarkus's embedded users, which
 * Apicurio's build carries). */
export const securedRegistry = new LocalRegistry(
  'registry-secured',
  SECURED_REGISTRY_PORT,
  SECURED_REGISTRY_URL,
  async () => {
    await ensureClusterTls(join(SECRETS_DIR, 'tls'), LOCAL_USERNAME);
    const { username, password } = securedRegistryUser();
    return [
      `-Dquarkus.http.ssl-port=${SECURED_REGISTRY_PORT}`,
      '-Dquarkus.http.insecure-requests=disabled',
      `-Dquarkus.http.ssl.certificate.files=${TLS.broker.certFile}`,
      `-Dquarkus.http.ssl.certificate.key-files=${TLS.broker.keyFile}`,
      '-Dquarkus.http.auth.basic=true',
      '-Dquarkus.security.users.embedded.enabled=true',
      '-Dquarkus.security.users.embedded.plain-text=true',
      `-Dquarkus.security.users.embedded.users.${username}=${password}`,
      `-Dquarkus.security.users.embedded.roles.${username}=sr-admin`,
    ];
  },
  () => {
    const { username, password } = securedRegistryUser();
    const ca = existsSync(SECURED_REGISTRY_CA) ? readFileSync(SECURED_REGISTRY_CA, 'utf8') : undefined;
    return { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }, ca };
  },
);

export const registryPid = () => openRegistry.pid();
export const registryAnswers = () => openRegistry.answers();
export const registryUp = (timeoutMs?: number) => openRegistry.up(timeoutMs);
export const registryDown = (graceMs?: number) => openRegistry.down(graceMs);
export const registryRequests = (path: RegExp) => openRegistry.requests(path);
export const REGISTRY_LOG = openRegistry.log;
