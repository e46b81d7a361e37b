import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Reader } from '../src/reader.js';
import { BufferedReader } from '../src/buffered.js';
import { encodeInt } from '../src/writer.js';
import { NetError } from '../src/errors.js';
import type { IntType, ReadSource } from '../src/io-types.js';
import { inDebugCapturingStderr, quietDuringTests, rejectsWith } from './fixtures/expect.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** An in-memory source handing out at most `chunk(i)` bytes on the i-th read. */
class ChunkSource implements ReadSource {
  reads = 0;
  private pos = 0;
  constructor(private readonly data: Uint8Array, private readonly chunk: (i: number) => number = () => Infinity) {}
  async read(buf: Uint8Array): Promise<number> {
    const size = Math.max(1, this.chunk(this.reads++));
    const n = Math.min(buf.length, size, this.data.length - this.pos);
    buf.set(this.data.subarray(this.pos, this.pos + n));
    this.pos += n;
    return n;
  }
}

quietDuringTests();

/** Readers to run every behaviour test against: unbuffered, 1-byte reads, and buffered with small capacities. */
function readers(data: Uint8Array): [string, Reader][] {
  return [
    ['plain', new Reader(new ChunkSource(data))],
    ['plain 1-byte', new Reader(new ChunkSource(data, () => 1))],
    ['buffered cap 3', new BufferedReader(new ChunkSource(data), 3).reader()],
    ['buffered cap 64, 2-byte reads', new BufferedReader(new ChunkSource(data, () => 2), 64).reader()],
  ];
}

test('read, readAll, readAtLeast, readNoEof', async () => {
  for (const [name, r] of readers(bytes('abcdefgh'))) {
    const one = new Uint8Array(2);
    const n = await r.read(one);
    assert.ok(n >= 1 && n <= 2, name);
    const rest = new Uint8Array(20);
    const got = await r.readAll(rest);
    assert.equal(dec.decode(one.subarray(0, n)) + dec.decode(rest.subarray(0, got)), 'abcdefgh', name);
    assert.equal(await r.readAll(rest), 0, `${name}: EOF`);
    assert.equal(await r.read(rest), 0, `${name}: read at EOF`);
  }
  for (const [name, r] of readers(bytes('abcdef'))) {
    const buf = new Uint8Array(6);
    const n = await r.readAtLeast(buf, 4);
    assert.ok(n >= 4, name);
    await assert.rejects(r.readAtLeast(new Uint8Array(2), 3), RangeError);
  }
  for (const [name, r] of readers(bytes('abc'))) {
    const buf = new Uint8Array(2);
    await r.readNoEof(buf);
    assert.equal(dec.decode(buf), 'ab', name);
    await assert.rejects(r.readNoEof(buf), rejectsWith('EndOfStream'));
  }
});

test('readByte, readBytesNoEof, skipBytes, isBytes', async () => {
  for (const [name, r] of readers(bytes('xyHELLOabcdef12'))) {
    assert.equal(await r.readByte(), 0x78, name);
    await r.skipBytes(1);
    assert.equal(await r.isBytes(bytes('HELLO')), true, name);
    assert.equal(await r.isBytes(bytes('abX')), false, name);
    assert.equal(dec.decode(await r.readBytesNoEof(3)), 'def', name); // isBytes consumed all 3 despite the mismatch
    await assert.rejects(r.readBytesNoEof(3), rejectsWith('EndOfStream'));
  }
  for (const [name, r] of readers(bytes('ab'))) {
    await assert.rejects(r.skipBytes(3), rejectsWith('EndOfStream'), name);
    await assert.rejects(r.readByte(), rejectsWith('EndOfStream'), name);
  }
  for (const [name, r] of readers(new Uint8Array(2000).fill(7))) {
    await r.skipBytes(1999);
    assert.equal(await r.readByte(), 7, name);
    assert.equal(await r.isBytes(new Uint8Array(0)), true, name);
    await assert.rejects(r.isBytes(bytes('a')), rejectsWith('EndOfStream'));
  }
});

test('readInt: every type in both byte orders', async () => {
  const cases: [IntType, 'big' | 'little', number[], number | bigint][] = [
    ['u8', 'big', [0xff], 255],
    ['i8', 'little', [0xff], -1],
    ['i8', 'big', [0x80], -128],
    ['u16', 'big', [0x12, 0x34], 0x1234],
    ['u16', 'little', [0x12, 0x34], 0x3412],
    ['i16', 'big', [0xff, 0xfe], -2],
    ['u24', 'big', [0x01, 0x02, 0x03], 0x010203],
    ['u24', 'little', [0x01, 0x02, 0x03], 0x030201],
    ['i24', 'big', [0x80, 0x00, 0x00], -0x800000],
    ['i24', 'little', [0xff, 0xff, 0x7f], 0x7fffff],
    ['u32', 'big', [0xde, 0xad, 0xbe, 0xef], 0xdeadbeef],
    ['i32', 'little', [0x00, 0x00, 0x00, 0x80], -0x80000000],
    ['u64', 'big', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 2n ** 64n - 1n],
    ['u64', 'little', [1, 0, 0, 0, 0, 0, 0, 0], 1n],
    ['i64', 'big', [0x80, 0, 0, 0, 0, 0, 0, 0], -(2n ** 63n)],
    ['i64', 'little', [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], -2n],
  ];
  for (const [type, endian, raw, value] of cases) {
    for (const [name, r] of readers(Uint8Array.from(raw))) {
      assert.equal(await r.readInt(type, endian), value, `${type} ${endian} ${name}`);
      await assert.rejects(r.readInt('u8', 'big'), rejectsWith('EndOfStream'));
    }
  }
  const r = new Reader(new ChunkSource(bytes('ab')));
  await assert.rejects(r.readInt('u16' as IntType, 'middle' as 'big'), TypeError);
  await assert.rejects(r.readInt('u128' as IntType, 'big'), TypeError);
  await assert.rejects(r.readInt('u24', 'big'), rejectsWith('EndOfStream'));
});

test('readInt reads back what writeInt encodes (property)', async () => {
  const types: IntType[] = ['u8', 'i8', 'u16', 'i16', 'u24', 'i24', 'u32', 'i32', 'u64', 'i64'];
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...types), fc.constantFrom('big' as const, 'little' as const), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    async (type, endian, raw) => {
      const bits = Number(type.slice(1));
      const v = type.startsWith('i') ? BigInt.asIntN(bits, raw) : BigInt.asUintN(bits, raw);
      const r = new Reader(new ChunkSource(encodeInt(type, v, endian), () => 1));
      const got = await r.readInt(type, endian);
      assert.equal(BigInt(got), v);
      assert.equal(typeof got, bits === 64 ? 'bigint' : 'number');
    }), { numRuns: 300 });
});

test('readUntilDelimiter: lines, StreamTooLong, EndOfStream', async () => {
  for (const [name, r] of readers(bytes('ab\n\ncdef\nxyzw\ntail'))) {
    const buf = new Uint8Array(5);
    assert.equal(dec.decode(await r.readUntilDelimiter(buf, 0x0a)), 'ab', name);
    assert.equal(dec.decode(await r.readUntilDelimiter(buf, 0x0a)), '', name);
    assert.equal(dec.decode(await r.readUntilDelimiter(buf, 0x0a)), 'cdef', name); // 4 + delimiter = buf.length
    await assert.rejects(r.readUntilDelimiter(new Uint8Array(4), 0x0a), rejectsWith('StreamTooLong'));
    // The 4 bytes were consumed; the delimiter stayed.
    assert.equal(dec.decode(await r.readUntilDelimiter(buf, 0x0a)), '', name);
    await assert.rejects(r.readUntilDelimiter(buf, 0x0a), rejectsWith('EndOfStream'));
    await assert.rejects(r.readUntilDelimiter(buf, 0x0a), rejectsWith('EndOfStream'));
  }
});

test('readUntilDelimiterOrEof: final unterminated part, then null', async () => {
  for (const [name, r] of readers(bytes('one\ntwo'))) {
    const buf = new Uint8Array(16);
    assert.equal(dec.decode((await r.readUntilDelimiterOrEof(buf, 0x0a))!), 'one', name);
    assert.equal(dec.decode((await r.readUntilDelimiterOrEof(buf, 0x0a))!), 'two', name);
    assert.equal(await r.readUntilDelimiterOrEof(buf, 0x0a), null, name);
    assert.equal(await r.readUntilDelimiterOrEof(buf, 0x0a), null, name);
  }
  for (const [name, r] of readers(bytes('abcd'))) {
    // Zig reads buf.length bytes looking for the delimiter: 4 bytes then EOF is too long for a 4-byte buffer.
    await assert.rejects(r.readUntilDelimiterOrEof(new Uint8Array(4), 0x0a), rejectsWith('StreamTooLong'), name);
    assert.equal(await r.readUntilDelimiterOrEof(new Uint8Array(4), 0x0a), null, name);
  }
  for (const [name, r] of readers(bytes('abc'))) {
    assert.equal(dec.decode((await r.readUntilDelimiterOrEof(new Uint8Array(4), 0x0a))!), 'abc', name);
  }
  for (const [name, r] of readers(bytes('\n'))) {
    await assert.rejects(r.readUntilDelimiterOrEof(new Uint8Array(0), 0x0a), rejectsWith('StreamTooLong'), name);
    assert.equal(dec.decode((await r.readUntilDelimiterOrEof(new Uint8Array(1), 0x0a))!), '', name);
  }
});

test('readUntilDelimiterAlloc and readUntilDelimiterOrEofAlloc', async () => {
  for (const [name, r] of readers(bytes('hello,world,toolongfield,x'))) {
    const first = await r.readUntilDelimiterAlloc(0x2c, 100);
    assert.equal(dec.decode(first), 'hello', name);
    assert.equal(first.length, first.buffer.byteLength, `${name}: the result owns exactly its bytes`);
    assert.equal(dec.decode((await r.readUntilDelimiterOrEofAlloc(0x2c, 6))!), 'world', name);
    await assert.rejects(r.readUntilDelimiterAlloc(0x2c, 6), rejectsWith('StreamTooLong'));
    // The first 6 bytes of the long field were consumed.
    assert.equal(dec.decode(await r.readUntilDelimiterAlloc(0x2c, 100)), 'gfield', name);
    await assert.rejects(r.readUntilDelimiterAlloc(0x2c, 100), rejectsWith('EndOfStream'));
    assert.equal(await r.readUntilDelimiterOrEofAlloc(0x2c, 100), null, name);
  }
  for (const [name, r] of readers(bytes('end'))) {
    assert.equal(dec.decode((await r.readUntilDelimiterOrEofAlloc(0x2c, 100))!), 'end', name);
  }
  const r = new Reader(new ChunkSource(bytes('a')));
  await assert.rejects(r.readUntilDelimiterAlloc(0x2c, -1), RangeError);
});

test('streamUntilDelimiter to writeAll and writeByte writers', async () => {
  for (const [name, r] of readers(bytes('key=value;next;'))) {
    const chunks: number[] = [];
    await r.streamUntilDelimiter({ writeAll: async (b: Uint8Array) => { chunks.push(...b); } }, 0x3d);
    assert.equal(dec.decode(Uint8Array.from(chunks)), 'key', name);
    const single: number[] = [];
    await r.streamUntilDelimiter({ writeByte: (b: number) => { single.push(b); } }, 0x3b, 6);
    assert.equal(dec.decode(Uint8Array.from(single)), 'value', name);
    await assert.rejects(r.streamUntilDelimiter({ writeByte: () => {} }, 0x3b, 4), rejectsWith('StreamTooLong'));
    // "next" was consumed; only ";" remained.
    const tail: number[] = [];
    await r.streamUntilDelimiter({ writeByte: (b: number) => { tail.push(b); } }, 0x3b);
    assert.equal(tail.length, 0, name);
    await assert.rejects(r.streamUntilDelimiter({ writeByte: () => {} }, 0x3b), rejectsWith('EndOfStream'));
  }
  const r = new Reader(new ChunkSource(bytes('x')));
  await assert.rejects(r.streamUntilDelimiter({}, 0x3b), TypeError);
});

test('skipUntilDelimiterOrEof', async () => {
  for (const [name, r] of readers(bytes('skip me\nkeep'))) {
    await r.skipUntilDelimiterOrEof(0x0a);
    assert.equal(dec.decode(await r.readBytesNoEof(4)), 'keep', name);
    await r.skipUntilDelimiterOrEof(0x0a); // at EOF: no error
  }
});

test('readAllAlloc: exactly maxSize is fine, one more is StreamTooLong', async () => {
  const data = new Uint8Array(10000).map((_, i) => i & 0xff);
  for (const [name, r] of readers(data)) {
    assert.deepEqual(await r.readAllAlloc(10000), data, name);
  }
  for (const [name, r] of readers(data)) {
    await assert.rejects(r.readAllAlloc(9999), rejectsWith('StreamTooLong'), name);
  }
  assert.equal((await new Reader(new ChunkSource(new Uint8Array(0))).readAllAlloc(0)).length, 0);
});

test('source errors: NetErrors pass through unchanged, others become NetErrors', async () => {
  const broken = new NetError('ConnectionResetByPeer');
  const r1 = new Reader({ read: () => Promise.reject(broken) });
  await assert.rejects(r1.readByte(), (err) => err === broken);
  const r2 = new Reader({ read: () => Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })) });
  await assert.rejects(r2.readUntilDelimiterOrEof(new Uint8Array(8), 0x0a), rejectsWith('ConnectionResetByPeer'));
  const r3 = new BufferedReader({ read: () => Promise.reject(new Error('odd')) }).reader();
  await assert.rejects(r3.readUntilDelimiterOrEof(new Uint8Array(8), 0x0a), rejectsWith('Unexpected'));
});

test('in debug mode the error stack starts at the caller', async () => {
  await inDebugCapturingStderr(async (written) => {
    const r = new Reader(new ChunkSource(bytes('ab')));
    const err = await r.readNoEof(new Uint8Array(3)).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof NetError && err.code === 'EndOfStream');
    // .ts too: Deno maps stack traces through the source maps.
    assert.match(err.stack ?? '', /reader\.test\.[jt]s/);
    assert.doesNotMatch((err.stack ?? '').split('\n')[1] ?? '', /src\/reader\.[jt]s/);
    assert.match(written.join(''), /readNoEof failed: error\.EndOfStream/);
  });
});

/** The expected outcome of the gateway loop: lines, 'TOO_LONG' markers, ending with null. */
function modelLines(data: Uint8Array, max: number): (string | null)[] {
  const out: (string | null)[] = [];
  let pos = 0;
  for (;;) {
    const window = data.subarray(pos, pos + max);
    const i = window.indexOf(0x0a);
    if (i !== -1) {
      out.push(dec.decode(window.subarray(0, i)));
      pos += i + 1;
    } else if (window.length === max) {
      out.push('TOO_LONG');
      const next = data.indexOf(0x0a, pos + max);
      pos = next === -1 ? data.length : next + 1;
    } else {
      if (window.length > 0) out.push(dec.decode(window));
      out.push(null);
      return out;
    }
  }
}

/** The chat gateway's read loop: readUntilDelimiterOrEof, and skip the rest of an over-long line. */
async function gatewayLines(r: Reader, max: number): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  const buf = new Uint8Array(max);
  for (let guard = 0; guard < 100000; guard++) {
    try {
      const line = await r.readUntilDelimiterOrEof(buf, 0x0a);
      out.push(line === null ? null : dec.decode(line));
      if (line === null) return out;
    } catch (err) {
      if (!(err instanceof NetError && err.code === 'StreamTooLong')) throw err;
      out.push('TOO_LONG');
      await r.skipUntilDelimiterOrEof(0x0a);
    }
  }
  throw new Error('gateway loop did not end');
}

test('random chunking yields the same lines, plain and buffered (property)', async () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'é', '\n', '\n', 'xyz'), { maxLength: 200 }).map((parts) => bytes(parts.join('')));
  await fc.assert(fc.asyncProperty(
    text, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }),
    async (data, sizes, max, capacity) => {
      const expected = modelLines(data, max);
      const chunk = (i: number): number => sizes[i % sizes.length];
      assert.deepEqual(await gatewayLines(new Reader(new ChunkSource(data, chunk)), max), expected);
      assert.deepEqual(await gatewayLines(new BufferedReader(new ChunkSource(data, chunk), capacity).reader(), max), expected);
      const all = await new BufferedReader(new ChunkSource(data, chunk), capacity).reader().readAllAlloc(data.length);
      assert.deepEqual(all, data);
    }), { numRuns: 300 });
});

test('random chunking: Alloc variants agree with splitting the input (property)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uint8Array({ maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 40 }),
    async (raw, sizes, capacity) => {
      const data = raw.map((b) => (b % 7 === 0 ? 0x2c : b)); // plenty of ',' delimiters
      const parts: Uint8Array[] = [];
      const r = new BufferedReader(new ChunkSource(data, (i) => sizes[i % sizes.length]), capacity).reader();
      for (let part = await r.readUntilDelimiterOrEofAlloc(0x2c, 1000); part !== null; part = await r.readUntilDelimiterOrEofAlloc(0x2c, 1000)) {
        parts.push(part);
      }
      const expected: number[][] = [[]];
      for (const b of data) {
        if (b === 0x2c) expected.push([]);
        else expected[expected.length - 1].push(b);
      }
      if (expected[expected.length - 1].length === 0) expected.pop();
      assert.deepEqual(parts.map((p) => Array.from(p)), expected);
    }), { numRuns: 300 });
});
