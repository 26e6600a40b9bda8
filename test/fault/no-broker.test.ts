// No broker at start. Exit 3 within --timeout plus 2 s, with one line naming the brokers,
// whether the port refuses connections or a silent peer accepts them and never answers.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let silent: Server;
const held: Socket[] = [];
let silentBroker = '';

beforeAll(async () => {
  silent = createServer((socket) => held.push(socket)); // accepts, never answers: a frozen broker
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  silentBroker = `127.0.0.1:${address.port}`;
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe('no broker at start', () => {
  it('exits 3 within --timeout + 2 s when every port refuses', async () => {
    const run = await runCli(['-t', 't', '--count', '1', '--brokers', '127.0.0.1:1,127.0.0.1:2', '--timeout', '3000']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^simple-produce: cannot connect to any broker of 127\.0\.0\.1:1,127\.0\.0\.1:2\b[^\n]*\n$/,
    );
    expect(run.ms).toBeLessThan(3000 + 2000);
  });

  it('exits 3 within --timeout + 2 s when a broker accepts the connection and never answers', async () => {
    const run = await runCli(['-t', 't', '--count', '1', '--brokers', silentBroker, '--timeout', '3000']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`simple-produce: cannot connect to any broker of ${silentBroker} within 3000 ms\n`);
    expect(run.ms).toBeGreaterThanOrEqual(3000);
    expect(run.ms).toBeLessThan(3000 + 2000);
  });
});
