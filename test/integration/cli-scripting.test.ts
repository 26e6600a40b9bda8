// What CI scripts rely on, against the real cluster: --json events that match the topic, signals that
// lose no acknowledged report, --verify, --create-topic, and the message shape options.
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../kafka/cluster.js';
import { parseArgs } from '../../src/cli/args.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { Reporter } from '../../src/cli/report.js';
import { createTransport, type RunTransport, run } from '../../src/cli/run.js';
import { fullSpeed, jsonEvents, runCli, runCliAndSignal, runCliIntoClosedPipe } from '../support/cli.js';
import { consoleConsume, runTool } from '../support/oracles.js';
import { deleteWhenDone, endOffsets, freshTopic } from '../support/topics.js';

const triple = (key: unknown, partition: unknown, offset: unknown) => `${key}|${partition}|${offset}`;

describe('--json', () => {
  it('writes one delivered event per message, matching the topic, and a summary', async () => {
    const topic = await freshTopic(6);
    const run = await runCli([...fullSpeed(topic, 500), '--json']);
    expect(run.code).toBe(0);
    const events = jsonEvents(run.stdout);
    const delivered = events.filter((e) => e.event === 'delivered');
    expect(delivered).toHaveLength(500);
    for (const e of delivered) {
      expect(Object.keys(e)).toEqual(['event', 'topic', 'partition', 'offset', 'key', 'timestamp', 'latencyMs']);
      expect(e.topic).toBe(topic);
    }
    const summary = events[events.length - 1];
    expect(summary).toMatchObject({
      event: 'summary',
      sent: 500,
      delivered: 500,
      failed: 0,
      unreported: 0,
      exitCode: 0,
    });
    expect(Object.keys(summary.latencyMs as object)).toEqual(['p50', 'p95', 'p99', 'max']);
    // The walk-through's text lines stay on stderr.
    expect(run.stderr.match(/^% Message delivered to /gm)).toHaveLength(500);
    const records = await consoleConsume(topic, 500);
    expect(records.map((r) => triple(r.key, r.partition, r.offset)).sort()).toEqual(
      delivered.map((e) => triple(e.key, e.partition, e.offset)).sort(),
    );
  });
});

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s mid-run stops, flushes, reports every acknowledged message and exits %d', async (signal, code) => {
    const topic = await freshTopic(6);
    const run = await runCliAndSignal([...fullSpeed(topic, 1000000), '--json', '--quiet'], signal, 2500);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(`% ${signal}: stopping`);
    const events = jsonEvents(run.stdout);
    const summary = events[events.length - 1];
    expect(summary).toMatchObject({ event: 'summary', failed: 0, unreported: 0, exitCode: code });
    const delivered = events.filter((e) => e.event === 'delivered');
    expect(delivered.length).toBe(summary.delivered);
    expect(delivered.length).toBe(summary.sent);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThan(1_000_000);
    // Kafka holds exactly what was reported: nothing acknowledged went unreported.
    const ends = await endOffsets(topic);
    expect([...ends.values()].reduce((a, b) => a + b, 0)).toBe(delivered.length);
    for (const [partition, end] of ends) {
      const offsets = delivered.filter((e) => e.partition === partition).map((e) => e.offset as number);
      expect(offsets.sort((a, b) => a - b)).toEqual(Array.from({ length: end }, (_, i) => i));
    }
    console.log(`${signal} after 2.5 s: ${delivered.length} sent, all reported and in the log`);
  });
});

describe('--verify', () => {
  it('reads every delivered message back and says verified N/N', async () => {
    const topic = await freshTopic(6);
    const run = await runCli([...fullSpeed(topic, 300), '--quiet', '--verify']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('% verified 300/300');
  });

  it('exits 4 and says what differs when the topic does not hold what was reported', async () => {
    const topic = await freshTopic(3);
    const parsed = parseArgs(
      ['--topic', topic, '--brokers', BOOTSTRAP, '--count', '20', '--interval', '0', '--verify', '-q'],
      process.stderr,
    );
    if (typeof parsed === 'number') throw new Error(`bad arguments: ${parsed}`);
    let stderr = '';
    const sink = {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const reporter = new Reporter({ stderr: sink, stdout: sink, quiet: true, json: false });
    // The real transport, except that one record read back from Kafka is altered.
    const real = createTransport(parsed, reporter);
    const tampering: RunTransport = Object.assign(Object.create(real), {
      readRange: async (t: string, p: number, from: number, to: number) => {
        const records = await real.readRange(t, p, from, to);
        if (p === 0 && records.length > 0) records[0] = { ...records[0], value: Buffer.from('tampered') };
        return records;
      },
    });
    const code = await run(parsed, reporter, new AbortController().signal, tampering);
    expect(code).toBe(ExitCode.verifyFailed);
    expect(stderr).toMatch(
      /% verify: key "\d+": at \[0\] @ 0 Kafka has key "\d+" value "tampered", not value "hello world: \d+"/,
    );
    expect(stderr).toContain('% verified 19/20');
  });
});

describe('topics and message shape', () => {
  it('creates a topic as asked, accepts it again, and refuses one that exists differently', async () => {
    const topic = `test.create.${Date.now()}`;
    deleteWhenDone(topic);
    const args = ['--topic', topic, '--count', '1', '--create-topic', '--partitions', '4', '--replication-factor', '2'];
    expect((await runCli(args)).code).toBe(0);
    const described = await runTool('kafka-topics', ['--bootstrap-server', BOOTSTRAP, '--describe', '--topic', topic]);
    expect(described).toMatch(/PartitionCount: 4\tReplicationFactor: 2\t/);
    expect((await runCli(args)).code).toBe(0);
    const other = await runCli(['--topic', topic, '--count', '1', '--create-topic', '--partitions', '6']);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `simple-produce: topic "${topic}" already exists with 4 partitions and replication factor 2, not 6 and 2\n`,
    );
  });

  it('refuses a --partition the topic does not have, counting its partitions in words that agree', async () => {
    const topic = await freshTopic(1);
    const run = await runCli([...fullSpeed(topic, 1), '--partition', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`simple-produce: --partition 3: topic "${topic}" has 1 partition\n`);
  });

  it('sends the --key and --value templates, --header and --partition', async () => {
    const topic = await freshTopic(3);
    const run = await runCli([
      ...fullSpeed(topic, 5),
      '--partition',
      '2',
      '--key',
      'id-{n}',
      '--value',
      '{"n":{n}}',
      '--header',
      'source=ci',
      '-H',
      'run=1',
    ]);
    expect(run.code).toBe(0);
    const out = await runTool('kafka-console-consumer', [
      '--bootstrap-server',
      BOOTSTRAP,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '5',
      '--property',
      'print.key=true',
      '--property',
      'print.partition=true',
      '--property',
      'print.headers=true',
      '--property',
      'key.separator=|',
    ]);
    const lines = out.trim().split('\n').sort();
    expect(lines).toEqual(Array.from({ length: 5 }, (_, n) => `Partition:2|source:ci,run:1|id-${n}|{"n":${n}}`).sort());
  });
});

describe('a reader that closes stdout', () => {
  it('--help and --version end quietly with 0', async () => {
    for (const flag of ['--help', '--version']) {
      const result = await runCliIntoClosedPipe([flag]);
      expect(result, flag).toMatchObject({ code: 0, stderr: '' });
    }
  });

  it('stops a --json run with 141, after flushing: the log holds exactly what was sent', async () => {
    const topic = await freshTopic(6);
    const result = await runCliIntoClosedPipe([...fullSpeed(topic, 2_000_000), '--json', '--quiet']);
    expect(result.code).toBe(141);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const summary = /% done: (\d+) sent, (\d+) delivered, 0 failed/.exec(result.stderr);
    expect(summary, result.stderr).not.toBeNull();
    const [sent, delivered] = [Number(summary?.[1]), Number(summary?.[2])];
    expect(sent).toBeLessThan(2_000_000);
    expect(delivered).toBe(sent);
    const inLog = [...(await endOffsets(topic)).values()].reduce((a, b) => a + b, 0);
    expect(inLog).toBe(sent);
  });
});
