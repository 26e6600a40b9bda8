// The layers of src/, checked by `npm run lint` (depcruise): core at the bottom knows no client, file
// format or command line; input, security and kafkajs each build on core alone (kafkajs also reads the
// security settings it connects with); cli puts them together; launch starts the built cli and needs
// none of it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stands-alone',
      severity: 'error',
      comment: 'core/ is the producer model and its loop: no command line, client, input format or security.',
      from: { path: '^src/core/' },
      to: { path: '^src/(cli|kafkajs|input|security|launch)/' },
    },
    {
      name: 'input-on-core',
      severity: 'error',
      comment: 'input/ reads records; it knows the core records and nothing of options or clients.',
      from: { path: '^src/input/' },
      to: { path: '^src/(cli|kafkajs|security|launch)/' },
    },
    {
      name: 'security-on-core',
      severity: 'error',
      comment: 'security/ turns settings into TLS and SASL; it knows nothing of options, clients or input.',
      from: { path: '^src/security/' },
      to: { path: '^src/(cli|kafkajs|input|launch)/' },
    },
    {
      name: 'kafkajs-below-cli',
      severity: 'error',
      comment: 'kafkajs/ is the transport: core and the security settings, never the command line or input.',
      from: { path: '^src/kafkajs/' },
      to: { path: '^src/(cli|input|launch)/' },
    },
    {
      name: 'launch-alone',
      severity: 'error',
      comment: 'launch/ runs the built cli with a compile cache; it imports none of the cli.',
      from: { path: '^src/launch/' },
      to: { path: '^src/(cli|core|kafkajs|input|security)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
