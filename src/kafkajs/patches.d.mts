import type { Plugin } from 'esbuild';

export const kafkajsPatches: Plugin;
