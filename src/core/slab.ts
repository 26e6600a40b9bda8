// Keys and values made from strings (the seed's messages, --key and --value templates), written one
// after another into shared slabs rather than a Buffer each: a message then holds slices of a slab
// (see Slices), two objects fewer for every message queued, which the garbage collector would copy
// and mark. A slab is freed when the last message that points into it is.
import type { Slices } from './transport.js';

const SLAB_BYTES = 64 * 1024;

export class SlabWriter {
  private slab = Buffer.allocUnsafe(SLAB_BYTES);
  private used = 0;
  private before = 0;

  /** The key's and the value's bytes (UTF-8) as slices of the current slab. */
  write(key: string | null, value: string | null): Slices {
    // UTF-8 takes at most 3 bytes for each UTF-16 unit.
    const most = 3 * ((key?.length ?? 0) + (value?.length ?? 0));
    if (this.used + most > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, most));
      this.used = 0;
    }
    this.before = this.used;
    const slab = this.slab;
    const keyStart = this.used;
    if (key !== null) this.used += slab.write(key, this.used);
    const keyEnd = this.used;
    if (value !== null) this.used += slab.write(value, this.used);
    return {
      keyBytes: key === null ? null : slab,
      keyStart: key === null ? 0 : keyStart,
      keyEnd: key === null ? 0 : keyEnd,
      valueBytes: value === null ? null : slab,
      valueStart: value === null ? 0 : keyEnd,
      valueEnd: value === null ? 0 : this.used,
    };
  }

  /** Gives back the room of the last write (its message was not taken: the queue was full). */
  undo(): void {
    this.used = this.before;
  }
}
