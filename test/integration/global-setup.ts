// Integration tests need the local cluster: start it if it is not running, and stop it afterwards
// only if this run started it (CI's .ci/run starts and stops its own). The Schema Registry is started
// by the test files that need it (registryUp); it is stopped here if it was not running before.
import { down, up } from '../../kafka/cluster.js';
import { registryDown, registryPid } from '../../kafka/registry.js';

export default async function setup(): Promise<() => Promise<void>> {
  const { started } = await up();
  const registryWasRunning = registryPid() !== null;
  return async () => {
    if (!registryWasRunning) await registryDown();
    if (started.length > 0) await down();
  };
}
