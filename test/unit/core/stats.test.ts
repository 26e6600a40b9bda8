import { describe, expect, it } from 'vitest';
import { SimpleProduceError } from '../../../src/core/errors.js';
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
    expect(summary.latencyMs).toEqual({ p50: 1000, p95: 1900, p99: 1980, max: 2000 });
  });

  it('reports zeros, not NaN, when nothing was delivered', () => {
    expect(new DeliveryStats().summary(0, 0, 0)).toMatchObject({ ratePerSec: 0, latencyMs: { p50: 0, max: 0 } });
  });
});
