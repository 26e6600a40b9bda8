// A run prints only simple-produce's own lines: no warning of Node's (Node 24 warned of a negative
// timeout kafkajs set on every run) nor of kafkajs's. npm run test:node runs this on Node 22 and 24.
import { describe, expect, it } from 'vitest';
import { jsonEvents, runCli } from '../support/cli.js';
import { freshTopic } from '../support/topics.js';

const node = process.versions.node;

describe(`on Node ${node}`, () => {
  it.each([
    [['--count', '3', '--interval', '0', '--verify']],
    [['--count', '50', '--interval', '0', '--compression', 'zstd', '--json']],
    [['--count', '5', '--interval', '10', '--partitioner', 'consistent_random', '--json']],
  ])('prints only its own lines: %j', async (args) => {
    const topic = await freshTopic(3);
    const run = await runCli(['-t', topic, ...args]);
    expect(run.code, run.stderr).toBe(0);
    const foreign = run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('% '));
    expect(foreign).toEqual([]);
    if (args.includes('--json')) expect(jsonEvents(run.stdout).at(-1)).toMatchObject({ event: 'summary' });
  });
});
