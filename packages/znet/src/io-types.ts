/**
 * The two I/O primitives the znet readers and writers are built on, as in Zig's std.io: every method of
 * `Reader` is a loop over one `read`, every method of `Writer` a loop over one `write`. `Stream` implements
 * both; tests implement them in memory.
 */

/**
 * One primitive read: copies up to `buf.length` bytes into `buf` and resolves how many were copied.
 *
 * **A read may fill less than the buffer.** It resolves 0 ONLY at end of stream (for a non-empty `buf`),
 * and callers must process the bytes of every non-zero read before looking for more. Failures reject with a
 * `NetError`. The source owns its resources; a `Reader` over it never closes it.
 */
export interface ReadSource {
  /** Copy up to `buf.length` bytes into `buf`; resolves how many, 0 only at end of stream. */
  read(buf: Uint8Array): Promise<number>;
}

/**
 * One primitive write: writes a prefix of `buf` and resolves how many bytes were taken (at least 1 for a
 * non-empty `buf`). Failures reject with a `NetError`.
 *
 * Once the promise settles the sink must no longer use `buf`: `BufferedWriter` reuses its buffer right away,
 * so a sink that hands the bytes to something slower must copy them first.
 * `writev`, when present, writes from several buffers in order and resolves the total taken across them.
 */
export interface WriteSink {
  /** Write a prefix of `buf`; resolves how many bytes were taken. */
  write(buf: Uint8Array): Promise<number>;
  /** Write from several buffers in order; resolves the total taken. Optional. */
  writev?(bufs: Uint8Array[]): Promise<number>;
}

/**
 * A `ReadSource` with a buffer the `Reader` may look into, so delimiter searches scan with `indexOf`
 * instead of awaiting one byte at a time. `BufferedReader` is the implementation.
 *
 * The unread bytes are `data[start, end)`. `data`, `start` and `end` change on every `fill`, `read` and
 * `consume`; views of `data` are valid only until the next of those calls.
 */
export interface BufferedSource extends ReadSource {
  /** Copy up to `buf.length` bytes into `buf`, the buffered ones first; resolves how many, 0 only at end of stream. */
  read(buf: Uint8Array): Promise<number>;
  /**
   * Backing storage (at most `capacity` long; a growable source may replace it on `fill`, so read it again
   * after each fill). Only `data[start, end)` holds unread bytes.
   */
  readonly data: Uint8Array;
  /** Index in `data` of the first unread byte. */
  readonly start: number;
  /** Index in `data` one past the last unread byte. */
  readonly end: number;
  /** The most bytes the source can hold unread (the size `data` may grow to). */
  readonly capacity: number;
  /** A view of the unread bytes (no copy). */
  buffered(): Uint8Array;
  /** Mark the first `n` unread bytes as read. Throws RangeError when `n` exceeds what is buffered. */
  consume(n: number): void;
  /**
   * Read once from the underlying source into the free space, after moving the unread bytes to the front.
   * Resolves how many bytes were added; 0 only at end of stream. Throws RangeError when the buffer is full.
   */
  fill(): Promise<number>;
}

/** True when `source` exposes the buffer of a `BufferedSource` (checked once per `Reader`). */
export function isBufferedSource(source: ReadSource): source is BufferedSource {
  const s = source as Partial<BufferedSource>;
  return s.data instanceof Uint8Array && typeof s.fill === 'function' && typeof s.consume === 'function' &&
    typeof s.start === 'number' && typeof s.end === 'number';
}

/** The integer types `readInt`/`writeInt` handle, spelled as Zig spells them. */
export type IntType = 'u8' | 'i8' | 'u16' | 'i16' | 'u24' | 'i24' | 'u32' | 'i32' | 'u64' | 'i64';
/** The integer types represented as a JS `number`. */
export type SmallIntType = Exclude<IntType, 'u64' | 'i64'>;
/** The integer types represented as a `bigint`. */
export type BigIntType = 'u64' | 'i64';
/** Byte order, as Zig's `std.builtin.Endian`. */
export type Endian = 'big' | 'little';

/** Byte size and signedness of each `IntType`. */
export const intTypeInfo: Readonly<Record<IntType, { readonly bytes: number; readonly signed: boolean }>> = {
  u8: { bytes: 1, signed: false },
  i8: { bytes: 1, signed: true },
  u16: { bytes: 2, signed: false },
  i16: { bytes: 2, signed: true },
  u24: { bytes: 3, signed: false },
  i24: { bytes: 3, signed: true },
  u32: { bytes: 4, signed: false },
  i32: { bytes: 4, signed: true },
  u64: { bytes: 8, signed: false },
  i64: { bytes: 8, signed: true },
};

/** Look up an `IntType` and `Endian`, throwing TypeError (a programmer error) for anything else. */
export function checkIntType(type: IntType, endian: Endian): { readonly bytes: number; readonly signed: boolean } {
  const info = Object.hasOwn(intTypeInfo, type) ? intTypeInfo[type] : undefined;
  if (info === undefined) throw new TypeError(`unknown integer type ${String(type)}; expected one of ${Object.keys(intTypeInfo).join(', ')}`);
  if (endian !== 'big' && endian !== 'little') throw new TypeError(`endian must be 'big' or 'little', got ${String(endian)}`);
  return info;
}
