// The Reporter: the walk-through's lines on stderr, JSON events on stdout, colour only where asked for, and
// a failure's causes under --debug.
import { describe, expect, it } from 'vitest';
import { Reporter, type ReporterOptions, useColor } from '../../../src/cli/report.js';
import { SimpleProduceError } from '../../../src/core/errors.js';
import type { DeliveryReport } from '../../../src/core/producer.js';

type Sink = NodeJS.WritableStream & { text: string; isTTY: boolean };

function sink(isTTY = false): Sink {
  const out = {
    text: '',
    isTTY,
    write(s: string) {
      out.text += s;
      return true;
    },
  };
  return out as unknown as Sink;
}

function reporter(options: Partial<ReporterOptions> = {}) {
  const stderr = sink();
  const stdout = sink();
  const r = new Reporter({ stderr, stdout, quiet: false, json: false, env: {}, ...options } as ReporterOptions);
  return { r, stderr, stdout };
}

const delivered: DeliveryReport = {
  error: null,
  topic: 'pcy.simple.producer',
  partition: 3,
  offset: 17,
  key: Buffer.from('4'),
  value: Buffer.from('hello world: 4'),
  timestamp: 1_795_000_000_000,
  latencyMs: 12.34567,
  possiblyPersisted: false,
  opaque: undefined,
};
const tooLarge = new SimpleProduceError(
  'DELIVERY',
  'MESSAGE_TOO_LARGE: the message is larger than the topic accepts (max.message.bytes)',
  false,
  'MESSAGE_TOO_LARGE',
  Object.assign(new Error('The request included a message larger than the max'), { name: 'KafkaJSProtocolError' }),
);

describe('Reporter', () => {
  it("writes the walk-through's delivery line, and nothing on stdout without --json", () => {
    const { r, stderr, stdout } = reporter();
    r.delivery(delivered);
    expect(stderr.text).toBe('% Message delivered to pcy.simple.producer [3] @ 17\n');
    expect(stdout.text).toBe('');
  });

  it('with --json, writes a delivered event per report; --quiet drops the text line only', () => {
    const { r, stderr, stdout } = reporter({ json: true, quiet: true });
    r.delivery(delivered);
    expect(stderr.text).toBe('');
    expect(JSON.parse(stdout.text)).toEqual({
      event: 'delivered',
      topic: 'pcy.simple.producer',
      partition: 3,
      offset: 17,
      key: '4',
      timestamp: 1_795_000_000_000,
      latencyMs: 12.346,
    });
  });

  it('reports a failure on stderr and as a failed event, with the cause only under --debug', () => {
    const plain = reporter({ json: true });
    plain.r.delivery({ ...delivered, error: tooLarge, offset: -1001 });
    expect(plain.stderr.text).toBe(`% Message failed delivery: ${tooLarge.message}\n`);
    expect(JSON.parse(plain.stdout.text)).toEqual({
      event: 'failed',
      key: '4',
      error: tooLarge.message,
      code: 'MESSAGE_TOO_LARGE',
      retriable: false,
      possiblyPersisted: false,
    });
    const debug = reporter({ causes: (t) => t.replace('max', '[redacted]') });
    debug.r.delivery({ ...delivered, error: tooLarge, offset: -1001 });
    expect(debug.stderr.text.split('\n')[1]).toBe(
      '%   cause: KafkaJSProtocolError: The request included a message larger than the [redacted]',
    );
  });

  it('counts the full queue in agreeing words, and stops JSON events once stdout is closed', () => {
    const { r, stderr, stdout } = reporter({ json: true });
    r.queueFull(1);
    expect(stderr.text).toBe('% Local producer queue is full (1 message awaiting delivery): try again\n');
    r.stdoutClosed();
    r.delivery(delivered);
    expect(stdout.text).toBe('');
  });

  it('colours only a terminal, and never with --no-color or NO_COLOR', () => {
    expect(useColor({ stderr: sink(true), quiet: false, json: false, env: {} })).toBe(true);
    expect(useColor({ stderr: sink(false), quiet: false, json: false, env: {} })).toBe(false);
    expect(useColor({ stderr: sink(true), quiet: false, json: false, color: false, env: {} })).toBe(false);
    expect(useColor({ stderr: sink(true), quiet: false, json: false, env: { NO_COLOR: '1' } })).toBe(false);
  });

  it('ends with the summary line and, with --json, a summary event carrying the exit code', () => {
    const { r, stderr, stdout } = reporter({ json: true });
    const latencyMs = { p50: 1, p95: 2, p99: 3, max: 4 };
    r.summary({ sent: 2, delivered: 1, failed: 1, unreported: 0, durationMs: 1500, ratePerSec: 0.7, latencyMs }, 1);
    expect(stderr.text).toBe(
      '% done: 2 sent, 1 delivered, 1 failed in 1.500 s, 0.7 msg/s, latency p50 1 ms, p95 2 ms, p99 3 ms, max 4 ms\n',
    );
    expect(JSON.parse(stdout.text)).toMatchObject({ event: 'summary', sent: 2, failed: 1, exitCode: 1 });
  });

  it("names a record's input and line (or record number) in its events, and a failure's line on stderr", () => {
    const origin = { input: 'events.txt', number: 7, source: Buffer.from('k|v') };
    const lines = reporter({ json: true, inputUnit: 'line' });
    lines.r.delivery({ ...delivered, opaque: origin });
    lines.r.delivery({ ...delivered, error: tooLarge, offset: -1001, possiblyPersisted: true, opaque: origin });
    const [ok, failed] = lines.stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ok).toMatchObject({ event: 'delivered', input: 'events.txt', line: 7, partition: 3, offset: 17 });
    expect(failed).toMatchObject({ event: 'failed', input: 'events.txt', line: 7, possiblyPersisted: true });
    expect(lines.stderr.text).toContain(`% Message failed delivery: ${tooLarge.message} (events.txt:7)\n`);
    const records = reporter({ json: true, inputUnit: 'record' });
    records.r.delivery({ ...delivered, opaque: origin });
    expect(JSON.parse(records.stdout.text)).toMatchObject({ input: 'events.txt', record: 7 });
    const raw = reporter({ json: true, inputUnit: null });
    raw.r.delivery({ ...delivered, opaque: origin });
    expect(JSON.parse(raw.stdout.text)).not.toHaveProperty('line');
    expect(JSON.parse(raw.stdout.text)).toMatchObject({ input: 'events.txt' });
  });

  it("takes a report whose opaque is its record's number alone as a record of the one --input", () => {
    const one = reporter({ json: true, inputUnit: 'line', input: 'only.txt' });
    one.r.delivery({ ...delivered, opaque: 12 });
    one.r.delivery({ ...delivered, error: tooLarge, offset: -1001, opaque: 13 });
    const [ok, failed] = one.stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ok).toMatchObject({ event: 'delivered', input: 'only.txt', line: 12 });
    expect(failed).toMatchObject({ event: 'failed', input: 'only.txt', line: 13 });
    expect(one.stderr.text).toContain(`% Message failed delivery: ${tooLarge.message} (only.txt:13)\n`);
  });
});
