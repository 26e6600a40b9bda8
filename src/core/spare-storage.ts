// The storage of batches whose reports are all served, for later batches (the producer's
// reuseBuffers). At full speed a batch lives through several scavenges and is promoted: a buffer
// dropped then is freed only by a full collection, and a run that dropped its batches' buffers, and
// those a growing batch left behind, held tens of megabytes of dead ones between two of them.

/** A batch's numbers for each of its records (see Batch). */
export interface RecordArrays {
  starts: Uint32Array;
  queuedAt: Float64Array;
  timestamps: Float64Array;
  numbers: Float64Array | null;
}

const bufferSize = (buffer: Buffer) => buffer.length;
const arraysCapacity = (arrays: RecordArrays) => arrays.starts.length;

/** Spare buffers and record arrays, at most `most` of each: given one more, the smallest goes. */
export class SpareStorage {
  private readonly buffers: Buffer[] = [];
  private readonly arrays: RecordArrays[] = [];

  constructor(private readonly most: number) {}

  /** The smallest spare buffer of at least `size` bytes; null when none is that large. */
  takeBuffer(size: number): Buffer | null {
    return takeSmallest(this.buffers, size, bufferSize);
  }

  /** The smallest spare arrays for at least `capacity` records; null when none are that large. */
  takeArrays(capacity: number): RecordArrays | null {
    return takeSmallest(this.arrays, capacity, arraysCapacity);
  }

  giveBuffer(buffer: Buffer): void {
    keepLargest(this.buffers, buffer, this.most, bufferSize);
  }

  giveArrays(arrays: RecordArrays): void {
    keepLargest(this.arrays, arrays, this.most, arraysCapacity);
  }
}

function takeSmallest<T>(spares: T[], least: number, size: (spare: T) => number): T | null {
  let best = -1;
  for (let i = 0; i < spares.length; i++) {
    const s = size(spares[i]);
    if (s >= least && (best === -1 || s < size(spares[best]))) best = i;
  }
  if (best === -1) return null;
  const taken = spares[best];
  spares[best] = spares[spares.length - 1];
  spares.pop();
  return taken;
}

function keepLargest<T>(spares: T[], given: T, most: number, size: (spare: T) => number): void {
  if (spares.length < most) {
    spares.push(given);
    return;
  }
  let smallest = 0;
  for (let i = 1; i < spares.length; i++) if (size(spares[i]) < size(spares[smallest])) smallest = i;
  if (size(given) > size(spares[smallest])) spares[smallest] = given;
}
