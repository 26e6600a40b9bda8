// --failed-out FILE: every record that failed, in the input's own format (its bytes as read, and the
// delimiter after each), ready to go back in with --input. Records whose outcome is unknown (their
// request was sent and never answered, librdkafka's "possibly persisted") go to FILE.possibly-persisted
// instead: sending those again may duplicate them.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { type Origin, sourceOf } from './reader.js';

export const POSSIBLY_PERSISTED = '.possibly-persisted';
const FLUSH_AT = 64 * 1024;

class BufferedFile {
  private fd: number | null = null;
  private pending: Buffer[] = [];
  private bytes = 0;
  count = 0;

  constructor(readonly path: string) {}

  write(data: Buffer, terminator: Buffer): void {
    this.pending.push(data, terminator);
    this.bytes += data.length + terminator.length;
    this.count++;
    if (this.bytes >= FLUSH_AT) this.flush();
  }

  /** Creates (or empties) the file. */
  open(): void {
    this.fd ??= openSync(this.path, 'w');
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.open();
    const data = Buffer.concat(this.pending);
    for (let done = 0; done < data.length; ) done += writeSync(this.fd as number, data, done);
    this.pending = [];
    this.bytes = 0;
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export class FailedOut {
  private readonly failed: BufferedFile;
  private readonly unknown: BufferedFile;

  /** Empties FILE at once (a retry must never re-send an earlier run's failures) and removes an
   * earlier run's FILE.possibly-persisted, which is made again only if some record needs it. */
  constructor(
    path: string,
    private readonly terminator: Buffer,
  ) {
    this.failed = new BufferedFile(path);
    this.unknown = new BufferedFile(`${path}${POSSIBLY_PERSISTED}`);
    this.failed.open();
    rmSync(this.unknown.path, { force: true });
  }

  write(origin: Origin, possiblyPersisted: boolean): void {
    (possiblyPersisted ? this.unknown : this.failed).write(sourceOf(origin), this.terminator);
  }

  /** How many records went to each file. */
  get counts(): { failed: number; possiblyPersisted: number } {
    return { failed: this.failed.count, possiblyPersisted: this.unknown.count };
  }

  get paths(): { failed: string; possiblyPersisted: string } {
    return { failed: this.failed.path, possiblyPersisted: this.unknown.path };
  }

  close(): void {
    this.failed.close();
    this.unknown.close();
  }
}
