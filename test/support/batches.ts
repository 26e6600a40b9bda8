// Record batches for tests that call a transport directly: written by the producer core's own Batch.
import { Batch } from '../../src/core/batch.js';
import { type Header, slicesOf } from '../../src/core/transport.js';

export interface TestRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Header[];
  timestamp?: number;
}

export function batchOf(topic: string, partition: number, records: TestRecord[]): Batch<unknown> {
  const batch = new Batch<unknown>(topic, partition);
  for (const { key, value, headers, timestamp = Date.now() } of records) {
    batch.tryAppend({
      slices: slicesOf(key, value),
      headers,
      timestamp,
      queuedAt: performance.now(),
      payload: 0,
      opaque: undefined,
      callback: undefined,
    });
  }
  return batch;
}
