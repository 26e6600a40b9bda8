// npm run test:compat [-- 3.9.2-kraft ...]: the compatibility suite (test/compat) on each Kafka
// release and mode below, one cluster at a time, each in its own data folder: the cluster started,
// the suite run, the cluster restarted with topic auto-creation off for the suite's auto-creation
// test (test/compat/auto-create.test.ts), and stopped. No other cluster of the launcher may be
// running (they share the ports): CI stops the pinned one first. Prints a table of what each proved
// and how long it took.
//
// --pinned-suite-in-npm-test: npm test has just run test/compat on the pinned release (CI does so),
// so on that release only the auto-creation-off run is left to do here.
//
// The auto-creation-off run (a restart of the cluster) is made on one release of each mode, 4.1.1
// in KRaft and 3.6.2 in ZooKeeper mode, where the brokers' setting is read from differently; on the
// others when they are named (npm run test:compat -- 3.9.2-kraft).
import { spawnSync } from 'node:child_process';

const FLAVOURS = [
  { name: '4.4.0-kraft', version: '4.4.0', mode: 'kraft', why: 'the newest 4.x on Maven Central' },
  {
    name: '4.1.1-kraft',
    version: '4.1.1',
    mode: 'kraft',
    why: 'the pinned release (npm test)',
    pinned: true,
    autoCreationOff: true,
  },
  { name: '3.9.2-kraft', version: '3.9.2', mode: 'kraft', why: 'the last 3.x, KRaft' },
  { name: '3.6.2-zookeeper', version: '3.6.2', mode: 'zookeeper', why: 'a 3.x with ZooKeeper', autoCreationOff: true },
];

const PINNED_IN_NPM_TEST = '--pinned-suite-in-npm-test';
const pinnedInNpmTest = process.argv.includes(PINNED_IN_NPM_TEST);
const asked = process.argv.slice(2).filter((arg) => arg !== PINNED_IN_NPM_TEST);
const unknown = asked.filter((name) => !FLAVOURS.some((f) => f.name === name));
if (unknown.length > 0) {
  console.error(`test:compat: unknown ${unknown.join(', ')}: one of ${FLAVOURS.map((f) => f.name).join(', ')}`);
  process.exit(2);
}
const chosen = asked.length === 0 ? FLAVOURS : FLAVOURS.filter((f) => asked.includes(f.name));

/** Runs a command with the flavour's environment; true when it exits 0. */
function step(flavour, extra, command, args) {
  const env = {
    ...process.env,
    SIMPLE_PRODUCE_KAFKA_VERSION: flavour.version,
    SIMPLE_PRODUCE_KAFKA_MODE: flavour.mode,
    ...extra,
  };
  console.log(`\n== test:compat ${flavour.name}: ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env }).status === 0;
}

const kafka = (flavour, action, extra = {}) => step(flavour, extra, 'npx', ['tsx', 'kafka/cli.ts', action]);
const suite = (flavour, extra = {}, files = ['test/compat']) =>
  step(flavour, extra, 'npx', ['vitest', 'run', '--project', 'integration', ...files]);

const rows = [];
let failed = false;
for (const flavour of chosen) {
  const t0 = Date.now();
  const row = { flavour, suite: 'not run', off: 'not run' };
  rows.push(row);
  // Said both ways, so the auto-creation test checks the brokers have it as told.
  const on = { SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS: 'true' };
  const off = { SIMPLE_PRODUCE_KAFKA_AUTO_CREATE_TOPICS: 'false' };
  const suiteInNpmTest = flavour.pinned && pinnedInNpmTest;
  const offRun = flavour.autoCreationOff || asked.includes(flavour.name);
  try {
    if (suiteInNpmTest) {
      row.suite = 'run by npm test, not here';
    } else {
      if (!kafka(flavour, 'up', on)) {
        row.suite = 'cluster did not start';
        continue;
      }
      row.suite = suite(flavour, on) ? 'passed' : 'FAILED';
      kafka(flavour, 'down');
    }
    if (!offRun) {
      row.off = 'not run: 4.1.1 (KRaft) and 3.6.2 (ZooKeeper) run it';
      continue;
    }
    if (!kafka(flavour, 'up', off)) {
      row.off = 'cluster did not start';
      continue;
    }
    row.off = suite(flavour, off, ['test/compat/auto-create.test.ts']) ? 'passed' : 'FAILED';
  } finally {
    kafka(flavour, 'down');
    row.seconds = Math.round((Date.now() - t0) / 1000);
    if ((row.suite !== 'passed' && !suiteInNpmTest) || (row.off !== 'passed' && offRun)) failed = true;
  }
}

console.log('\n| Kafka | mode | why | suite (auto-creation on) | auto-creation off | took |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const { flavour, suite: s, off, seconds } of rows) {
  console.log(`| ${flavour.version} | ${flavour.mode} | ${flavour.why} | ${s} | ${off} | ${seconds} s |`);
}
process.exit(failed ? 1 : 0);
