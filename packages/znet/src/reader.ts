/**
 * Zig's `std.io.Reader`: every method is a loop over the source's one `read`. Over a plain source the
 * delimiter searches read one byte per `read`, as Zig's do; over a `BufferedSource` (see `bufferedReader`)
 * they scan the buffer with `indexOf` instead, which is the fast path for line protocols.
 *
 * A Reader holds no resources and never closes its source. Run one call at a time per Reader (as with any
 * stream): concurrent calls would interleave their bytes.
 */
import { NetError, toNetError } from './errors.js';
import { callSite, fail, type CallSite } from './mode.js';
import {
  checkIntType, isBufferedSource,
  type BigIntType, type BufferedSource, type Endian, type IntType, type ReadSource, type SmallIntType,
} from './io-types.js';

/** Where `streamUntilDelimiter` sends bytes: anything with `writeAll` (preferred) or `writeByte`, sync or async. */
export interface DelimiterWriter {
  /** Take all of `bytes` (awaited when it returns a promise). */
  writeAll?(bytes: Uint8Array): unknown;
  /** Take one byte, when there is no `writeAll`. */
  writeByte?(byte: number): unknown;
}

/** How a delimited scan ended. */
const enum Scan { Found, Eof, TooLong }

/**
 * Receives the bytes of a delimited read as they are found. `data[from, to)` is valid only until the
 * returned promise (if any) settles: the buffer is reused afterwards.
 */
interface Collector {
  push(data: Uint8Array, from: number, to: number): void | Promise<void>;
}

const discard: Collector = { push() {} };

/** Copies into a caller's fixed buffer (`readUntilDelimiter`). */
class FixedCollector implements Collector {
  length = 0;
  constructor(readonly buf: Uint8Array) {}
  push(data: Uint8Array, from: number, to: number): void {
    this.buf.set(data.subarray(from, to), this.length);
    this.length += to - from;
  }
}

/** Collects into a new array (`…Alloc`); the common one-push case costs one copy, the result itself. */
class GrowCollector implements Collector {
  private bytes = new Uint8Array(0);
  length = 0;
  push(data: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.length === 0 && this.bytes.length === 0) {
      this.bytes = data.slice(from, to);
      this.length = n;
      return;
    }
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.length + n, this.bytes.length * 2, 64));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data.subarray(from, to), this.length);
    this.length += n;
  }
  result(): Uint8Array {
    return this.length === this.bytes.length ? this.bytes : this.bytes.slice(0, this.length);
  }
}

/** Forwards to a caller's writer (`streamUntilDelimiter`), awaiting it when it is async. */
class WriterCollector implements Collector {
  constructor(private readonly writer: DelimiterWriter) {}
  async push(data: Uint8Array, from: number, to: number): Promise<void> {
    const w = this.writer;
    if (w.writeAll) {
      await w.writeAll(data.subarray(from, to));
      return;
    }
    for (let i = from; i < to; i++) {
      const r = w.writeByte?.(data[i]);
      if (r instanceof Promise) await r;
    }
  }
}

/**
 * Zig's Reader methods over one `ReadSource` (`Stream.reader()`, `BufferedReader.reader()`).
 * Errors: `NetError` — `EndOfStream` and `StreamTooLong` as documented per method, plus whatever the source
 * rejects with (passed through unchanged). Bad arguments reject with RangeError/TypeError (programmer errors).
 */
export class Reader {
  /** The source read from. Not owned: closing it is the caller's business. */
  readonly source: ReadSource;
  private readonly buffered: BufferedSource | undefined;
  private readonly one = new Uint8Array(1);
  private readonly scratch = new Uint8Array(8);
  private readonly view = new DataView(this.scratch.buffer);

  constructor(source: ReadSource) {
    this.source = source;
    this.buffered = isBufferedSource(source) ? source : undefined;
  }

  /** One read of up to `buf.length` bytes; resolves the count, 0 only at end of stream. May fill less than `buf`. */
  async read(buf: Uint8Array): Promise<number> {
    return this.pull(buf, callSite(this.read), 'read');
  }

  /** Read until `buf` is full or the stream ends; resolves the count (less than `buf.length` only at EOF). */
  async readAll(buf: Uint8Array): Promise<number> {
    return this.atLeast(buf, buf.length, callSite(this.readAll), 'readAll');
  }

  /**
   * Read at least `len` bytes into `buf` (more if one read brings them); resolves the count, which is less
   * than `len` only at end of stream. RangeError if `len > buf.length`.
   */
  async readAtLeast(buf: Uint8Array, len: number): Promise<number> {
    if (!(len >= 0 && len <= buf.length)) throw new RangeError(`readAtLeast: len ${len} is outside 0..${buf.length}`);
    return this.atLeast(buf, len, callSite(this.readAtLeast), 'readAtLeast');
  }

  /** Fill `buf` completely. NetError EndOfStream if the stream ends first (the bytes read are consumed). */
  async readNoEof(buf: Uint8Array): Promise<void> {
    await this.noEof(buf, callSite(this.readNoEof), 'readNoEof');
  }

  /** Read `n` bytes into a new array. NetError EndOfStream if the stream ends first. */
  async readBytesNoEof(n: number): Promise<Uint8Array> {
    if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`readBytesNoEof: bad length ${n}`);
    const buf = new Uint8Array(n);
    await this.noEof(buf, callSite(this.readBytesNoEof), 'readBytesNoEof');
    return buf;
  }

  /** Read one byte. NetError EndOfStream at end of stream. */
  async readByte(): Promise<number> {
    const src = this.buffered;
    if (src !== undefined && src.start < src.end) {
      const b = src.data[src.start];
      src.consume(1);
      return b;
    }
    const site = callSite(this.readByte);
    const b = await this.byte(site, 'readByte');
    if (b < 0) throw fail(new NetError('EndOfStream'), site, 'readByte');
    return b;
  }

  /**
   * Read an integer of `type` in `endian` byte order: a number for types up to 32 bits, a bigint for
   * u64/i64. NetError EndOfStream if the stream ends inside it. TypeError for an unknown type or endian.
   */
  readInt(type: BigIntType, endian: Endian): Promise<bigint>;
  readInt(type: SmallIntType, endian: Endian): Promise<number>;
  readInt(type: IntType, endian: Endian): Promise<number | bigint>;
  async readInt(type: IntType, endian: Endian): Promise<number | bigint> {
    const { bytes, signed } = checkIntType(type, endian);
    const little = endian === 'little';
    await this.noEof(this.scratch.subarray(0, bytes), callSite(this.readInt), 'readInt');
    const v = this.view;
    switch (bytes) {
      case 1: return signed ? v.getInt8(0) : v.getUint8(0);
      case 2: return signed ? v.getInt16(0, little) : v.getUint16(0, little);
      case 4: return signed ? v.getInt32(0, little) : v.getUint32(0, little);
      case 8: return signed ? v.getBigInt64(0, little) : v.getBigUint64(0, little);
      default: {
        const s = this.scratch;
        const u = little ? s[0] | (s[1] << 8) | (s[2] << 16) : (s[0] << 16) | (s[1] << 8) | s[2];
        return signed && u >= 0x800000 ? u - 0x1000000 : u;
      }
    }
  }

  /**
   * Read a line ending in `delim` into `buf`; resolves the part of `buf` before the delimiter (the delimiter
   * is consumed, not stored). `buf.length` counts the delimiter: the content is at most `buf.length - 1`.
   * NetError StreamTooLong when `buf.length` bytes arrive without the delimiter (those bytes are consumed
   * and left in `buf`; the rest stays in the stream). NetError EndOfStream if the stream ends first.
   */
  async readUntilDelimiter(buf: Uint8Array, delim: number): Promise<Uint8Array> {
    const fast = this.lineInBuffer(buf, delim);
    if (fast !== undefined) return fast;
    const site = callSite(this.readUntilDelimiter);
    const out = new FixedCollector(buf);
    const end = await this.scan(delim, buf.length, out, site, 'readUntilDelimiter');
    if (end === Scan.Found) return buf.subarray(0, out.length);
    throw fail(new NetError(end === Scan.Eof ? 'EndOfStream' : 'StreamTooLong'), site, 'readUntilDelimiter');
  }

  /**
   * As `readUntilDelimiter`, but at end of stream resolves the unterminated last part, or null when
   * nothing was left. This is the chat gateways' line read: with a `BufferedReader` and a line already
   * buffered it costs one `indexOf` and one copy; on StreamTooLong call `skipUntilDelimiterOrEof(delim)`
   * to drop the rest of the over-long line.
   */
  async readUntilDelimiterOrEof(buf: Uint8Array, delim: number): Promise<Uint8Array | null> {
    const fast = this.lineInBuffer(buf, delim);
    if (fast !== undefined) return fast;
    const site = callSite(this.readUntilDelimiterOrEof);
    const out = new FixedCollector(buf);
    const end = await this.scan(delim, buf.length, out, site, 'readUntilDelimiterOrEof');
    if (end === Scan.TooLong) throw fail(new NetError('StreamTooLong'), site, 'readUntilDelimiterOrEof');
    if (end === Scan.Eof && out.length === 0) return null;
    return buf.subarray(0, out.length);
  }

  /**
   * Read a line ending in `delim` into a new array (without the delimiter). `maxSize` counts the delimiter.
   * NetError StreamTooLong after `maxSize` bytes without it (they are consumed); EndOfStream if the stream
   * ends first.
   */
  async readUntilDelimiterAlloc(delim: number, maxSize: number): Promise<Uint8Array> {
    const site = callSite(this.readUntilDelimiterAlloc);
    const out = new GrowCollector();
    const end = await this.scan(delim, maxSize, out, site, 'readUntilDelimiterAlloc');
    if (end === Scan.Found) return out.result();
    throw fail(new NetError(end === Scan.Eof ? 'EndOfStream' : 'StreamTooLong'), site, 'readUntilDelimiterAlloc');
  }

  /** As `readUntilDelimiterAlloc`, but at end of stream resolves the unterminated last part, or null if none. */
  async readUntilDelimiterOrEofAlloc(delim: number, maxSize: number): Promise<Uint8Array | null> {
    const site = callSite(this.readUntilDelimiterOrEofAlloc);
    const out = new GrowCollector();
    const end = await this.scan(delim, maxSize, out, site, 'readUntilDelimiterOrEofAlloc');
    if (end === Scan.TooLong) throw fail(new NetError('StreamTooLong'), site, 'readUntilDelimiterOrEofAlloc');
    if (end === Scan.Eof && out.length === 0) return null;
    return out.result();
  }

  /**
   * Send the bytes before the next `delim` to `writer` (the delimiter is consumed, not sent). With a
   * `maxSize` (which counts the delimiter): NetError StreamTooLong after that many bytes without it.
   * NetError EndOfStream if the stream ends first (the bytes read so far have been sent). The chunks given
   * to `writer.writeAll` are views into a reused buffer, valid until its promise settles.
   */
  async streamUntilDelimiter(writer: DelimiterWriter, delim: number, maxSize?: number): Promise<void> {
    if (typeof writer.writeAll !== 'function' && typeof writer.writeByte !== 'function') {
      throw new TypeError('streamUntilDelimiter: writer needs writeAll or writeByte');
    }
    const site = callSite(this.streamUntilDelimiter);
    const end = await this.scan(delim, maxSize ?? Infinity, new WriterCollector(writer), site, 'streamUntilDelimiter');
    if (end !== Scan.Found) throw fail(new NetError(end === Scan.Eof ? 'EndOfStream' : 'StreamTooLong'), site, 'streamUntilDelimiter');
  }

  /** Consume bytes up to and including the next `delim`, or to end of stream. Never EndOfStream. */
  async skipUntilDelimiterOrEof(delim: number): Promise<void> {
    await this.scan(delim, Infinity, discard, callSite(this.skipUntilDelimiterOrEof), 'skipUntilDelimiterOrEof');
  }

  /** Consume `n` bytes. NetError EndOfStream if the stream ends first. */
  async skipBytes(n: number): Promise<void> {
    if (!(n >= 0)) throw new RangeError(`skipBytes: bad count ${n}`);
    const site = callSite(this.skipBytes);
    const src = this.buffered;
    let left = n;
    if (src !== undefined) {
      for (;;) {
        const take = Math.min(left, src.end - src.start);
        src.consume(take);
        left -= take;
        if (left === 0) return;
        if ((await this.fillSource(src, site, 'skipBytes')) === 0) throw fail(new NetError('EndOfStream'), site, 'skipBytes');
      }
    }
    const tmp = new Uint8Array(Math.min(left, 512));
    while (left > 0) {
      const chunk = Math.min(left, tmp.length);
      await this.noEof(tmp.subarray(0, chunk), site, 'skipBytes');
      left -= chunk;
    }
  }

  /**
   * Read `expected.length` bytes and resolve whether they equal `expected` (all of them are consumed even
   * after a mismatch, as in Zig). NetError EndOfStream if the stream ends first.
   */
  async isBytes(expected: Uint8Array): Promise<boolean> {
    const got = new Uint8Array(expected.length);
    await this.noEof(got, callSite(this.isBytes), 'isBytes');
    for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) return false;
    return true;
  }

  /** Read to end of stream into a new array. NetError StreamTooLong if there are more than `maxSize` bytes. */
  async readAllAlloc(maxSize: number): Promise<Uint8Array> {
    if (!(maxSize >= 0)) throw new RangeError(`readAllAlloc: bad maxSize ${maxSize}`);
    const site = callSite(this.readAllAlloc);
    // One byte more than allowed tells "exactly maxSize" from "too long".
    const limit = maxSize + 1;
    let out = new Uint8Array(Math.min(limit, 4096));
    let len = 0;
    for (;;) {
      if (len === out.length) {
        const grown = new Uint8Array(Math.min(limit, out.length * 2));
        grown.set(out);
        out = grown;
      }
      const n = await this.pull(out.subarray(len), site, 'readAllAlloc');
      if (n === 0) return out.slice(0, len);
      len += n;
      if (len > maxSize) throw fail(new NetError('StreamTooLong'), site, 'readAllAlloc');
    }
  }

  // ---- internals ----

  /** The source's read, with anything that is not already a NetError converted (and reported) here. */
  private async pull(buf: Uint8Array, site: CallSite | undefined, op: string): Promise<number> {
    try {
      return await this.source.read(buf);
    } catch (err) {
      throw err instanceof NetError ? err : fail(toNetError(err, 'read'), site, op);
    }
  }

  private async fillSource(src: BufferedSource, site: CallSite | undefined, op: string): Promise<number> {
    try {
      return await src.fill();
    } catch (err) {
      throw err instanceof NetError ? err : fail(toNetError(err, 'read'), site, op);
    }
  }

  private async atLeast(buf: Uint8Array, len: number, site: CallSite | undefined, op: string): Promise<number> {
    let index = 0;
    while (index < len) {
      const n = await this.pull(index === 0 ? buf : buf.subarray(index), site, op);
      if (n === 0) break;
      index += n;
    }
    return index;
  }

  private async noEof(buf: Uint8Array, site: CallSite | undefined, op: string): Promise<void> {
    const n = await this.atLeast(buf, buf.length, site, op);
    if (n < buf.length) throw fail(new NetError('EndOfStream'), site, op);
  }

  /** One byte, or -1 at end of stream. */
  private async byte(site: CallSite | undefined, op: string): Promise<number> {
    const src = this.buffered;
    if (src !== undefined) {
      if (src.start === src.end && (await this.fillSource(src, site, op)) === 0) return -1;
      const b = src.data[src.start];
      src.consume(1);
      return b;
    }
    const n = await this.pull(this.one, site, op);
    return n === 0 ? -1 : this.one[0];
  }

  /** The hot path: a whole line already buffered. Copies it into `buf` and consumes it, or returns undefined. */
  private lineInBuffer(buf: Uint8Array, delim: number): Uint8Array | undefined {
    const src = this.buffered;
    if (src === undefined) return undefined;
    const { data, start } = src;
    const limit = Math.min(src.end, start + buf.length);
    if (start >= limit) return undefined;
    // indexOf may look past `end` into stale bytes; a hit there is ignored.
    const i = data.indexOf(delim, start);
    if (i === -1 || i >= limit) return undefined;
    const n = i - start;
    if (n > 0) buf.set(data.subarray(start, i));
    src.consume(n + 1);
    return buf.subarray(0, n);
  }

  /**
   * Move bytes to `out` until `delim` (consumed, not pushed), end of stream, or `max` bytes read without
   * the delimiter (those are consumed and pushed; the delimiter counts toward `max`, as in Zig).
   */
  private async scan(delim: number, max: number, out: Collector, site: CallSite | undefined, op: string): Promise<Scan> {
    if (!(max >= 0)) throw new RangeError(`${op}: bad maximum size ${max}`);
    return this.buffered !== undefined ? this.scanBuffered(this.buffered, delim, max, out, site, op) : this.scanBytes(delim, max, out, site, op);
  }

  private async scanBytes(delim: number, max: number, out: Collector, site: CallSite | undefined, op: string): Promise<Scan> {
    const one = this.one;
    for (let count = 0; count < max; count++) {
      const n = await this.pull(one, site, op);
      if (n === 0) return Scan.Eof;
      if (one[0] === delim) return Scan.Found;
      const r = out.push(one, 0, 1);
      if (r !== undefined) await r;
    }
    return Scan.TooLong;
  }

  private async scanBuffered(src: BufferedSource, delim: number, max: number, out: Collector, site: CallSite | undefined, op: string): Promise<Scan> {
    // Bytes of the line stay in the source's buffer (fill compacts them to the front) until the delimiter
    // is found; they move to `out` early only when the line is longer than the whole buffer.
    let scanned = 0; // unread bytes already searched
    let taken = 0; // bytes already pushed and consumed
    for (;;) {
      const { data, start, end } = src;
      const limit = Math.min(end, start + (max - taken));
      if (start + scanned < limit) {
        const i = data.indexOf(delim, start + scanned);
        if (i !== -1 && i < limit) {
          await out.push(data, start, i);
          src.consume(i - start + 1);
          return Scan.Found;
        }
        scanned = limit - start;
      }
      if (taken + scanned >= max) {
        await out.push(data, start, start + scanned);
        src.consume(scanned);
        return Scan.TooLong;
      }
      if (end - start === src.capacity) {
        await out.push(data, start, end);
        src.consume(end - start);
        taken += scanned;
        scanned = 0;
      }
      if ((await this.fillSource(src, site, op)) === 0) {
        if (scanned > 0) {
          await out.push(src.data, src.start, src.start + scanned);
          src.consume(scanned);
        }
        return Scan.Eof;
      }
    }
  }
}
