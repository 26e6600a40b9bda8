import type { Plugin } from 'esbuild';

/** The esbuild plugin; every patched file of the packages in `complete` must end up in the bundle. */
export function kafkajsPatches(options?: { complete?: ('kafkajs' | 'commander')[] }): Plugin;
/** A file's patched source, or null when it is not one we patch. */
export function patchSource(file: string, source: string): { path: string; contents: string } | null;
/** Each patched file's path below node_modules. */
export const patchedPaths: string[];
