// The layers of src/, checked by `npm run lint` (depcruise): core at the bottom knows no client, file
// format or command line; input, security and kafkajs each build on core alone (kafkajs and schema
// also read the security settings); schema encodes records for the loop; cli puts them together;
// launch starts the built cli and needs none of it.

/** A layer's rule: nothing in `from` imports from the folders in `notFrom`. */
const layer = (name, from, notFrom, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `^src/${from}/` },
  to: { path: `^src/(${notFrom.join('|')})/` },
});

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
    layer(
      'core-stands-alone',
      'core',
      ['cli', 'kafkajs', 'input', 'schema', 'security', 'launch'],
      'core/ is the producer model and its loop: no command line, client, input format or security.',
    ),
    layer(
      'input-on-core',
      'input',
      ['cli', 'kafkajs', 'schema', 'security', 'launch'],
      'input/ reads records; it knows the core records and nothing of options or clients.',
    ),
    layer(
      'security-on-core',
      'security',
      ['cli', 'kafkajs', 'input', 'schema', 'launch'],
      'security/ turns settings into TLS and SASL; it knows nothing of options, clients or input.',
    ),
    layer(
      'schema-on-core',
      'schema',
      ['cli', 'kafkajs', 'input', 'launch'],
      'schema/ encodes records with registered schemas; it knows the core records and the security settings, not options, clients or input.',
    ),
    layer(
      'kafkajs-below-cli',
      'kafkajs',
      ['cli', 'input', 'schema', 'launch'],
      'kafkajs/ is the transport: core and the security settings, never the command line or input.',
    ),
    layer(
      'launch-alone',
      'launch',
      ['cli', 'core', 'kafkajs', 'input', 'schema', 'security'],
      'launch/ runs the built cli with a compile cache; it imports none of the cli.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
