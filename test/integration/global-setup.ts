// Integration tests need the local cluster: start it if it is not running, and stop it afterwards
// only if this run started it (CI's .ci/run starts and stops its own).
import { down, up } from '../../kafka/cluster.js';

export default async function setup(): Promise<() => Promise<void>> {
  const { started } = await up();
  return async () => {
    if (started.length > 0) await down();
  };
}
