import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __SIMPLE_PRODUCE_VERSION__: JSON.stringify(version) },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          // test/compat: what every Kafka release and mode must take, on the pinned one here and on
          // the others in npm run test:compat (scripts/test-compat.mjs), which starts each in turn.
          include: ['test/integration/**/*.test.ts', 'test/fault/**/*.test.ts', 'test/compat/**/*.test.ts'],
          // One cluster for all: files run one at a time, since some stop and kill its nodes.
          globalSetup: ['test/integration/global-setup.ts'],
          // src/ runs on kafkajs patched as the bundles carry it.
          setupFiles: ['test/support/shipped-kafkajs.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
