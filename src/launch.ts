// What the bin imports, built as CommonJS beside the CLI bundle: runs it with V8's code cache.
import { join } from 'node:path';
import { runWithCompileCache } from './compile-cache.js';

runWithCompileCache(join(__dirname, 'cli.cjs'));
