// The local Schema Registry: Apicurio Registry, whose Confluent-compatible API (/apis/ccompat/v7) the
// schema tests and `npm run demo:schema` use. Its runnable distribution comes from Maven Central (the
// `all` zip of io.apicurio:apicurio-registry-app, unpacked once into the cache, as the Kafka jars are);
// it runs on 127.0.0.1 with in-memory storage, so nothing survives a restart.
import { execFile, spawn } from 'node:child_process';
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
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { STATE_DIR } from './cluster.js';

const execFileAsync = promisify(execFile);

export const REGISTRY_VERSION = '3.0.9';
export const REGISTRY_PORT = 18081;
/** The Confluent-compatible API, as Confluent's clients and ours take it. */
export const REGISTRY_URL = `http://127.0.0.1:${REGISTRY_PORT}/apis/ccompat/v7`;

const dir = join(STATE_DIR, 'registry');
const pidFile = join(dir, 'pid');
export const REGISTRY_LOG = join(dir, 'registry.log');
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

/** The registry's pid, if the process in the pid file is ours. */
export function registryPid(): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!(pid > 0)) return null;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(`apicurio-registry-app-${REGISTRY_VERSION}-runner.jar`) ? pid : null;
  } catch {
    return null;
  }
}

/** Whether the API answers. */
export async function registryAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${REGISTRY_URL}/subjects`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts the registry unless it runs; resolves when its API answers. true when this call started it. */
export async function registryUp(timeoutMs = 90_000): Promise<boolean> {
  if (registryPid() !== null && (await registryAnswers())) return false;
  if (registryPid() === null && (await registryAnswers())) {
    throw new RegistryError(`port ${REGISTRY_PORT} answers, but not with this project's registry`);
  }
  const folder = await fetchRegistry();
  mkdirSync(dir, { recursive: true });
  if (registryPid() === null) {
    rmSync(pidFile, { force: true });
    const log = openSync(REGISTRY_LOG, 'a');
    const java = [
      '-Xmx512m',
      `-Dquarkus.http.host=127.0.0.1`,
      `-Dquarkus.http.port=${REGISTRY_PORT}`,
      // One line a request: the tests count the registry's requests from it.
      '-Dquarkus.http.access-log.enabled=true',
      '-jar',
      runnerJar(),
    ];
    // setsid -f: the JVM outlives whoever started it (a test worker, npm), as the brokers do.
    const child = spawn('setsid', ['-f', 'bash', '-c', 'echo $$ > "$0"; exec java "$@"', pidFile, ...java], {
      cwd: folder,
      stdio: ['ignore', log, log],
    });
    await new Promise((resolve) => child.once('exit', resolve));
    closeSync(log);
  }
  const deadline = Date.now() + timeoutMs;
  while (!(await registryAnswers())) {
    if (existsSync(pidFile) && !isAlive(pidFile)) {
      throw new RegistryError(`the registry exited at start (see ${REGISTRY_LOG})`);
    }
    if (Date.now() > deadline)
      throw new RegistryError(`the registry did not answer within ${timeoutMs} ms (see ${REGISTRY_LOG})`);
    await sleep(250);
  }
  return true;
}

function isAlive(file: string): boolean {
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && existsSync(`/proc/${pid}`);
}

/** Stops the registry by its pid and waits for it to exit; false when it was not running. */
export async function registryDown(graceMs = 20_000): Promise<boolean> {
  const pid = registryPid();
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (registryPid() === pid) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(100);
  }
  rmSync(pidFile, { force: true });
  return true;
}

/** The registry's requests so far, from its access log, that match a path. */
export function registryRequests(path: RegExp): number {
  if (!existsSync(REGISTRY_LOG)) return 0;
  return readFileSync(REGISTRY_LOG, 'utf8')
    .split('\n')
    .filter((line) => line.includes('apicurio-registry.access') && path.test(/path="([^"]*)"/.exec(line)?.[1] ?? ''))
    .length;
}
