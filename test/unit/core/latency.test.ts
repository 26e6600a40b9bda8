import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../src/core/latency.js';

describe('LatencyHistogram', () => {
  it('keeps every value within 0.05 % of itself, from a microsecond to days', () => {
    for (const ms of [
      0.001,
      1.999,
      2.048,
      2.049,
      3.3,
      17.77,
      250,
      1234.5678,
      120_000,
      2_147_483.647,
      2_147_483.648,
      86_400_000 * 20,
    ]) {
      const one = new LatencyHistogram();
      one.add(ms);
      one.add(ms * 2); // max is exact: the percentile below it is the histogram's own value
      const got = one.percentile(50);
      expect(Math.abs(got - ms) / ms, `${ms} ms read as ${got}`).toBeLessThanOrEqual(0.0005);
    }
  });

  it('takes nearest-rank percentiles over the counts', () => {
    const h = new LatencyHistogram();
    for (let us = 1; us <= 1000; us++) h.add(us / 1000);
    expect([h.percentile(50), h.percentile(99), h.percentile(100), h.count, h.max]).toEqual([0.5, 0.99, 1, 1000, 1]);
  });

  it('merges the counts of another', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.add(1);
    b.add(1.5);
    b.add(2);
    a.merge(b);
    expect([a.count, a.max, a.percentile(50)]).toEqual([3, 2, 1.5]);
  });

  it('merges values on both sides of its own, and into an empty histogram', () => {
    const low = new LatencyHistogram();
    const high = new LatencyHistogram();
    const mid = new LatencyHistogram();
    low.add(0.001);
    mid.add(1.5);
    high.add(60_000);
    mid.merge(low);
    mid.merge(high);
    mid.merge(new LatencyHistogram());
    expect([mid.percentile(1), mid.percentile(50), mid.percentile(100)]).toEqual([0.001, 1.5, 60_000]);
    const empty = new LatencyHistogram();
    empty.merge(mid);
    expect([empty.count, empty.percentile(1), empty.percentile(50)]).toEqual([3, 0.001, 1.5]);
  });

  it('reads 0 when empty', () => {
    expect(new LatencyHistogram().percentile(99)).toBe(0);
  });
});
