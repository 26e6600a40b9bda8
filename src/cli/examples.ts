// The common tasks, as --help and the man page show them.

export const EXAMPLES: { what: string; command: string }[] = [
  {
    what: "The Python SimpleProducer walk-through's job: a keyed 'hello world: n' a second for 60 s",
    command: 'simple-produce --topic pcy.simple.producer --duration 60 -b kafka01:9092,kafka02:9092',
  },
  {
    what: 'A file of your own key|value records, the failed ones kept to send again',
    command: "simple-produce -t orders --input orders.txt -K '|' --failed-out failed.txt",
  },
  {
    what: 'A CI smoke test: every record read back, JSON events for the script, the exit code says how it went',
    command: 'simple-produce -t smoke --count 100 --interval 0 --create-topic --verify --json > events.ndjson',
  },
  {
    what: 'A secured cluster, its settings in the client.properties you already have',
    command: "simple-produce -t orders --input orders.txt -K '|' --command-config client.properties",
  },
  {
    what: 'A cloud cluster that takes OAuth tokens: the client credentials grant, the secret from the environment',
    command:
      'KAFKA_OAUTH_CLIENT_SECRET=... simple-produce -t orders -b broker:9096 --security-protocol SASL_SSL --sasl-mechanism OAUTHBEARER --oauth-token-endpoint https://idp.example.com/oauth2/token --oauth-client-id orders',
  },
  {
    what: 'Avro records through a Schema Registry: each line key|{Avro JSON}, the schema registered from its file',
    command:
      "simple-produce -t payments --input payments.txt -K '|' --schema-registry http://registry:8081 --value-format avro --value-schema payment.avsc",
  },
  {
    what: 'All of a file or none of it: one transaction',
    command: 'simple-produce -t orders --input fixtures.json --format json --transactional-id fixtures-load',
  },
];
