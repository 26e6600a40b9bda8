// The local 3-node cluster: jars from Maven Central, one data folder, nodes managed by pid. KRaft
// (each node a broker and a controller) on the pinned Kafka; another release, in KRaft or in
// ZooKeeper mode (with one ZooKeeper server of its own), with SIMPLE_PRODUCE_KAFKA_VERSION and
// SIMPLE_PRODUCE_KAFKA_MODE (kafka/version.ts). Used by kafka/cli.ts (npm run kafka:*) and by the
// tests, which stop, kill and freeze nodes.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  ensureOAuthSecrets,
  type OidcClient,
  oauthBrokerProperties,
  oauthFiles,
  oauthJvmOptions,
  oidcClients,
  validatorClass,
} from './oauth.js';
import { clusterTlsFiles, ensureClusterTls } from './tls.js';
import { autoCreateProblem, flavourName, flavourProblem, kafkaFlavour } from './version.js';

const execFileAsync = promisify(execFile);

export const KAFKA_HOME = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(KAFKA_HOME, '..');
/** The release and mode this process's cluster runs. */
export const KAFKA = kafkaFlavour();
/** The cluster's data folder: .kafka for the pinned release, .kafka-<version>-<mode> for another. */
export const STATE_DIR =
  process.env.SIMPLE_PRODUCE_KAFKA_DIR ?? join(ROOT, KAFKA.pinned ? '.kafka' : `.kafka-${flavourName(KAFKA)}`);
export const NODE_IDS = [1, 2, 3] as const;
export type NodeId = (typeof NODE_IDS)[number];

export const controllerPort = (id: NodeId): number => 19091 + id;

/** Every node's client listeners: a security protocol each, on ports 9092-9094, 9192-9194 and so on. */
export const LISTENERS = {
  PLAINTEXT: 9091,
  SSL: 9191,
  SASL_PLAINTEXT: 9291,
  SASL_SSL: 9391,
} as const;
export type ListenerName = keyof typeof LISTENERS;
export const listenerPort = (listener: ListenerName, id: NodeId): number => LISTENERS[listener] + id;
const LISTENER_NAMES = Object.keys(LISTENERS) as ListenerName[];
export const bootstrapFor = (listener: ListenerName): string =>
  NODE_IDS.map((id) => `127.0.0.1:${listenerPort(listener, id)}`).join(',');
/** The plaintext client listener: 9092, 9093, 9094. */
export const clientPort = (id: NodeId): number => listenerPort('PLAINTEXT', id);
export const BOOTSTRAP = bootstrapFor('PLAINTEXT');
/** Every port one node listens on. */
const nodePorts = (id: NodeId): number[] => [
  ...LISTENER_NAMES.map((name) => listenerPort(name, id)),
  controllerPort(id),
];
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** OAUTHBEARER as well, where the release has Kafka's JWT validator (3.1 and later). */
export const OAUTHBEARER = validatorClass(KAFKA.version) !== null;
const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** ZooKeeper's client port, in ZooKeeper mode. */
export const ZOOKEEPER_PORT = 12181;

const nodeDir = (id: NodeId) => join(STATE_DIR, `node-${id}`);
const pidFile = (id: NodeId) => join(nodeDir(id), 'pid');
const propsFile = (id: NodeId) => join(nodeDir(id), 'server.properties');
export const logFile = (id: NodeId): string => join(nodeDir(id), 'server.log');
const dataDir = (id: NodeId) => join(nodeDir(id), 'data');
const zooKeeperDir = join(STATE_DIR, 'zookeeper');
const zooKeeper = {
  pidFile: join(zooKeeperDir, 'pid'),
  propsFile: join(zooKeeperDir, 'zookeeper.properties'),
  logFile: join(zooKeeperDir, 'zookeeper.log'),
};
const formattedMarker = join(STATE_DIR, 'formatted');
const clusterIdFile = join(STATE_DIR, 'cluster-id');
export const SECRETS_DIR = join(STATE_DIR, 'secrets');
/** The local OpenID provider's signing key, the brokers' JWKS and the provider's clients. */
export const OAUTH = oauthFiles(SECRETS_DIR);
export const localOidcClients = (): OidcClient[] => oidcClients(SECRETS_DIR);
const usersFile = join(SECRETS_DIR, 'users.json');
const scramMarker = join(SECRETS_DIR, 'scram-users');
/** The cluster's CA, broker and client certificates (made by ensureSecrets). */
export const TLS = clusterTlsFiles(join(SECRETS_DIR, 'tls'));
/** Ready-made client.properties files (Java client dialect) for the secured listeners. */
export const CLIENT_CONFIG_DIR = join(STATE_DIR, 'client');

export class ClusterError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface NodeStatus {
  id: NodeId;
  pid: number | null;
  state: 'running' | 'frozen' | 'stopped';
  port: number;
}

/** The pid of a node of this cluster, or null: a pid whose command line is not that node's is not ours. */
export function nodePid(id: NodeId): number | null {
  const recorded = recordedPid(id);
  if (recorded > 0 && runsNode(recorded, id)) return recorded;
  return findNode(id);
}

const runsNode = (pid: number, id: NodeId): boolean => runsWith(pid, propsFile(id));

/** The process's command line names this properties file (unique to this data folder). */
function runsWith(pid: number, props: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(props);
  } catch {
    return false;
  }
}

/** The JVM of this node, found by its own server.properties path (unique to this data folder) when the
 * pid file is missing or stale (a node can run while its pid file does not name it); the pid file is
 * then rewritten. */
function findNode(id: NodeId): number | null {
  if (!existsSync(propsFile(id))) return null;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    if (runsNode(pid, id) && !isGone(pid)) {
      writeFileSync(pidFile(id), `${pid}\n`);
      return pid;
    }
  }
  return null;
}

/** /proc/<pid>/stat (or a thread's): "pid (comm) S ...", or '' once the process is gone. */
function procStat(pid: number, tid?: string): string {
  try {
    return readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

/** The state letter, which follows the last ')'; 'X' once the process is gone. */
function processState(pid: number, tid?: string): string {
  const stat = procStat(pid, tid);
  return stat === '' ? 'X' : stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** True once every thread of the process has exited. A JVM killed with -9 shows its main thread as a
 * zombie while other threads still finish (a disk write can keep one for seconds), and
 * holds its sockets and its data folder's lock until the last one is gone. */
function isGone(pid: number): boolean {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return true;
  }
  return tasks.every((tid) => ['X', 'Z'].includes(processState(pid, tid)));
}

/** The pid in a node's pid file, or 0. */
const recordedPid = (id: NodeId): number => pidIn(pidFile(id));

/** The pid in a pid file, or 0. */
function pidIn(file: string): number {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

export function status(): NodeStatus[] {
  return NODE_IDS.map((id) => {
    const pid = nodePid(id);
    const running = pid !== null && !isGone(pid);
    const state = !running ? 'stopped' : processState(pid) === 'T' ? 'frozen' : 'running';
    return { id, pid: running ? pid : null, state, port: clientPort(id) };
  });
}

async function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync(file, args, { env: { ...process.env, ...env } });
    return stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const detail = (e.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? e.message;
    throw new ClusterError(detail);
  }
}

/** The folder of Apache Kafka jars, resolved with Maven on first use. */
export const fetchJars = (): Promise<string> => run(join(KAFKA_HOME, 'bin', 'kafka-fetch'), []);

function newClusterId(): string {
  // Kafka's Uuid.toString: 16 random bytes, base64url without padding; never starting with '-'.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The test user of the secured listeners: one name and password for PLAIN and both SCRAMs. */
export interface LocalUser {
  username: string;
  password: string;
}

export const LOCAL_USERNAME = 'alice';

/** The local cluster's test user; its password is made at the first kafka:up and kept in .kafka/secrets. */
export function localUser(): LocalUser {
  if (!existsSync(usersFile)) throw new ClusterError(`no ${usersFile}: run npm run kafka:up first`);
  return JSON.parse(readFileSync(usersFile, 'utf8')) as LocalUser;
}

/** Makes the throw-away CA, certificates and test user's password once per state folder. */
export async function ensureSecrets(): Promise<void> {
  await ensureClusterTls(join(SECRETS_DIR, 'tls'), LOCAL_USERNAME);
  if (!existsSync(usersFile)) {
    const user: LocalUser = { username: LOCAL_USERNAME, password: randomBytes(18).toString('base64url') };
    writeFileSync(usersFile, `${JSON.stringify(user)}\n`, { mode: 0o600 });
  }
  ensureOAuthSecrets(SECRETS_DIR);
  writeClientConfigs(localUser());
}

const jaas = (module: 'plain.PlainLoginModule' | 'scram.ScramLoginModule', options: string) =>
  `org.apache.kafka.common.security.${module} required${options};`;

/** The secured listeners' settings: the launcher's alone (docker-compose.yml keeps plaintext only). */
function securityProperties(): string {
  const { username, password } = localUser();
  const lines = [
    // Replaces the shared map (which docker-compose.yml also uses) to add the secured listeners.
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,${LISTENER_NAMES.map((name) => `${name}:${name}`).join(',')}`,
    `sasl.enabled.mechanisms=${[...SASL_MECHANISMS, ...(OAUTHBEARER ? ['OAUTHBEARER'] : [])].join(',')}`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${TLS.brokerKeystore}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${TLS.ca.certFile}`,
    // The SSL listener authenticates clients by certificate; SASL_SSL by password.
    'listener.name.ssl.ssl.client.auth=required',
  ];
  const saslListeners = ['sasl_plaintext', 'sasl_ssl'];
  lines.push(...oauthBrokerProperties(KAFKA.version, SECRETS_DIR, saslListeners));
  for (const listener of saslListeners) {
    lines.push(
      `listener.name.${listener}.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${username}="${password}"`)}`,
    );
    for (const scram of ['scram-sha-256', 'scram-sha-512']) {
      lines.push(`listener.name.${listener}.${scram}.sasl.jaas.config=${jaas('scram.ScramLoginModule', '')}`);
    }
  }
  return lines.join('\n');
}

/** KRaft's settings, which a broker in ZooKeeper mode refuses. */
const KRAFT_ONLY = ['process.roles', 'controller.listener.names'];

/** The shared settings (cluster.properties), as this flavour takes them. */
function sharedProperties(): string {
  const shared = readFileSync(join(KAFKA_HOME, 'config', 'cluster.properties'), 'utf8');
  if (KAFKA.mode === 'kraft') return shared;
  return shared
    .split('\n')
    .filter((line) => !KRAFT_ONLY.includes(line.split('=')[0].trim()))
    .join('\n');
}

/** SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS=false starts the cluster with auto.create.topics.enable off
 * (test:compat checks a run against both). */
function autoCreateOverride(): string {
  const value = process.env.SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS;
  return value === 'true' || value === 'false' ? `\nauto.create.topics.enable=${value}\n` : '';
}

export function nodeProperties(id: NodeId): string {
  const listeners = LISTENER_NAMES.map((name) => `${name}://127.0.0.1:${listenerPort(name, id)}`);
  const voters = NODE_IDS.map((n) => `${n}@127.0.0.1:${controllerPort(n)}`).join(',');
  const role =
    KAFKA.mode === 'kraft'
      ? `node.id=${id}
listeners=${listeners.join(',')},CONTROLLER://127.0.0.1:${controllerPort(id)}
controller.quorum.voters=${voters}`
      : `broker.id=${id}
listeners=${listeners.join(',')}
zookeeper.connect=127.0.0.1:${ZOOKEEPER_PORT}`;
  return `${sharedProperties()}
# Node ${id} of Kafka ${KAFKA.version} (${KAFKA.mode}), written by kafka/cluster.ts
${role}
advertised.listeners=${listeners.join(',')}
log.dirs=${dataDir(id)}
${autoCreateOverride()}
# Secured listeners: SSL (client certificate required), SASL_PLAINTEXT and SASL_SSL (PLAIN, SCRAM-SHA-256/512)
${securityProperties()}
`;
}

function zooKeeperProperties(): string {
  return `# ZooKeeper for Kafka ${KAFKA.version} in ZooKeeper mode, written by kafka/cluster.ts
dataDir=${join(zooKeeperDir, 'data')}
clientPort=${ZOOKEEPER_PORT}
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok
`;
}

/** Java-dialect client.properties for each secured listener, for our --command-config and Kafka's tools. */
function writeClientConfigs({ username, password }: LocalUser): void {
  mkdirSync(CLIENT_CONFIG_DIR, { recursive: true });
  const tls = ['ssl.truststore.type=PEM', `ssl.truststore.location=${TLS.ca.certFile}`];
  const files: Record<string, string[]> = {
    'ssl.properties': [
      `bootstrap.servers=${bootstrapFor('SSL')}`,
      'security.protocol=SSL',
      ...tls,
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${TLS.clientKeystore}`,
    ],
  };
  for (const mechanism of SASL_MECHANISMS) {
    const module = mechanism === 'PLAIN' ? 'plain.PlainLoginModule' : 'scram.ScramLoginModule';
    files[`sasl_ssl-${mechanism.toLowerCase()}.properties`] = [
      `bootstrap.servers=${bootstrapFor('SASL_SSL')}`,
      'security.protocol=SASL_SSL',
      `sasl.mechanism=${mechanism}`,
      `sasl.jaas.config=${jaas(module, ` username="${username}" password="${password}"`)}`,
      ...tls,
    ];
  }
  for (const [name, lines] of Object.entries(files)) {
    writeFileSync(
      join(CLIENT_CONFIG_DIR, name),
      `# Written by kafka/cluster.ts for the local cluster\n${lines.join('\n')}\n`,
      {
        mode: 0o600,
      },
    );
  }
}

/** Adds the test user's SCRAM credentials (kept in the cluster's metadata) once per cluster. */
async function ensureScramUser(): Promise<void> {
  const { username, password } = localUser();
  const stamp = `${readFileSync(clusterIdFile, 'utf8').trim()} ${username}\n`;
  if (existsSync(scramMarker) && readFileSync(scramMarker, 'utf8') === stamp) return;
  // One call per mechanism: Kafka 4.1's kafka-configs refuses both in one request ("A user credential
  // cannot be altered twice in the same request"). In ZooKeeper mode the two go one after the other: a
  // broker there reads the user's znode, adds its mechanism and writes it back, so two at once can lose
  // one. KRaft's controller orders them itself.
  const addCredential = (mechanism: string) =>
    run(join(KAFKA_HOME, 'bin', 'kafka-configs'), [
      '--bootstrap-server',
      BOOTSTRAP,
      '--alter',
      '--add-config',
      `${mechanism}=[password=${password}]`,
      '--entity-type',
      'users',
      '--entity-name',
      username,
    ]);
  if (KAFKA.mode === 'zookeeper') {
    for (const mechanism of SCRAM_MECHANISMS) await addCredential(mechanism);
  } else {
    await Promise.all(SCRAM_MECHANISMS.map(addCredential));
  }
  await waitScram({ username, password });
  writeFileSync(scramMarker, stamp);
}

/** Waits until every node accepts the user's credentials for each SCRAM mechanism (metadata reaches each
 * in a moment). */
async function waitScram(user: LocalUser, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const [id, mechanism] of NODE_IDS.flatMap((id) => SCRAM_MECHANISMS.map((m) => [id, m] as const))) {
    for (;;) {
      const admin = new Kafka({
        brokers: [`127.0.0.1:${listenerPort('SASL_PLAINTEXT', id)}`],
        sasl:
          mechanism === 'SCRAM-SHA-256'
            ? { mechanism: 'scram-sha-256', ...user }
            : { mechanism: 'scram-sha-512', ...user },
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      // Refused on connecting, or later by another broker the admin reaches: not yet, either way.
      const ok = await admin
        .connect()
        .then(() => admin.describeCluster())
        .then(
          () => true,
          () => false,
        );
      await admin.disconnect().catch(() => {});
      if (ok) break;
      if (Date.now() > deadline)
        throw new ClusterError(`node ${id} does not accept ${user.username}'s ${mechanism} credentials`);
      await sleep(250);
    }
  }
}

/** Formats the three nodes' storage with one cluster id, once; refuses a half-formatted folder. In
 * ZooKeeper mode nothing is formatted: the brokers register with a ZooKeeper as new as their data. */
export async function ensureFormatted(): Promise<void> {
  if (existsSync(formattedMarker)) {
    for (const id of NODE_IDS) writeFileSync(propsFile(id), nodeProperties(id));
    if (KAFKA.mode === 'zookeeper') writeFileSync(zooKeeper.propsFile, zooKeeperProperties());
    return;
  }
  const leftovers = NODE_IDS.filter((id) => existsSync(dataDir(id)));
  if (leftovers.length > 0) {
    throw new ClusterError(
      `the data folder ${STATE_DIR} is half-formatted (node ${leftovers.join(', ')} has data but formatting never finished): run npm run kafka:wipe`,
    );
  }
  const clusterId = newClusterId();
  for (const id of NODE_IDS) {
    mkdirSync(nodeDir(id), { recursive: true });
    writeFileSync(propsFile(id), nodeProperties(id));
  }
  if (KAFKA.mode === 'zookeeper') {
    rmSync(zooKeeperDir, { recursive: true, force: true });
    mkdirSync(join(zooKeeperDir, 'data'), { recursive: true });
    writeFileSync(zooKeeper.propsFile, zooKeeperProperties());
  } else {
    const storage = join(KAFKA_HOME, 'bin', 'kafka-storage');
    await Promise.all(NODE_IDS.map((id) => run(storage, ['format', '-t', clusterId, '-c', propsFile(id)])));
  }
  writeFileSync(clusterIdFile, `${clusterId}\n`);
  writeFileSync(formattedMarker, `${new Date().toISOString()}\n`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** One JVM of the cluster: a node, or ZooKeeper. */
interface Jvm {
  name: string;
  pidFile: string;
  propsFile: string;
  logFile: string;
  mainClass: string;
  ports: number[];
  heap: string;
}

const nodeJvm = (id: NodeId): Jvm => ({
  name: `node ${id}`,
  pidFile: pidFile(id),
  propsFile: propsFile(id),
  logFile: logFile(id),
  mainClass: 'kafka.Kafka',
  ports: nodePorts(id),
  heap: '-Xms256m -Xmx512m',
});

const zooKeeperJvm: Jvm = {
  name: 'ZooKeeper',
  ...zooKeeper,
  mainClass: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
  ports: [ZOOKEEPER_PORT],
  heap: '-Xms64m -Xmx256m',
};

/** Starts one node's JVM in the background and records its pid; does not wait for it. */
export const spawnNode = (id: NodeId): Promise<number> => spawnJvm(nodeJvm(id));

async function spawnJvm(jvm: Jvm): Promise<number> {
  for (const port of jvm.ports) {
    if (!(await portFree(port))) {
      throw new ClusterError(
        `port ${port} (${jvm.name}) is already in use by a process that is not this cluster's ${jvm.name}`,
      );
    }
  }
  // The previous JVM, if it is still finishing its exit, holds the data folder's lock.
  const previous = pidIn(jvm.pidFile);
  if (previous > 0 && isJava(previous) && !(await waitExit(previous, 30_000))) {
    throw new ClusterError(`${jvm.name}'s previous JVM (pid ${previous}) has not exited after 30 s`);
  }
  // setsid -f: the JVM leaves our session and process tree, so it outlives whoever started it
  // (a test worker, npm); the shell records its own pid, which exec hands on to the JVM.
  rmSync(jvm.pidFile, { force: true });
  const log = openSync(jvm.logFile, 'a');
  const child = spawn(
    'setsid',
    [
      '-f',
      'bash',
      '-c',
      'echo $$ > "$0"; exec "$@"',
      jvm.pidFile,
      join(KAFKA_HOME, 'bin', 'kafka-run-class'),
      jvm.mainClass,
      jvm.propsFile,
    ],
    {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        KAFKA_HEAP_OPTS: jvm.heap,
        KAFKA_JVM_PERFORMANCE_OPTS:
          '-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true',
        KAFKA_OPTS: oauthJvmOptions(SECRETS_DIR),
        KAFKA_LOG4J_OPTS: `-Dlog4j2.configurationFile=${join(KAFKA_HOME, 'config', 'server-log4j2.properties')}`,
      },
    },
  );
  await new Promise((resolve) => child.once('exit', resolve));
  closeSync(log);
  // The shell writes the pid file at once; a loaded machine may take a moment to run it. Only the pid
  // it writes counts: searching /proc here could find a JVM of this node that is still exiting.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pid = pidIn(jvm.pidFile);
    if (pid > 0 && runsWith(pid, jvm.propsFile)) return pid;
    if (Date.now() > deadline) {
      throw new ClusterError(`${jvm.name} could not be started: ${pidDiagnosis(jvm)} (see ${jvm.logFile})`);
    }
    await sleep(20);
  }
}

/** The process's name is java (a zombie keeps its name, where its command line is gone). */
const isJava = (pid: number) => procStat(pid).includes('(java)');

/** What the pid file says and what that process is: for the message when a node cannot be found. */
function pidDiagnosis(jvm: Jvm): string {
  const pid = pidIn(jvm.pidFile);
  if (pid === 0) return 'no pid file was written';
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').slice(0, 200);
  } catch {
    return `pid file names ${pid}, which has exited`;
  }
  return `pid file names ${pid} (state ${processState(pid)}: ${cmdline || 'no command line'})`;
}

/** The ids of the brokers that the node on this port reports, or null if it does not answer. */
export async function brokersSeenBy(port: number): Promise<number[] | null> {
  const admin = new Kafka({
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.map((b) => b.nodeId).sort();
  } catch {
    return null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function logTail(id: NodeId): string {
  try {
    const lines = readFileSync(logFile(id), 'utf8')
      .split('\n')
      .filter((l) => /ERROR|Exception|Error:/.test(l));
    return lines.length > 0 ? `: ${lines[lines.length - 1].slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

/** The pid `find` gives, looking again twice 100 ms apart before saying the process is gone: while
 * a JVM starts, its shell execs the launcher script and then java, and for a moment in each exec the
 * kernel shows an empty command line, which no properties file is found in. */
async function stillRunning(find: () => number | null): Promise<number | null> {
  for (let look = 1; ; look++) {
    const pid = find();
    if (pid !== null && !isGone(pid)) return pid;
    if (look === 3) return null;
    await sleep(100);
  }
}

/** Waits until every given node runs and serves metadata that lists all three brokers. */
export async function waitReady(ids: readonly NodeId[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0) {
    for (const id of pending) {
      if ((await stillRunning(() => nodePid(id))) === null) {
        throw new ClusterError(`node ${id} exited during start-up${logTail(id)} (see ${logFile(id)})`);
      }
      const seen = await brokersSeenBy(clientPort(id));
      if (seen !== null && NODE_IDS.every((n) => seen.includes(n))) pending.delete(id);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      const id = [...pending][0];
      throw new ClusterError(`node ${id} did not serve metadata within ${timeoutMs / 1000} s (see ${logFile(id)})`);
    }
    await sleep(500);
  }
}

async function waitExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** ZooKeeper's pid while it runs, else null (always null in KRaft mode). */
export function zooKeeperPid(): number | null {
  const pid = pidIn(zooKeeper.pidFile);
  return pid > 0 && runsWith(pid, zooKeeper.propsFile) && !isGone(pid) ? pid : null;
}

/** ZooKeeper answers "ruok" with "imok". */
function zooKeeperAnswers(): Promise<boolean> {
  return new Promise((done) => {
    let reply = '';
    const socket = netConnect({ host: '127.0.0.1', port: ZOOKEEPER_PORT }, () => socket.write('ruok'));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (data) => {
      reply += data;
    });
    socket.on('error', () => {});
    socket.on('close', () => done(reply === 'imok'));
  });
}

/** In ZooKeeper mode, starts ZooKeeper unless it runs, and waits until it answers. */
async function ensureZooKeeper(timeoutMs: number): Promise<void> {
  if (KAFKA.mode !== 'zookeeper') return;
  if (zooKeeperPid() === null) await spawnJvm(zooKeeperJvm);
  const deadline = Date.now() + timeoutMs;
  while (!(await zooKeeperAnswers())) {
    if ((await stillRunning(zooKeeperPid)) === null) {
      throw new ClusterError(`ZooKeeper exited during start-up (see ${zooKeeper.logFile})`);
    }
    if (Date.now() > deadline) throw new ClusterError(`ZooKeeper did not answer within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

async function stopZooKeeper(graceMs: number): Promise<boolean> {
  const pid = zooKeeperPid();
  if (pid === null) return false;
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (!(await waitExit(pid, graceMs))) {
    signal(pid, 'SIGKILL');
    await waitExit(pid, 30_000);
  }
  return true;
}

export interface UpResult {
  started: NodeId[];
  bootstrap: string;
}

/** Starts whatever nodes are not running and waits for all three; a failed start leaves nothing running. */
export async function up(timeoutMs = 120_000): Promise<UpResult> {
  const problem = flavourProblem(KAFKA) ?? autoCreateProblem();
  if (problem !== null) throw new ClusterError(problem);
  const toStart = status()
    .filter((s) => s.state === 'stopped')
    .map((s) => s.id);
  if (toStart.length === 0) {
    await waitReady(NODE_IDS, timeoutMs);
    await ensureScramUser();
    return { started: [], bootstrap: BOOTSTRAP };
  }
  await fetchJars();
  mkdirSync(STATE_DIR, { recursive: true });
  await ensureSecrets();
  await ensureFormatted();
  const started: NodeId[] = [];
  try {
    await ensureZooKeeper(timeoutMs);
    for (const id of toStart) {
      await spawnNode(id);
      started.push(id);
    }
    await waitReady(NODE_IDS, timeoutMs);
    await ensureScramUser();
  } catch (err) {
    await Promise.all(started.map((id) => killNode(id)));
    await stopZooKeeper(5000);
    throw err;
  }
  return { started, bootstrap: BOOTSTRAP };
}

/** Stops one node gracefully (SIGTERM), waiting for its exit; SIGKILL after the grace period. */
export async function stopNode(id: NodeId, graceMs = 30_000): Promise<void> {
  const pid = nodePid(id);
  if (pid === null) return;
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (!(await waitExit(pid, graceMs))) {
    signal(pid, 'SIGKILL');
    await waitExit(pid, 30_000);
  }
}

export async function killNode(id: NodeId): Promise<void> {
  const pid = nodePid(id);
  if (pid === null) return;
  signal(pid, 'SIGKILL');
  await waitExit(pid, 30_000);
}

/** Waits until the process's state is (or is not) 'T', stopped: a signal reaches every JVM thread in a moment. */
async function waitState(pid: number, stopped: boolean): Promise<void> {
  for (let i = 0; i < 100 && (processState(pid) === 'T') !== stopped; i++) await sleep(20);
}

/** SIGSTOP: the node stops answering, as a frozen or partitioned machine would. */
export async function freezeNode(id: NodeId): Promise<void> {
  const pid = nodePid(id);
  if (pid === null) throw new ClusterError(`node ${id} is not running`);
  signal(pid, 'SIGSTOP');
  await waitState(pid, true);
}

export async function thawNode(id: NodeId): Promise<void> {
  const pid = nodePid(id);
  if (pid === null) throw new ClusterError(`node ${id} is not running`);
  signal(pid, 'SIGCONT');
  await waitState(pid, false);
}

/** Starts one stopped node and waits until it serves metadata again. */
export async function startNode(id: NodeId, timeoutMs = 120_000): Promise<void> {
  if (status().find((s) => s.id === id)?.state !== 'stopped') return;
  await ensureFormatted();
  const logged = logSize(id);
  await spawnNode(id);
  try {
    await waitReady([id], timeoutMs);
  } catch (err) {
    // A node restarted right after a kill can exit at once without writing a line to its log: a JVM
    // that never ran is started once more; one that said why it stopped is not.
    if (!(err instanceof ClusterError) || !/exited during start-up/.test(err.message) || logSize(id) !== logged) {
      throw err;
    }
    process.stderr.write(`kafka: node ${id} exited at start-up without writing a line; starting it once more\n`);
    await spawnNode(id);
    await waitReady([id], timeoutMs);
  }
}

const logSize = (id: NodeId): number => (existsSync(logFile(id)) ? statSync(logFile(id)).size : 0);

/** Stops all nodes together, as kafka-server-stop.sh does, and waits until every one has exited. */
export async function down(graceMs = 30_000): Promise<NodeId[]> {
  const running = status().filter((s) => s.state !== 'stopped');
  await Promise.all(running.map((s) => stopNode(s.id, graceMs)));
  // ZooKeeper last, once no broker needs it.
  await stopZooKeeper(graceMs);
  return running.map((s) => s.id);
}

export async function wipe(): Promise<void> {
  await down();
  rmSync(STATE_DIR, { recursive: true, force: true });
}

/** The walk-through's console-consumer view of a topic: key|partition|offset|value, from the beginning. */
export function walkThroughConsumerArgs(bootstrap: string, topic: string): string[] {
  const properties = ['print.key=true', 'key.separator=|', 'print.partition=true', 'print.offset=true'];
  return [
    '--bootstrap-server',
    bootstrap,
    '--topic',
    topic,
    '--from-beginning',
    ...properties.flatMap((p) => ['--property', p]),
  ];
}

export function parseNodeId(text: string): NodeId {
  const id = Number(text);
  if (!NODE_IDS.includes(id as NodeId))
    throw new ClusterError(`node id must be one of ${NODE_IDS.join(', ')}, not "${text}"`);
  return id as NodeId;
}

/** Waits until each broker, asked alone, has the topic with a leader for every partition: a client may
 * bootstrap from any of them. kafkajs's own wait (createTopics' waitForLeaders) fails outright when it
 * asks a broker that has not heard of the topic yet, as on a cluster just started or still applying
 * deletions. */
export async function untilEveryBrokerKnows(topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const broker of BOOTSTRAP.split(',')) {
    const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      for (;;) {
        const ready = await admin.fetchTopicMetadata({ topics: [topic] }).then(
          ({ topics }) =>
            topics[0]?.partitions.length === partitions && topics[0].partitions.every((p) => p.leader >= 0),
          () => false,
        );
        if (ready) break;
        if (Date.now() > deadline) throw new Error(`${broker} does not know topic ${topic} with leaders after 30 s`);
        await sleep(100);
      }
    } finally {
      await admin.disconnect();
    }
  }
}
