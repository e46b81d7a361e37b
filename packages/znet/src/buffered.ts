/**
 * Zig's `std.io.bufferedReader` / `bufferedWriter`: a buffer in front of one `ReadSource` or `WriteSink`,
 * so that small reads and writes cost one call on the underlying stream per buffer, not per byte or line.
 *
 * Neither owns its stream: closing the stream stays the caller's business (flush the writer first).
 */
import { NetError, toNetError } from './errors.js';
import { callSite, fail, type CallSite } from './mode.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';
import type { BufferedSource, ReadSource, WriteSink } from './io-types.js';

const defaultCapacity = 4096;

function checkCapacity(capacity: number): void {
  if (!(Number.isSafeInteger(capacity) && capacity >= 1)) throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
}

/**
 * A read buffer over `source`. Its `reader()` searches for delimiters with `indexOf` over the buffer.
 *
 * `capacity` is also the natural maximum line length: a line (delimiter included) that fits in the buffer
 * is found without copying it anywhere but into the result; pass a `readUntilDelimiter*` buffer (or
 * `maxSize`) no larger than `capacity` to keep it so. Longer lines still work, with one extra copy.
 *
 * With an `initialSize` below `capacity`, the storage starts that small and doubles (up to `capacity`) only
 * when a fill finds it full of unread bytes, so a server holding many quiet connections with a large line
 * limit pays for the lines it actually sees, not for the limit.
 */
export class BufferedReader implements BufferedSource {
  /** The underlying source. Not owned. */
  readonly source: ReadSource;
  private storage: Uint8Array;
  private readonly max: number;
  private head = 0;
  private tail = 0;

  /** `capacity`: the most bytes held unread; `initialSize` (default `capacity`): the storage allocated at first. */
  constructor(source: ReadSource, capacity: number = defaultCapacity, initialSize: number = capacity) {
    checkCapacity(capacity);
    checkCapacity(initialSize);
    this.source = source;
    this.max = capacity;
    this.storage = new Uint8Array(Math.min(initialSize, capacity));
  }

  /**
   * Backing storage; `data[start, end)` is unread. See `BufferedSource`. Shorter than `capacity` while a
   * reader made with a smaller `initialSize` has not needed more; a fill may replace it (read it again after).
   */
  get data(): Uint8Array {
    return this.storage;
  }

  /** Index in `data` of the first unread byte. */
  get start(): number {
    return this.head;
  }

  /** Index in `data` one past the last unread byte. */
  get end(): number {
    return this.tail;
  }

  /** The most bytes held unread, and the natural maximum line length. */
  get capacity(): number {
    return this.max;
  }

  /** A `Reader` over this buffer (cheap; each call makes a new one sharing the buffer). */
  reader(): Reader {
    return new Reader(this);
  }

  /** A view of the unread bytes (no copy), valid until the next read, fill or consume. */
  buffered(): Uint8Array {
    return this.storage.subarray(this.head, this.tail);
  }

  /** Mark `n` buffered bytes as read. RangeError if fewer than `n` are buffered. */
  consume(n: number): void {
    if (!(n >= 0 && n <= this.tail - this.head)) throw new RangeError(`consume(${n}) with ${this.tail - this.head} bytes buffered`);
    this.head += n;
    // An empty buffer restarts at 0, so the next fill has the whole buffer without moving anything.
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /**
   * Read once from the source into the free space, first moving the unread bytes to the front (and growing
   * the storage when they fill it and it is below `capacity`). Resolves the number of bytes added; 0 only at
   * end of stream. RangeError if `capacity` bytes are already buffered. Rejects with the source's NetError.
   */
  async fill(): Promise<number> {
    if (this.tail - this.head === this.max) throw new RangeError('fill: the buffer is full; consume some bytes first');
    if (this.head > 0) {
      this.storage.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    if (this.tail === this.storage.length) {
      const grown = new Uint8Array(Math.min(this.max, this.storage.length * 2));
      grown.set(this.storage.subarray(0, this.tail));
      this.storage = grown;
    }
    const n = await this.pull(this.storage.subarray(this.tail), 'fill');
    this.tail += n;
    return n;
  }

  /**
   * Zig's BufferedReader.read: copies buffered bytes if there are any; otherwise a `dest` at least as large
   * as the buffer is read into directly (no double copy), and a smaller one through one fill. Resolves the
   * count, 0 only at end of stream (or for an empty `dest`). May fill less than `dest`.
   */
  async read(dest: Uint8Array): Promise<number> {
    if (dest.length === 0) return 0;
    if (this.head === this.tail) {
      if (dest.length >= this.storage.length) return this.pull(dest, 'read');
      this.head = this.tail = 0;
      this.tail = await this.pull(this.storage, 'read');
      if (this.tail === 0) return 0;
    }
    const n = Math.min(dest.length, this.tail - this.head);
    dest.set(this.storage.subarray(this.head, this.head + n));
    this.consume(n);
    return n;
  }

  /**
   * Zig's `takeDelimiterExclusive`, with end of stream as in `readUntilDelimiterOrEof`: resolves a view of
   * the buffered bytes before the next `delim` (the delimiter is consumed), without copying them. The view is
   * valid only until the next read, fill or consume on this reader: use it at once. At end of stream
   * resolves the unterminated last part, or null when nothing was left. NetError StreamTooLong when
   * `capacity` bytes are buffered without the delimiter (nothing is consumed: skip the line with
   * `reader().skipUntilDelimiterOrEof(delim)`). Rejects with the source's NetError.
   */
  async takeDelimiterOrEof(delim: number): Promise<Uint8Array | null> {
    let scanned = 0; // unread bytes already searched
    for (;;) {
      const { storage, head, tail } = this;
      if (head + scanned < tail) {
        // indexOf may look past `tail` into stale bytes; a hit there is ignored.
        const i = storage.indexOf(delim, head + scanned);
        if (i !== -1 && i < tail) {
          this.head = i + 1;
          if (this.head === tail) this.head = this.tail = 0;
          return storage.subarray(head, i);
        }
        scanned = tail - head;
      }
      if (scanned >= this.max) throw fail(new NetError('StreamTooLong'), callSite(this.takeDelimiterOrEof), 'takeDelimiterOrEof');
      if ((await this.fill()) === 0) {
        if (this.tail === this.head) return null;
        const rest = this.storage.subarray(this.head, this.tail);
        this.head = this.tail = 0;
        return rest;
      }
    }
  }

  /**
   * The source's read, converting anything that is not a NetError. No call site is captured here: this runs
   * once per buffer fill, under a Reader call that has its own, and async stack traces still show the caller.
   */
  private async pull(buf: Uint8Array, op: string): Promise<number> {
    try {
      return await this.source.read(buf);
    } catch (err) {
      throw err instanceof NetError ? err : fail(toNetError(err, 'read'), undefined, op);
    }
  }
}

/**
 * Wrap `source` in a `BufferedReader` of `capacity` bytes (default 4096, also the natural max line length),
 * whose storage starts at `initialSize` bytes (default `capacity`) and grows to `capacity` on demand.
 */
export function bufferedReader(source: ReadSource, capacity: number = defaultCapacity, initialSize: number = capacity): BufferedReader {
  return new BufferedReader(source, capacity, initialSize);
}

/**
 * A write buffer over `sink`. Writes accumulate until one does not fit; then the buffer is flushed. A write
 * larger than the whole buffer goes straight to the sink after the buffered bytes, in one `writev` when the
 * sink has it. Call `flush()` before closing the stream, or the buffered bytes are lost.
 *
 * Each `write` takes all of its bytes (it never resolves a short count), and calls are queued in order, so
 * several tasks may write to one BufferedWriter concurrently without interleaving inside a write.
 * After a failure every later write and flush rejects with the same NetError.
 */
export class BufferedWriter implements WriteSink {
  /** The underlying sink. Not owned. */
  readonly sink: WriteSink;
  private readonly buf: Uint8Array;
  private length = 0;
  private failure: NetError | undefined;
  /** The last queued operation, or null when none is running. */
  private queue: Promise<void> | null = null;

  constructor(sink: WriteSink, capacity: number = defaultCapacity) {
    checkCapacity(capacity);
    this.sink = sink;
    this.buf = new Uint8Array(capacity);
  }

  /** The buffer size: writes up to this many bytes are gathered; larger ones go straight through. */
  get capacity(): number {
    return this.buf.length;
  }

  /** How many bytes wait in the buffer for the next flush. */
  get bufferedLength(): number {
    return this.length;
  }

  /** A view of the bytes waiting for the next flush (no copy). */
  buffered(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A `Writer` over this buffer. */
  writer(): Writer {
    return new Writer(this);
  }

  /**
   * Take all of `bytes`: into the buffer if they fit, else after a flush (or straight through when larger
   * than the buffer). Resolves `bytes.length`. Rejects with the sink's NetError, and with that same error
   * on every later call.
   */
  write(bytes: Uint8Array): Promise<number> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.queue === null && this.length + bytes.length <= this.buf.length) {
      this.buf.set(bytes, this.length);
      this.length += bytes.length;
      return Promise.resolve(bytes.length);
    }
    const site = callSite(this.write);
    return this.serialize(() => this.writeSlow(bytes, site));
  }

  /** Write out everything buffered. Does nothing when the buffer is empty. Rejects as `write` does. */
  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.queue === null && this.length === 0) return Promise.resolve();
    const site = callSite(this.flush);
    return this.serialize(async () => {
      this.check();
      await this.guard(() => this.drain(), site, 'flush');
    });
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeSlow(bytes: Uint8Array, site: CallSite | undefined): Promise<number> {
    this.check();
    if (this.length + bytes.length <= this.buf.length) {
      this.buf.set(bytes, this.length);
      this.length += bytes.length;
      return bytes.length;
    }
    await this.guard(async () => {
      if (bytes.length > this.buf.length && this.length > 0 && typeof this.sink.writev === 'function') {
        await this.writevAll([this.buf.subarray(0, this.length), bytes]);
        this.length = 0;
        return;
      }
      await this.drain();
      if (bytes.length > this.buf.length) await this.writeAll(bytes);
      else {
        this.buf.set(bytes);
        this.length = bytes.length;
      }
    }, site, 'write');
    return bytes.length;
  }

  /** Run `op`; a failure becomes the sticky NetError (reported once, here, unless the sink already did). */
  private async guard(op: () => Promise<void>, site: CallSite | undefined, name: string): Promise<void> {
    try {
      await op();
    } catch (err) {
      this.failure = err instanceof NetError ? err : fail(toNetError(err, 'write'), site, name);
      throw this.failure;
    }
  }

  private async drain(): Promise<void> {
    if (this.length === 0) return;
    await this.writeAll(this.buf.subarray(0, this.length));
    this.length = 0;
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let off = 0;
    while (off < bytes.length) {
      const n = await this.sink.write(off === 0 ? bytes : bytes.subarray(off));
      if (!(n >= 1)) throw new NetError('Unexpected', `the sink took ${n} bytes of ${bytes.length - off}`);
      off += n;
    }
  }

  private async writevAll(bufs: Uint8Array[]): Promise<void> {
    const writev = this.sink.writev as (b: Uint8Array[]) => Promise<number>;
    let rest = bufs.filter((b) => b.length > 0);
    while (rest.length > 0) {
      let n = await writev.call(this.sink, rest);
      if (!(n >= 1)) throw new NetError('Unexpected', `the sink's writev took ${n} bytes`);
      while (rest.length > 0 && n >= rest[0].length) {
        n -= rest[0].length;
        rest = rest.slice(1);
      }
      if (n > 0) rest = [rest[0].subarray(n), ...rest.slice(1)];
    }
  }

  /** Run `op` after every earlier queued operation, keeping the queue alive whatever `op` does. */
  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const prev = this.queue;
    const result = prev === null ? op() : prev.then(op);
    const done = result.then(noop, noop);
    this.queue = done;
    void done.then(() => {
      if (this.queue === done) this.queue = null;
    });
    return result;
  }
}

function noop(): void {}

/** Wrap `sink` in a `BufferedWriter` of `capacity` bytes (default 4096). Remember to `flush()`. */
export function bufferedWriter(sink: WriteSink, capacity: number = defaultCapacity): BufferedWriter {
  return new BufferedWriter(sink, capacity);
}
