// npm run kafka:up | kafka:down | kafka:status | kafka:wipe, and npm run kafka -- node <action> <id>.
import { Command } from 'commander';
import {
  BOOTSTRAP,
  ClusterError,
  down,
  freezeNode,
  KAFKA,
  killNode,
  localOidcClients,
  logFile,
  OAUTH,
  OAUTHBEARER,
  parseNodeId,
  STATE_DIR,
  startNode,
  status,
  stopNode,
  thawNode,
  up,
  wipe,
  ZOOKEEPER_PORT,
  zooKeeperPid,
} from './cluster.js';
import { writeCompose } from './compose.js';
import { startIdentityProvider } from './identity-provider.js';
import { OIDC_TOKEN_ENDPOINT } from './oauth.js';
import {
  REGISTRY_PORT,
  REGISTRY_URL,
  REGISTRY_VERSION,
  RegistryError,
  registryDown,
  registryUp,
  securedRegistry,
} from './registry.js';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Kafka 4.1.1 (KRaft), or whichever SIMPLE_PRODUCE_KAFKA_VERSION and _MODE ask for. */
const flavour = `Kafka ${KAFKA.version} (${KAFKA.mode === 'kraft' ? 'KRaft' : 'ZooKeeper'})`;

const program = new Command('kafka')
  .description(
    'The local 3-node Apache Kafka cluster on 127.0.0.1: the pinned Kafka in KRaft mode, or the release ' +
      'SIMPLE_PRODUCE_KAFKA_VERSION names, in the mode SIMPLE_PRODUCE_KAFKA_MODE names (kraft or zookeeper)',
  )
  .showHelpAfterError();

program
  .command('up')
  .description('start the cluster (or the nodes of it that are not running) and wait until all three serve metadata')
  .action(async () => {
    const t0 = Date.now();
    const { started } = await up();
    if (started.length === 0) say(`kafka: the cluster is already running, ${flavour}: ${BOOTSTRAP}`);
    else {
      const took = ((Date.now() - t0) / 1000).toFixed(1);
      say(`kafka: started node ${started.join(', ')} of ${flavour} in ${took} s: ${BOOTSTRAP}`);
    }
  });

program
  .command('down')
  .description('stop every node by its pid and wait for it to exit')
  .action(async () => {
    const stopped = await down();
    say(stopped.length === 0 ? 'kafka: no node was running' : `kafka: stopped node ${stopped.join(', ')}`);
  });

program
  .command('status')
  .description('tell which nodes run')
  .action(() => {
    say(`${flavour}, data in ${STATE_DIR}`);
    for (const s of status()) {
      const pid = s.pid === null ? '' : ` (pid ${s.pid})`;
      say(`node ${s.id}  127.0.0.1:${s.port}  ${s.state}${pid}  log ${logFile(s.id)}`);
    }
    if (KAFKA.mode === 'zookeeper') {
      const pid = zooKeeperPid();
      say(`ZooKeeper  127.0.0.1:${ZOOKEEPER_PORT}  ${pid === null ? 'stopped' : `running (pid ${pid})`}`);
    }
  });

program
  .command('oidc')
  .description(
    `run the local OpenID provider for OAUTHBEARER in the foreground until Ctrl-C: tokens at ${OIDC_TOKEN_ENDPOINT}`,
  )
  .action(async () => {
    if (!OAUTHBEARER) throw new ClusterError(`${flavour} has no OAUTHBEARER validator (3.1 and later have it)`);
    const clients = localOidcClients();
    const provider = await startIdentityProvider(OAUTH, clients);
    say(`kafka: OpenID provider ${provider.issuer}, token endpoint ${provider.tokenEndpoint}`);
    say(`kafka: clients ${clients.map((c) => c.clientId).join(', ')}; their secrets are in ${OAUTH.clients}`);
    process.once('SIGINT', () => void provider.close());
    process.once('SIGTERM', () => void provider.close());
  });

const registry = program
  .command('registry')
  .description(`the local Schema Registry (Apicurio Registry ${REGISTRY_VERSION}) on 127.0.0.1:${REGISTRY_PORT}`);
registry
  .command('up')
  .description('start it (fetched from Maven Central the first time) and wait until its API answers')
  .action(async () => {
    const t0 = Date.now();
    const started = await registryUp();
    const took = ((Date.now() - t0) / 1000).toFixed(1);
    say(started ? `registry: started in ${took} s: ${REGISTRY_URL}` : `registry: already running: ${REGISTRY_URL}`);
  });
registry
  .command('down')
  .description("stop it by its pid (and the tests' https registry, if one was left running)")
  .action(async () => {
    say((await registryDown()) ? 'registry: stopped' : 'registry: was not running');
    if (await securedRegistry.down()) say('registry: stopped the https registry the tests left running');
  });

program
  .command('wipe')
  .description(`stop the cluster and delete its data (${STATE_DIR}); the next up formats anew`)
  .action(async () => {
    await wipe();
    say(`kafka: wiped ${STATE_DIR}`);
  });

program
  .command('node')
  .description('control one node: stop (SIGTERM), kill (SIGKILL), freeze (SIGSTOP), thaw (SIGCONT), start')
  .argument('<action>', 'stop | kill | freeze | thaw | start')
  .argument('<id>', 'node id: 1, 2 or 3')
  .action(async (action: string, idText: string) => {
    const id = parseNodeId(idText);
    const actions: Record<string, () => unknown> = {
      stop: () => stopNode(id),
      kill: () => killNode(id),
      freeze: () => freezeNode(id),
      thaw: () => thawNode(id),
      start: () => startNode(id),
    };
    const act = actions[action];
    if (act === undefined) throw new ClusterError(`unknown node action "${action}": stop, kill, freeze, thaw or start`);
    await act();
    say(`kafka: node ${id}: ${action} done`);
  });

program
  .command('compose')
  .description('write docker-compose.yml from kafka/config/cluster.properties')
  .action(() => say(`kafka: wrote ${writeCompose()}`));

program.parseAsync().catch((err: unknown) => {
  const message = err instanceof ClusterError || err instanceof RegistryError ? err.message : String(err);
  process.stderr.write(`kafka: ${message}\n`);
  process.exitCode = 1;
});
