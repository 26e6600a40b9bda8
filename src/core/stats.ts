// Counts and latency percentiles of a run, for the summary line and the JSON summary event.
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
  private latencies = new Float64Array(1024);
  delivered = 0;
  failed = 0;

  add(report: DeliveryReport): void {
    if (report.error !== null) {
      this.failed++;
      return;
    }
    if (this.delivered === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.delivered++] = report.latencyMs;
  }

  /** Nearest-rank percentiles of the delivered messages' latencies; zeros when none was delivered. */
  latency(): LatencySummary {
    const sorted = this.latencies.slice(0, this.delivered).sort();
    const at = (p: number) => (sorted.length === 0 ? 0 : round(sorted[Math.ceil((p / 100) * sorted.length) - 1]));
    return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
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
