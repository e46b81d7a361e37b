import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferedReader, BufferedWriter, bufferedReader, bufferedWriter } from '../src/buffered.js';
import { NetError } from '../src/errors.js';
import type { ReadSource, WriteSink } from '../src/io-types.js';
import { quietDuringTests, rejectsWith } from './fixtures/expect.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** An in-memory source that records every read; at most `chunk(i)` bytes on the i-th read. */
class RecordingSource implements ReadSource {
  readonly requests: Uint8Array[] = [];
  private pos = 0;
  constructor(private readonly data: Uint8Array, private readonly chunk: (i: number) => number = () => Infinity) {}
  get reads(): number {
    return this.requests.length;
  }
  async read(buf: Uint8Array): Promise<number> {
    const size = Math.max(1, this.chunk(this.requests.length));
    this.requests.push(buf);
    const n = Math.min(buf.length, size, this.data.length - this.pos);
    buf.set(this.data.subarray(this.pos, this.pos + n));
    this.pos += n;
    return n;
  }
}

/** An in-memory sink that copies what it takes; takes at most `chunk(i)` bytes per call; optional writev. */
class RecordingSink implements WriteSink {
  /** `bufs` are the caller's arrays (reused after the call); `copies` what they held at the call. */
  readonly calls: { op: 'write' | 'writev'; bufs: Uint8Array[]; copies: Uint8Array[] }[] = [];
  private out: number[] = [];
  writev?: (bufs: Uint8Array[]) => Promise<number>;
  constructor(private readonly chunk: (i: number) => number = () => Infinity, withWritev = false, private readonly delay = false) {
    if (withWritev) {
      this.writev = async (bufs: Uint8Array[]) => {
        this.calls.push({ op: 'writev', bufs, copies: bufs.map((b) => b.slice()) });
        let budget = Math.max(1, this.chunk(this.calls.length - 1));
        let taken = 0;
        for (const b of bufs) {
          const n = Math.min(b.length, budget);
          this.out.push(...b.subarray(0, n));
          taken += n;
          budget -= n;
          if (budget === 0) break;
        }
        if (this.delay) await new Promise((resolve) => setImmediate(resolve));
        return taken;
      };
    }
  }
  async write(buf: Uint8Array): Promise<number> {
    this.calls.push({ op: 'write', bufs: [buf], copies: [buf.slice()] });
    const n = Math.min(buf.length, Math.max(1, this.chunk(this.calls.length - 1)));
    this.out.push(...buf.subarray(0, n));
    if (this.delay) await new Promise((resolve) => setImmediate(resolve));
    return n;
  }
  get text(): string {
    return dec.decode(Uint8Array.from(this.out));
  }
  get data(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

quietDuringTests();

test('BufferedReader: capacity is checked; default is 4096', () => {
  assert.equal(bufferedReader(new RecordingSource(new Uint8Array(0))).capacity, 4096);
  assert.throws(() => bufferedReader(new RecordingSource(new Uint8Array(0)), 0), RangeError);
  assert.throws(() => bufferedReader(new RecordingSource(new Uint8Array(0)), 1.5), RangeError);
  assert.equal(bufferedWriter(new RecordingSink()).capacity, 4096);
  assert.throws(() => bufferedWriter(new RecordingSink(), -1), RangeError);
});

test('BufferedReader.read: small reads are served from one fill', async () => {
  const src = new RecordingSource(bytes('abcdefghij'));
  const br = new BufferedReader(src, 8);
  const two = new Uint8Array(2);
  assert.equal(await br.read(two), 2);
  assert.equal(dec.decode(two), 'ab');
  assert.equal(src.reads, 1);
  assert.equal(dec.decode(br.buffered()), 'cdefgh');
  assert.equal(await br.read(two), 2);
  assert.equal(src.reads, 1, 'still buffered: no new read');
  const big = new Uint8Array(100);
  assert.equal(await br.read(big), 4, 'buffered bytes first, even for a large dest');
  assert.equal(dec.decode(big.subarray(0, 4)), 'efgh');
  assert.equal(await br.read(new Uint8Array(0)), 0);
});

test('BufferedReader.read: a dest at least as large as the buffer bypasses it (no double copy)', async () => {
  const src = new RecordingSource(bytes('0123456789'));
  const br = new BufferedReader(src, 4);
  const dest = new Uint8Array(6);
  assert.equal(await br.read(dest), 6);
  assert.equal(src.requests[0], dest, 'the source read straight into dest');
  assert.equal(br.buffered().length, 0);
  const small = new Uint8Array(1);
  assert.equal(await br.read(small), 1);
  assert.notEqual(src.requests[1], small, 'small reads go through the buffer');
  assert.equal(await br.read(dest), 3);
  assert.equal(await br.read(dest), 0, 'EOF');
});

test('BufferedReader.fill and consume', async () => {
  const src = new RecordingSource(bytes('abcdef'), () => 2);
  const br = new BufferedReader(src, 4);
  assert.equal(await br.fill(), 2);
  assert.equal(await br.fill(), 2);
  assert.equal(dec.decode(br.buffered()), 'abcd');
  await assert.rejects(br.fill(), RangeError);
  assert.throws(() => br.consume(5), RangeError);
  br.consume(3);
  assert.equal(await br.fill(), 2, 'fill moves the unread byte to the front to make room');
  assert.equal(br.start, 0);
  assert.equal(dec.decode(br.buffered()), 'def');
  assert.equal(await br.fill(), 0, 'EOF');
  br.consume(3);
  assert.equal(br.end, 0);
});

test('line reads over a BufferedReader cost one source read per buffer fill', async () => {
  const lines = Array.from({ length: 100 }, (_, i) => `message number ${i} ${'x'.repeat(i % 30)}`);
  const data = bytes(lines.join('\n') + '\n');
  const src = new RecordingSource(data);
  const r = new BufferedReader(src, 4096).reader();
  const buf = new Uint8Array(512);
  const got: string[] = [];
  for (let line = await r.readUntilDelimiterOrEof(buf, 0x0a); line !== null; line = await r.readUntilDelimiterOrEof(buf, 0x0a)) {
    assert.equal(line.buffer, buf.buffer, 'the line is a view of the caller\'s buffer');
    got.push(dec.decode(line));
  }
  assert.deepEqual(got, lines);
  assert.equal(src.reads, Math.ceil(data.length / 4096) + 1, 'one read per 4096 bytes, plus the one that saw EOF');
  assert.ok(src.requests.every((b) => b.length > 1), 'never a byte-at-a-time read');
});

test('the gateway sequence: readUntilDelimiterOrEof, and skipUntilDelimiterOrEof on StreamTooLong', async () => {
  const long = 'L'.repeat(50);
  const input = `hello\n${long}\nafter\n${'M'.repeat(7)}\n${'N'.repeat(8)}\n${'K'.repeat(30)}`;
  for (const capacity of [8, 16, 4096]) {
    for (const chunk of [1, 3, 1000]) {
      const r = new BufferedReader(new RecordingSource(bytes(input), () => chunk), capacity).reader();
      const buf = new Uint8Array(8); // max line: 7 bytes + '\n'
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          const line = await r.readUntilDelimiterOrEof(buf, 0x0a);
          if (line === null) break;
          seen.push(dec.decode(line));
        } catch (err) {
          assert.ok(err instanceof NetError && err.code === 'StreamTooLong');
          seen.push('<too long>');
          await r.skipUntilDelimiterOrEof(0x0a);
        }
      }
      assert.deepEqual(seen, ['hello', '<too long>', 'after', 'MMMMMMM', '<too long>', '<too long>'], `capacity ${capacity}, chunk ${chunk}`);
    }
  }
});

test('lines longer than the buffer still work with a larger maxSize', async () => {
  const long = 'z'.repeat(1000);
  const r = new BufferedReader(new RecordingSource(bytes(`${long}\nshort\n${long}`), () => 7), 16).reader();
  assert.equal(dec.decode(await r.readUntilDelimiterAlloc(0x0a, 2000)), long);
  assert.equal(dec.decode(await r.readUntilDelimiterAlloc(0x0a, 2000)), 'short');
  assert.equal(dec.decode((await r.readUntilDelimiterOrEofAlloc(0x0a, 2000))!), long);
  const r2 = new BufferedReader(new RecordingSource(bytes(`${long}\nok\n`)), 16).reader();
  await assert.rejects(r2.readUntilDelimiterAlloc(0x0a, 1000), rejectsWith('StreamTooLong'));
  assert.equal(dec.decode(await r2.readUntilDelimiterAlloc(0x0a, 10)), '', 'exactly 1000 bytes were consumed');
  assert.equal(dec.decode(await r2.readUntilDelimiterAlloc(0x0a, 10)), 'ok');
  const big = new Uint8Array(1200);
  const r3 = new BufferedReader(new RecordingSource(bytes(`${long}\n`), () => 5), 16).reader();
  assert.equal(dec.decode(await r3.readUntilDelimiter(big, 0x0a)), long);
  const chunks: number[] = [];
  const r4 = new BufferedReader(new RecordingSource(bytes(`${long};`)), 16).reader();
  await r4.streamUntilDelimiter({ writeAll: (b: Uint8Array) => { chunks.push(...b); } }, 0x3b);
  assert.equal(chunks.length, 1000);
});

test('BufferedWriter: small writes wait in the buffer until flush; an empty flush does nothing', async () => {
  const sink = new RecordingSink();
  const bw = new BufferedWriter(sink, 16);
  const w = bw.writer();
  await w.writeAll(bytes('abc'));
  await w.print('{d}-{s}', 42, 'x');
  assert.equal(sink.calls.length, 0);
  assert.equal(bw.bufferedLength, 7);
  assert.equal(dec.decode(bw.buffered()), 'abc42-x');
  await bw.flush();
  assert.equal(sink.calls.length, 1);
  assert.equal(sink.text, 'abc42-x');
  assert.equal(bw.bufferedLength, 0);
  await bw.flush();
  assert.equal(sink.calls.length, 1, 'empty flush: no write');
});

test('BufferedWriter: a write that does not fit flushes first; a large one goes straight through', async () => {
  const sink = new RecordingSink();
  const bw = new BufferedWriter(sink, 8);
  assert.equal(await bw.write(bytes('12345')), 5);
  assert.equal(await bw.write(bytes('6789')), 4);
  assert.deepEqual(sink.calls.map((c) => dec.decode(c.copies[0])), ['12345']);
  assert.equal(dec.decode(bw.buffered()), '6789');
  const big = bytes('ABCDEFGHIJKL');
  assert.equal(await bw.write(big), big.length);
  assert.equal(sink.calls.length, 3);
  assert.equal(sink.calls[2].bufs[0], big, 'the large write was not copied');
  assert.equal(bw.bufferedLength, 0);
  assert.equal(sink.text, '123456789ABCDEFGHIJKL');
});

test('BufferedWriter: with writev, flush and a large write go out in one call', async () => {
  const sink = new RecordingSink(() => Infinity, true);
  const bw = new BufferedWriter(sink, 8);
  await bw.write(bytes('head'));
  await bw.write(bytes('0123456789'));
  assert.equal(sink.calls.length, 1);
  assert.equal(sink.calls[0].op, 'writev');
  assert.deepEqual(sink.calls[0].copies.map((b) => dec.decode(b)), ['head', '0123456789']);
  assert.equal(sink.text, 'head0123456789');
});

test('BufferedWriter: partial writes and writevs are completed', async () => {
  for (const withWritev of [false, true]) {
    const sink = new RecordingSink(() => 3, withWritev);
    const bw = new BufferedWriter(sink, 8);
    await bw.write(bytes('abcdef'));
    await bw.write(bytes('ghijklmnopqrstuvwxyz'));
    await bw.write(bytes('12'));
    await bw.flush();
    assert.equal(sink.text, 'abcdefghijklmnopqrstuvwxyz12', `writev ${withWritev}`);
  }
});

test('BufferedWriter: after a failure every write and flush rejects with the same NetError', async () => {
  const broken = new NetError('BrokenPipe');
  let fail = false;
  const sink: WriteSink = { write: async (b) => { if (fail) throw broken; return b.length; } };
  const bw = new BufferedWriter(sink, 4);
  await bw.write(bytes('ab'));
  fail = true;
  await assert.rejects(bw.write(bytes('cdefgh')), (err) => err === broken);
  await assert.rejects(bw.write(bytes('x')), (err) => err === broken);
  await assert.rejects(bw.flush(), (err) => err === broken);
  await assert.rejects(bw.writer().print('hi'), (err) => err === broken);

  const bw2 = new BufferedWriter({ write: () => Promise.reject(Object.assign(new Error('pipe'), { code: 'EPIPE' })) }, 4);
  await bw2.write(bytes('ab'));
  const err = await bw2.flush().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof NetError && err.code === 'BrokenPipe');
  await assert.rejects(bw2.write(bytes('a')), (e) => e === err);

  const bw3 = new BufferedWriter({ write: async () => 0 }, 2);
  await assert.rejects(bw3.write(bytes('abc')), rejectsWith('Unexpected'));
});

test('BufferedWriter: concurrent writes keep their order and never interleave (property)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 1, max: 32 }),
    fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), fc.boolean(),
    async (messages, capacity, sizes, withWritev) => {
      const sink = new RecordingSink((i) => sizes[i % sizes.length], withWritev, true);
      const bw = new BufferedWriter(sink, capacity);
      const w = bw.writer();
      await Promise.all([...messages.map((m) => w.writeAll(m)), bw.flush()]);
      await bw.flush();
      const expected = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
      let off = 0;
      for (const m of messages) {
        expected.set(m, off);
        off += m.length;
      }
      assert.deepEqual(sink.data, expected);
      assert.equal(bw.bufferedLength, 0);
    }), { numRuns: 200 });
});
