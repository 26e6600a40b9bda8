// --dry-run: every record read, parsed and encoded (with the registry's schemas, when a format names
// one) as a real run would, and nothing sent: no broker is contacted. What fails is reported and
// written to --failed-out exactly as a real run would; the exit code says whether anything did. A CI
// job checks its fixtures against the production schema this way before it writes them.
import { generatedSource } from '../core/generated.js';
import {
  invalidRecord,
  type ProducerRecord,
  problemOf,
  type RecordSerializer,
  unsentReport,
} from '../core/produce-loop.js';
import { DeliveryStats } from '../core/stats.js';
import type { SourceRecord } from '../input/reader.js';
import type { Config } from './config.js';
import { ExitCode } from './exit-codes.js';
import { inputSource, openFailedOut } from './input-run.js';
import type { Reporter } from './report.js';

export async function dryRun(
  config: Config,
  reporter: Reporter,
  stop: AbortSignal,
  serializer: RecordSerializer | null,
): Promise<ExitCode> {
  const failedOut = config.input === null ? null : openFailedOut(config.input);
  const started = performance.now();
  const stats = new DeliveryStats();
  // Generated messages: as many as the run would send, none of them waited for.
  const count =
    config.input === null ? (config.count ?? Math.ceil(config.durationMs / Math.max(config.intervalMs, 1))) : null;
  const source =
    config.input === null
      ? generatedSource({ key: config.key, value: config.value, count }).records
      : inputSource(config.input, stop, reporter).records;
  let read = 0;
  try {
    outer: for await (const chunk of source as AsyncIterable<ProducerRecord[]>) {
      for (const record of chunk) {
        if (stop.aborted) break outer;
        read++;
        const problem = problemOf(record, serializer);
        if (problem === null) continue;
        const report = unsentReport(config.topic, record, record, invalidRecord(problem));
        stats.add(report);
        failedOut?.write(record as SourceRecord, false);
        reporter.delivery(report);
      }
    }
  } finally {
    failedOut?.close();
  }
  const failed = stats.failed;
  reporter.notice(`dry run: ${read} records read, ${read - failed} would be sent, ${failed} failed; nothing was sent`);
  if (failedOut !== null) reporter.failedOut(failedOut.counts, failedOut.paths);
  const code = stop.aborted ? ExitCode.interrupted : failed > 0 ? ExitCode.someFailed : ExitCode.ok;
  // Nothing was sent: the summary says so; the notice above counts what was read.
  reporter.summary(stats.summary(0, 0, performance.now() - started), code);
  return code;
}
