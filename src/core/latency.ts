// Delivery latencies in a fixed amount of memory, however many records a run delivers: HdrHistogram's
// layout at three significant digits. Below 2.048 ms every microsecond has its own count; above, each
// power of two is cut into 1024 equal steps, so a value is kept within 0.1 % of itself. Written here
// rather than taken from hdr-histogram-js, which every run would load for a few dozen lines' worth.

/** Counts below this many microseconds are exact. */
const EXACT = 2048;
const HALF = EXACT / 2;
/** 2^41 µs is 25 days: more than any delivery timeout. */
const BUCKETS = 41 - Math.log2(EXACT);
const SIZE = EXACT + BUCKETS * HALF;

/** The power-of-two range of a value of at least EXACT µs: its step is 2^shift. */
const shiftOf = (us: number) => Math.floor(Math.log2(us)) - Math.log2(HALF);

function indexOf(us: number): number {
  if (us < EXACT) return us;
  if (us < 2 ** 31) {
    // Below 2^31 µs (35 minutes), in 32-bit integers: the same index, without a floating-point log.
    const shift = 21 - Math.clz32(us);
    return EXACT + (shift - 1) * HALF + (us >>> shift) - HALF;
  }
  const shift = Math.min(shiftOf(us), BUCKETS);
  return EXACT + (shift - 1) * HALF + Math.min(Math.floor(us / 2 ** shift) - HALF, HALF - 1);
}

/** The middle of the values the index holds, in µs. */
function middleOf(index: number): number {
  if (index < EXACT) return index;
  const shift = Math.floor((index - EXACT) / HALF) + 1;
  const low = (HALF + ((index - EXACT) % HALF)) * 2 ** shift;
  return low + 2 ** (shift - 1);
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(SIZE);
  count = 0;
  /** The largest value added, exactly. */
  max = 0;
  /** The first and last index with a count: a percentile or a merge reads from one to the other, not
   * all 32 768 counts (a one-message run would spend milliseconds there). */
  private lowest = SIZE;
  private highest = -1;

  add(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    const index = indexOf(us);
    this.counts[index]++;
    this.count++;
    if (ms > this.max) this.max = ms;
    if (index < this.lowest) this.lowest = index;
    if (index > this.highest) this.highest = index;
  }

  /** Adds every value of another histogram. */
  merge(other: LatencyHistogram): void {
    for (let i = other.lowest; i <= other.highest; i++) this.counts[i] += other.counts[i];
    this.lowest = Math.min(this.lowest, other.lowest);
    this.highest = Math.max(this.highest, other.highest);
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** The nearest-rank percentile p (0 < p ≤ 100), in ms: exact below 2.048 ms, within 0.1 % above,
   * never above the largest value; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = this.lowest; i <= this.highest; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(middleOf(i) / 1000, this.max);
    }
    return this.max;
  }
}
