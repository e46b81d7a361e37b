import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Writer, encodeInt } from '../src/writer.js';
import { NetError } from '../src/errors.js';
import type { IntType, WriteSink } from '../src/io-types.js';
import { quietDuringTests } from './fixtures/expect.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A sink that takes at most `chunk(i)` bytes on the i-th write and copies them. */
class ChunkSink implements WriteSink {
  readonly sizes: number[] = [];
  private out: number[] = [];
  constructor(private readonly chunk: (i: number) => number = () => Infinity) {}
  async write(buf: Uint8Array): Promise<number> {
    const n = Math.min(buf.length, Math.max(1, this.chunk(this.sizes.length)));
    this.sizes.push(buf.length);
    this.out.push(...buf.subarray(0, n));
    return n;
  }
  get data(): Uint8Array {
    return Uint8Array.from(this.out);
  }
  get text(): string {
    return dec.decode(this.data);
  }
}

quietDuringTests();

test('write may be partial; writeAll loops until everything is taken', async () => {
  const sink = new ChunkSink(() => 3);
  const w = new Writer(sink);
  assert.equal(await w.write(enc.encode('abcdef')), 3);
  await w.writeAll(enc.encode('0123456789'));
  assert.equal(sink.text, 'abc0123456789');
  assert.deepEqual(sink.sizes, [6, 10, 7, 4, 1]);
  await w.writeAll(new Uint8Array(0));
  assert.equal(sink.sizes.length, 5, 'an empty writeAll does not call the sink');
});

test('writeByte, writeByteNTimes, writeBytesNTimes', async () => {
  const sink = new ChunkSink();
  const w = new Writer(sink);
  await w.writeByte(0x41);
  await w.writeByteNTimes(0x2d, 0);
  await w.writeByteNTimes(0x2d, 600);
  await w.writeBytesNTimes(enc.encode('ab'), 3);
  await w.writeBytesNTimes(enc.encode('ab'), 0);
  await w.writeBytesNTimes(new Uint8Array(0), 5);
  assert.equal(sink.text, `A${'-'.repeat(600)}ababab`);
  assert.deepEqual(sink.sizes, [1, 256, 256, 88, 6]);
  await w.writeBytesNTimes(new Uint8Array(3000).fill(1), 3);
  assert.equal(sink.data.length, 1 + 600 + 6 + 9000);
  await assert.rejects(w.writeByte(256), RangeError);
  await assert.rejects(w.writeByte(-1), RangeError);
  await assert.rejects(w.writeByteNTimes(1, -1), RangeError);
  await assert.rejects(w.writeBytesNTimes(new Uint8Array(1), 1.5), RangeError);
});

test('writeInt: byte layout for every type and order', async () => {
  const cases: [IntType, number | bigint, 'big' | 'little', number[]][] = [
    ['u8', 255, 'big', [0xff]],
    ['i8', -1, 'little', [0xff]],
    ['u16', 0x1234, 'big', [0x12, 0x34]],
    ['u16', 0x1234, 'little', [0x34, 0x12]],
    ['i16', -2, 'big', [0xff, 0xfe]],
    ['u24', 0x010203, 'big', [1, 2, 3]],
    ['i24', -0x800000, 'little', [0, 0, 0x80]],
    ['u32', 0xdeadbeef, 'big', [0xde, 0xad, 0xbe, 0xef]],
    ['i32', -0x80000000, 'little', [0, 0, 0, 0x80]],
    ['u64', 2n ** 64n - 1n, 'big', [255, 255, 255, 255, 255, 255, 255, 255]],
    ['u64', 1, 'little', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['i64', -(2n ** 63n), 'big', [0x80, 0, 0, 0, 0, 0, 0, 0]],
    ['i64', -2n, 'little', [0xfe, 255, 255, 255, 255, 255, 255, 255]],
    ['u32', 7n, 'big', [0, 0, 0, 7]],
  ];
  for (const [type, value, endian, raw] of cases) {
    const sink = new ChunkSink(() => 1);
    await new Writer(sink).writeInt(type, value, endian);
    assert.deepEqual(Array.from(sink.data), raw, `${type} ${String(value)} ${endian}`);
  }
});

test('writeInt: bad values are TypeError or RangeError, and nothing is written', async () => {
  const sink = new ChunkSink();
  const w = new Writer(sink);
  const typeErrors: [IntType, unknown, string][] = [
    ['u8', 1.5, 'big'], ['u8', NaN, 'big'], ['u8', Infinity, 'big'], ['u8', '1', 'big'], ['u8', null, 'big'],
    ['u9' as IntType, 1, 'big'], ['u8', 1, 'middle'],
  ];
  for (const [type, value, endian] of typeErrors) {
    await assert.rejects(w.writeInt(type, value as number, endian as 'big'), TypeError, `${type} ${String(value)} ${endian}`);
  }
  const rangeErrors: [IntType, number | bigint][] = [
    ['u8', 256], ['u8', -1], ['i8', 128], ['i8', -129], ['u16', 65536], ['i24', 0x800000], ['u32', 2 ** 32],
    ['i32', -(2 ** 31) - 1], ['u64', 2n ** 64n], ['u64', -1n], ['i64', 2n ** 63n], ['u8', 256n],
  ];
  for (const [type, value] of rangeErrors) {
    await assert.rejects(w.writeInt(type, value, 'big'), RangeError, `${type} ${String(value)}`);
  }
  assert.equal(sink.sizes.length, 0);
});

test('writeInt then decoding gives the value back (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom('big' as const, 'little' as const), async (v, endian) => {
    const raw = encodeInt('i64', v, endian);
    const view = new DataView(raw.buffer);
    assert.equal(view.getBigInt64(0, endian === 'little'), v);
    const small = Number(BigInt.asIntN(16, v));
    const sink = new ChunkSink(() => 1);
    await new Writer(sink).writeInt('i16', small, endian);
    assert.equal(new DataView(sink.data.buffer).getInt16(0, endian === 'little'), small);
  }), { numRuns: 300 });
});

test('print formats and writes the UTF-8 bytes in one writeAll', async () => {
  const sink = new ChunkSink();
  const w = new Writer(sink);
  await w.print('{s}: {d:0>3} {x} é\n', 'nick', 7, 255);
  assert.equal(sink.text, 'nick: 007 ff é\n');
  assert.equal(sink.sizes.length, 1);
  await assert.rejects(w.print('{s} {s}', 'only one'), TypeError);
  await assert.rejects(w.print('{d}', 'text'), TypeError);
  assert.equal(sink.sizes.length, 1, 'a bad format writes nothing');
});

test('sink failures: NetErrors pass through; other errors become NetErrors; zero progress is Unexpected', async () => {
  const reset = new NetError('ConnectionResetByPeer');
  await assert.rejects(new Writer({ write: () => Promise.reject(reset) }).writeAll(enc.encode('x')), (err) => err === reset);
  await assert.rejects(
    new Writer({ write: () => Promise.reject(Object.assign(new Error('epipe'), { code: 'EPIPE' })) }).print('x'),
    (err) => err instanceof NetError && err.code === 'BrokenPipe',
  );
  await assert.rejects(new Writer({ write: async () => 0 }).writeAll(enc.encode('x')), (err) => err instanceof NetError && err.code === 'Unexpected');
});

test('random partial writes produce the same bytes (property)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }),
    async (parts, sizes) => {
      const sink = new ChunkSink((i) => sizes[i % sizes.length]);
      const w = new Writer(sink);
      for (const p of parts) await w.writeAll(p);
      assert.deepEqual(Array.from(sink.data), parts.flatMap((p) => Array.from(p)));
    }), { numRuns: 200 });
});
