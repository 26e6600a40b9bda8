// Cuts a byte stream into records at a delimiter, across chunk boundaries, without decoding it.
// Without a delimiter, lines end as Java's BufferedReader.readLine ends them (kafka-console-producer
// reads that way): at \n, \r\n or a lone \r. A last line without its terminator is a line; a
// stream that ends with one has no empty line after it. A record is given as where it lies (bytes,
// start, end): in the chunk, or in a Buffer of its own when it straddles two; never a Buffer made for
// each (an object more for every record: see SourceRecord).

const LF = 0x0a;
const CR = 0x0d;

/** A record: bytes[start, end). */
export type Emit = (bytes: Buffer, start: number, end: number) => void;

export class LineSplitter {
  private carry: Buffer | null = null;
  /** The last chunk ended in \r: a \n that starts the next one belongs to that terminator. */
  private skipLF = false;

  /** delimiter: the bytes between records; null for readLine's line ends. */
  constructor(private readonly delimiter: Buffer | null = null) {}

  /** Emits every record the chunk completes; the rest waits for the next chunk or end(). */
  push(chunk: Buffer, emit: Emit): void {
    let data = chunk;
    if (this.skipLF) {
      this.skipLF = false;
      if (data.length > 0 && data[0] === LF) data = data.subarray(1);
    }
    if (this.carry !== null) {
      if (this.delimiter !== null) {
        // A delimiter of several bytes may straddle the two chunks: look for it in both together.
        data = Buffer.concat([this.carry, data]);
      } else {
        // Only the line that straddles the chunks is copied; the rest is cut from the chunk itself.
        const carried = this.carry;
        this.carry = null;
        let started = false;
        const rest = this.lines(data, (bytes, start, end) => {
          if (started) emit(bytes, start, end);
          else {
            const joined = Buffer.concat([carried, bytes.subarray(start, end)]);
            emit(joined, 0, joined.length);
          }
          started = true;
        });
        if (!started) this.carry = Buffer.concat([carried, data]);
        else if (rest < data.length) this.carry = data.subarray(rest);
        return;
      }
      this.carry = null;
    }
    const rest = this.delimiter === null ? this.lines(data, emit) : this.split(data, this.delimiter, emit);
    if (rest < data.length) this.carry = data.subarray(rest);
  }

  /** The input ended: what is left is the last record. */
  end(emit: Emit): void {
    if (this.carry !== null && this.carry.length > 0) emit(this.carry, 0, this.carry.length);
    this.carry = null;
  }

  private lines(data: Buffer, emit: Emit): number {
    let start = 0;
    let cr = data.indexOf(CR);
    for (;;) {
      const nl = data.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = data.indexOf(CR, start);
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        emit(data, start, cr);
        if (cr + 1 === data.length) {
          this.skipLF = true;
          return data.length;
        }
        start = data[cr + 1] === LF ? cr + 2 : cr + 1;
        continue;
      }
      if (nl === -1) return start;
      emit(data, start, nl);
      start = nl + 1;
    }
  }

  private split(data: Buffer, delimiter: Buffer, emit: Emit): number {
    let start = 0;
    for (let at = data.indexOf(delimiter, start); at !== -1; at = data.indexOf(delimiter, start)) {
      emit(data, start, at);
      start = at + delimiter.length;
    }
    return start;
  }
}
