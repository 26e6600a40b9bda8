// OAUTHBEARER on every Kafka release the compatibility suite runs: the release's own JWT validator
// takes a token from the local OpenID provider (started here) and refuses one for another audience.
// What landed is read back by that release's console consumer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA } from '../../kafka/cluster.js';
import type { RunningProvider } from '../../kafka/identity-provider.js';
import { jsonEvents, placeOf, runCli } from '../support/cli.js';
import { expectNoSecretOrToken, oidcOptions, secretEnv, startProvider } from '../support/oauth.js';
import { consoleConsume } from '../support/oracles.js';
import { freshTopic } from '../support/topics.js';

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider?.close();
});

describe(`OAUTHBEARER on Kafka ${KAFKA.version} (${KAFKA.mode})`, () => {
  it("a token by the client credentials grant: the walk-through's messages, each where its report says", async () => {
    const topic = await freshTopic(6);
    const run = await runCli(
      ['--topic', topic, '--count', '10', '--interval', '100', '--json', ...oidcOptions()],
      secretEnv(),
    );
    expectNoSecretOrToken(run);
    expect(run.code, run.stderr).toBe(0);
    const reported = jsonEvents(run.stdout)
      .filter((e) => e.event === 'delivered')
      .map(placeOf)
      .sort();
    expect(reported).toHaveLength(10);
    expect((await consoleConsume(topic, 10)).map(placeOf).sort()).toEqual(reported);
  });

  it('a token for another audience: refused by the broker, one line, exit 3', async () => {
    const args = [
      '--topic',
      'never.created',
      '--count',
      '1',
      ...oidcOptions(),
      '--oauth-audience',
      'urn:simple-produce:elsewhere',
    ];
    const run = await runCli(args, secretEnv());
    expectNoSecretOrToken(run);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^simple-produce: 127\.0\.0\.1:\d+ refused the token of OAuth client simple-produce of [^:]+:\/\/[^:]+:\d+: invalid_token .*\n$/,
    );
  });
});
