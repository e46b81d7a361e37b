/**
 * Cut a byte stream into lines without copying: `LineSplitter.push(chunk)` calls back with
 * (bytes, start, end) for each complete line (LF excluded, a trailing CR excluded too). A partial line
 * waits, copied once, for the next chunk. Lines longer than `maxLine` are dropped whole (counted in
 * `dropped`) so a hostile or buggy peer cannot grow the carry buffer without bound. Pure; no I/O.
 */

/** Called once per complete line; `bytes[start, end)` is the line, valid only during the call. */
export type LineCallback = (bytes: Uint8Array, start: number, end: number) => void;

const LF = 0x0a;
const CR = 0x0d;

/** Incremental LF line cutter over chunks (see the module comment). */
export class LineSplitter {
  /** Lines dropped because they exceeded `maxLine` bytes. */
  dropped = 0;
  private carry: Uint8Array | null = null;
  private carryLength = 0;
  private skipping = false;

  constructor(private readonly onLine: LineCallback, private readonly maxLine = 256 * 1024) {}

  /** Feed `chunk[0, length)`; complete lines are reported before this returns. */
  push(chunk: Uint8Array, length = chunk.length): void {
    let pos = 0;
    if (this.carryLength > 0 || this.skipping) {
      const lf = chunk.subarray(0, length).indexOf(LF);
      if (lf < 0) {
        this.append(chunk, 0, length);
        return;
      }
      this.append(chunk, 0, lf);
      if (this.skipping) this.skipping = false;
      else this.emit(this.carry!, 0, this.carryLength);
      this.carryLength = 0;
      pos = lf + 1;
    }
    while (pos < length) {
      const lf = chunk.indexOf(LF, pos);
      if (lf < 0 || lf >= length) {
        this.append(chunk, pos, length);
        return;
      }
      this.emit(chunk, pos, lf);
      pos = lf + 1;
    }
  }

  /** Bytes of an unfinished line held since the last LF (e.g. a prompt without a line ending). */
  pending(): Uint8Array {
    return this.carry === null ? new Uint8Array(0) : this.carry.subarray(0, this.carryLength);
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    this.onLine(bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end);
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    if (this.skipping) return;
    const n = end - start;
    if (this.carryLength + n > this.maxLine) {
      this.skipping = true;
      this.dropped++;
      this.carryLength = 0;
      return;
    }
    if (this.carry === null || this.carry.length < this.carryLength + n) {
      const grown = new Uint8Array(Math.max(256, (this.carryLength + n) * 2));
      if (this.carry !== null) grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(start, end), this.carryLength);
    this.carryLength += n;
  }
}
