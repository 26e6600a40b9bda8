// Counts and latency percentiles of a run, for the summary line and the JSON summary event.
import { LatencyHistogram } from './latency.js';
import type { DeliveryReport } from './producer.js';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Summary {
  sent: number;
  delivered: number;
  failed: number;
  /** Messages the final flush could not get reported before --flush-timeout (or an interruption). */
  unreported: number;
  durationMs: number;
  ratePerSec: number;
  latencyMs: LatencySummary;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export class DeliveryStats {
  private readonly latencies = new LatencyHistogram();
  failed = 0;

  get delivered(): number {
    return this.latencies.count;
  }

  add(report: DeliveryReport): void {
    if (report.error !== null) this.failed++;
    else this.latencies.add(report.latencyMs);
  }

  /** A delivered record counted, not reported. */
  addLatency(latencyMs: number): void {
    this.latencies.add(latencyMs);
  }

  /** Delivered records counted together (a transaction's, whose reports were not each wanted). */
  addDelivered(latencies: LatencyHistogram): void {
    this.latencies.merge(latencies);
  }

  /** Nearest-rank percentiles of the delivered messages' latencies (see LatencyHistogram for their
   * precision); zeros when none was delivered. */
  latency(): LatencySummary {
    const at = (p: number) => round(this.latencies.percentile(p));
    return { p50: at(50), p95: at(95), p99: at(99), max: round(this.latencies.max) };
  }

  summary(sent: number, unreported: number, durationMs: number): Summary {
    return {
      sent,
      delivered: this.delivered,
      failed: this.failed,
      unreported,
      durationMs: round(durationMs),
      ratePerSec: durationMs > 0 ? Math.round((this.delivered / durationMs) * 1000 * 10) / 10 : 0,
      latencyMs: this.latency(),
    };
  }
}
