/**
 * Zig's `std.io.Writer`: every method is a loop over the sink's one `write`. Over a `Stream` each call is a
 * socket write; over a `BufferedWriter` (see `bufferedWriter`) small writes are gathered into one.
 *
 * A Writer holds no resources and never closes or flushes its sink.
 */
import { NetError, toNetError } from './errors.js';
import { format } from './format.js';
import { callSite, fail, type CallSite } from './mode.js';
import { checkIntType, type Endian, type IntType, type WriteSink } from './io-types.js';

const encoder = new TextEncoder();

/**
 * Zig's Writer methods over one `WriteSink` (`Stream.writer()`, `BufferedWriter.writer()`).
 * Errors: whatever NetError the sink rejects with, passed through unchanged (e.g. BrokenPipe,
 * ConnectionResetByPeer, NotOpenForWriting); `Unexpected` if a sink takes no bytes. Bad arguments throw
 * TypeError/RangeError (programmer errors,
 * not NetError); like every failure they arrive as a rejection.
 */
export class Writer {
  /** The sink written to. Not owned. */
  readonly sink: WriteSink;

  constructor(sink: WriteSink) {
    this.sink = sink;
  }

  /** One write; resolves how many bytes of `buf` were taken (possibly fewer than all). */
  async write(buf: Uint8Array): Promise<number> {
    return this.push(buf, callSite(this.write), 'write');
  }

  /** Write all of `buf`, looping over partial writes. */
  async writeAll(buf: Uint8Array): Promise<void> {
    await this.all(buf, callSite(this.writeAll), 'writeAll');
  }

  /** Write one byte (0..255; RangeError otherwise). */
  async writeByte(byte: number): Promise<void> {
    checkByte(byte);
    await this.all(Uint8Array.of(byte), callSite(this.writeByte), 'writeByte');
  }

  /** Write `byte` `n` times, in chunks of at most 256 bytes as Zig does. */
  async writeByteNTimes(byte: number, n: number): Promise<void> {
    checkByte(byte);
    checkCount(n);
    const site = callSite(this.writeByteNTimes);
    const chunk = new Uint8Array(Math.min(n, 256)).fill(byte);
    for (let left = n; left > 0; left -= chunk.length) {
      await this.all(left >= chunk.length ? chunk : chunk.subarray(0, left), site, 'writeByteNTimes');
    }
  }

  /** Write `bytes` `n` times (repetitions are joined into writes of up to 4 KiB). */
  async writeBytesNTimes(bytes: Uint8Array, n: number): Promise<void> {
    checkCount(n);
    if (bytes.length === 0 || n === 0) return;
    const site = callSite(this.writeBytesNTimes);
    const per = Math.max(1, Math.min(n, Math.floor(4096 / bytes.length)));
    const block = new Uint8Array(bytes.length * per);
    for (let i = 0; i < per; i++) block.set(bytes, i * bytes.length);
    for (let left = n; left > 0; left -= per) {
      await this.all(left >= per ? block : block.subarray(0, left * bytes.length), site, 'writeBytesNTimes');
    }
  }

  /**
   * Write `value` as an integer of `type` in `endian` byte order. `value` may be a number or a bigint.
   * TypeError for an unknown type or endian, a non-integer or a non-number; RangeError when it does not fit.
   */
  async writeInt(type: IntType, value: number | bigint, endian: Endian): Promise<void> {
    const site = callSite(this.writeInt);
    await this.all(encodeInt(type, value, endian), site, 'writeInt');
  }

  /**
   * Format with Zig's placeholders (see `format` in format.ts) and write the UTF-8 bytes in one `writeAll`.
   * A bad format string or argument throws TypeError before anything is written.
   */
  async print(fmt: string, ...args: unknown[]): Promise<void> {
    const site = callSite(this.print);
    await this.all(encoder.encode(format(fmt, args)), site, 'print');
  }

  private async push(buf: Uint8Array, site: CallSite | undefined, op: string): Promise<number> {
    try {
      return await this.sink.write(buf);
    } catch (err) {
      throw err instanceof NetError ? err : fail(toNetError(err, 'write'), site, op);
    }
  }

  private async all(buf: Uint8Array, site: CallSite | undefined, op: string): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const n = await this.push(off === 0 ? buf : buf.subarray(off), site, op);
      if (!(n >= 1)) throw fail(new NetError('Unexpected', `the sink took ${n} of ${buf.length - off} bytes`), site, op);
      off += n;
    }
  }
}

function checkByte(byte: number): void {
  if (!(Number.isInteger(byte) && byte >= 0 && byte <= 0xff)) throw new RangeError(`not a byte value: ${byte}`);
}

function checkCount(n: number): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`bad repeat count: ${n}`);
}

/** The bytes of `value` as `type` in `endian` order, range-checked. */
export function encodeInt(type: IntType, value: number | bigint, endian: Endian): Uint8Array {
  const { bytes, signed } = checkIntType(type, endian);
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`writeInt(${type}): ${value} is not an integer`);
    v = BigInt(value);
  } else throw new TypeError(`writeInt(${type}): expected a number or bigint, got ${typeof value}`);
  const bits = BigInt(bytes * 8);
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (v < min || v > max) throw new RangeError(`writeInt(${type}): ${value} is outside ${min}..${max}`);
  const out = new Uint8Array(bytes);
  let u = BigInt.asUintN(bytes * 8, v);
  for (let i = 0; i < bytes; i++) {
    out[endian === 'little' ? i : bytes - 1 - i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}
