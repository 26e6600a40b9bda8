import type { Patch } from './patch.js';

export const lazyLoading: Patch = {
  why: "start-up: node:crypto (the random partitioner's, SCRAM's), node:assert (sendOffsets'), the consumer and the admin load on first use",
  proof: 'only that each applies (the anchor counts); its effect is the one-message case of npm run bench',
  files: [
    {
      // The random partitioner looked for globalThis.crypto as it loaded; our partitioner chooses.
      file: 'kafkajs/src/producer/partitioners/legacy/randomBytes.js',
      changes: [
        ['let cryptoImplementation = null\nif (', 'let cryptoImplementation = null\nconst findCrypto = () => {\nif ('],
        ["  cryptoImplementation = require('crypto')\n}\n", "  cryptoImplementation = require('crypto')\n}\n}\n"],
        [
          '  if (!cryptoImplementation) {\n',
          '  if (!cryptoImplementation) findCrypto()\n  if (!cryptoImplementation) {\n',
        ],
      ],
    },
    {
      file: 'kafkajs/src/broker/saslAuthenticator/scram.js',
      changes: [
        [
          "const crypto = require('crypto')",
          "const crypto = new Proxy({}, { get: (_, name) => require('crypto')[name] })",
        ],
      ],
    },
    {
      // Only a transaction's sendOffsets asserts; node:assert loads four modules.
      file: 'kafkajs/src/producer/eosManager/index.js',
      changes: [["const assert = require('assert')", "const assert = (...args) => require('assert')(...args)"]],
    },
    {
      // --verify's read-back and a missing topic make them; a plain run needs neither.
      file: 'kafkajs/src/index.js',
      changes: [
        [
          "const createConsumer = require('./consumer')",
          "const createConsumer = (...args) => require('./consumer')(...args)",
        ],
        ["const createAdmin = require('./admin')", "const createAdmin = (...args) => require('./admin')(...args)"],
      ],
    },
  ],
};
