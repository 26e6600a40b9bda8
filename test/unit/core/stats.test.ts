import { describe, expect, it } from 'vitest';
import { SimpleProduceError } from '../../../src/core/errors.js';
import { LatencyHistogram } from '../../../src/core/latency.js';
import type { DeliveryReport } from '../../../src/core/producer.js';
import { DeliveryStats } from '../../../src/core/stats.js';

const report = (latencyMs: number, error: SimpleProduceError | null = null): DeliveryReport => ({
  error,
  topic: 't',
  partition: 0,
  offset: 0,
  key: null,
  value: null,
  timestamp: 0,
  latencyMs,
  possiblyPersisted: false,
  opaque: undefined,
});

describe('DeliveryStats', () => {
  it('gives nearest-rank percentiles of the delivered latencies, and counts failures apart', () => {
    const stats = new DeliveryStats();
    for (let ms = 1; ms <= 2000; ms++) stats.add(report(ms));
    stats.add(report(99_999, new SimpleProduceError('DELIVERY', 'x')));
    const summary = stats.summary(2001, 0, 4000);
    expect(summary).toMatchObject({ sent: 2001, delivered: 2000, failed: 1, durationMs: 4000, ratePerSec: 500 });
    const { p50, p95, p99, max } = summary.latencyMs;
    // Within 0.05 % of the nearest-rank values (the histogram's precision above 2.048 ms); max exact.
    for (const [got, want] of [
      [p50, 1000],
      [p95, 1900],
      [p99, 1980],
    ]) {
      expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.0005);
    }
    expect(max).toBe(2000);
  });

  it('is exact to the microsecond below 2.048 ms', () => {
    const stats = new DeliveryStats();
    for (const ms of [0.25, 0.5, 1.234, 2.047]) stats.add(report(ms));
    expect(stats.latency()).toEqual({ p50: 0.5, p95: 2.047, p99: 2.047, max: 2.047 });
  });

  it('adds the delivered records of a histogram counted apart', () => {
    const stats = new DeliveryStats();
    stats.add(report(1));
    const apart = new LatencyHistogram();
    for (let i = 0; i < 3; i++) apart.add(0.5);
    stats.addDelivered(apart);
    expect(stats.delivered).toBe(4);
    expect(stats.latency()).toEqual({ p50: 0.5, p95: 1, p99: 1, max: 1 });
  });

  it('reports zeros, not NaN, when nothing was delivered', () => {
    expect(new DeliveryStats().summary(0, 0, 0)).toMatchObject({ ratePerSec: 0, latencyMs: { p50: 0, max: 0 } });
  });
});
