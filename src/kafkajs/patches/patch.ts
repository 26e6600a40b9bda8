// What a patch of a package is: the files it changes, each change found by its exact text a known
// number of times (or the build fails), and the code it brings, written as a module of ./code.

/** [the text to find, what replaces it, how many times it must be found (1 when missing)]. */
export type Change = [from: string, to: string, times?: number];

export interface FileChange {
  /** The file's path below node_modules, with / (kafkajs/src/...). */
  file: string;
  /** A module of ./code (by its file name), compiled and put at the top of the file, giving these
   * names to the changes' code. */
  code?: { module: string; names: string[] };
  /** The file's whole contents are replaced: module.exports is this name of `code`. */
  exports?: string;
  changes?: Change[];
}

export interface Patch {
  /** Why, in a line. */
  why: string;
  /** The kafkajs issue it answers, if there is one. */
  issue?: string;
  /** The test that proves it. */
  proof: string;
  files: FileChange[];
}

/** A file whose whole contents become a module of ./code: module.exports is its export `name`. */
export const wholeFile = (file: string, module: string, name: string): FileChange => ({
  file,
  code: { module, names: [name] },
  exports: name,
});
