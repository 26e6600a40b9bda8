// What the bin imports, built as CommonJS beside the CLI bundle: runs it with V8's code cache.
import { join } from 'node:path';
import { runWithCompileCache } from './compile-cache.js';
import { firstDeliveryChannel } from './first-delivery.js';

// V8 doubles the young generation up to 32 MB as objects survive it, and a full-speed run keeps a
// stream of short-lived ones (batches in flight): it would commit the 32 MB while a few are live.
// Held at its first size (1 MB a semi-space) the run costs a few more scavenges and 20-25 MB less
// memory. Set before the bundle is compiled, so the code cache is made and read under one set of flags.
const givenToNode = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!givenToNode.includes('semi-space')) require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');

// A full-speed run allocates fast and keeps little alive, and V8's default heap growth lets the heap
// reach several times what is live. Growing it by a fifth at a time keeps it near the live size for a
// little more CPU. V8 reads the flag at every collection, so it is set once the run is under way,
// shortly after the first delivery report: off start-up's path, and after the compile cache is
// written (V8 rejects a cache made under other flags). A value given to node itself wins.
if (!givenToNode.includes('--heap-growing-percent')) {
  firstDeliveryChannel.subscribe(function growHeapSlowly() {
    firstDeliveryChannel.unsubscribe(growHeapSlowly);
    setTimeout(() => require('node:v8').setFlagsFromString('--heap-growing-percent=20'), 200).unref();
  });
}

// The hash of dist/cli.cjs, put in by the build, which writes the launcher after the bundle.
declare const __CLI_BUNDLE_HASH__: string;
runWithCompileCache(join(__dirname, 'cli.cjs'), __CLI_BUNDLE_HASH__);
