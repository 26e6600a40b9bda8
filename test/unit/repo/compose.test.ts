// docker-compose.yml: what the generator writes from the local cluster's settings, valid by the
// Compose specification's schema and clean under its linter (dclint), with no docker-compose binary.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientPort, NODE_IDS } from '../../../kafka/cluster.js';
import { COMPOSE_FILE, composeYaml, kafkaVersion, sharedSettings } from '../../../kafka/compose.js';
import { REGISTRY_PORT, REGISTRY_VERSION } from '../../../kafka/registry.js';

const execFileAsync = promisify(execFile);
const DCLINT = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'bin', 'dclint.cjs');

/** dclint's verdict: it checks the file against the Compose specification's JSON schema, then its rules. */
async function lint(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [DCLINT, file, '--max-warnings', '0']);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

interface ComposeService {
  image: string;
  container_name: string;
  ports: string[];
  environment: Record<string, string>;
}

describe('docker-compose.yml', () => {
  it('is what `npm run kafka -- compose` writes from kafka/config/cluster.properties', () => {
    expect(readFileSync(COMPOSE_FILE, 'utf8')).toBe(composeYaml());
  });

  it('passes the Compose schema and linter with no warning', async () => {
    const { code, output } = await lint(COMPOSE_FILE);
    expect(output).not.toMatch(/error|warning/);
    expect(code).toBe(0);
  });

  it('is refused by the same check when it breaks the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      const broken = join(dir, 'docker-compose.yml');
      writeFileSync(broken, composeYaml().replace('    ports:\n', '    portz:\n'));
      const { code, output } = await lint(broken);
      expect(output).toContain('invalid-schema');
      expect(code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs the launcher's three nodes, version, ports and settings, and its registry", () => {
    const { services } = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };
    expect(Object.keys(services)).toEqual([...NODE_IDS.map((id) => `kafka0${id}`), 'registry']);
    // The registry of npm run registry:up, on its host port (Apicurio's image listens on 8080).
    expect(services.registry.image).toBe(`apicurio/apicurio-registry:${REGISTRY_VERSION}`);
    expect(services.registry.ports).toEqual([`127.0.0.1:${REGISTRY_PORT}:8080`]);
    for (const id of NODE_IDS) {
      const service = services[`kafka0${id}`];
      expect(service.image).toBe(`apache/kafka:${kafkaVersion()}`);
      expect(service.ports).toEqual([`127.0.0.1:${clientPort(id)}:${clientPort(id)}`]);
      expect(service.environment.KAFKA_NODE_ID).toBe(String(id));
      for (const [key, value] of sharedSettings()) {
        expect(service.environment[`KAFKA_${key.toUpperCase().replace(/\./g, '_')}`]).toBe(value);
      }
    }
  });
});
