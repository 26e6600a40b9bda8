// commander loads node:child_process at start-up for subcommands, which we do not have: it now
// loads it when it spawns one. Applied with the kafkajs patches (scripts/package-patches.ts).
import type { Patch } from '../kafkajs/patches/patch.js';

export const commanderLazyChildProcess: Patch = {
  why: 'node:child_process loaded when a subcommand is spawned, not at start-up',
  proof: 'only that it applies (the anchor count); its effect is the one-message case of npm run bench',
  files: [
    {
      file: 'commander/lib/command.js',
      changes: [
        [
          "const childProcess = require('node:child_process');",
          "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
        ],
      ],
    },
  ],
};
