// BufferedReader with storage that starts small and grows, and takeDelimiterOrEof (lines as views of the
// buffer): any chunking gives the same lines as a plain split, over-long lines are refused without losing
// the next ones, and storage grows only for lines that need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferedReader, bufferedReader } from '../src/buffered.js';
import { NetError } from '../src/errors.js';
import type { ReadSource } from '../src/io-types.js';
import { setMode } from '../src/mode.js';

// StreamTooLong is an expected outcome here; debug traces would only clutter the output.
setMode('release');

const enc = new TextEncoder();
const dec = new TextDecoder();
const LF = 0x0a;

/** Serves `data` in reads of at most `chunk(i)` bytes, then EOF. */
function source(data: Uint8Array, chunk: (i: number) => number = () => Infinity): ReadSource & { sizes: number[] } {
  let pos = 0;
  const sizes: number[] = [];
  return {
    sizes,
    read(buf: Uint8Array): Promise<number> {
      sizes.push(buf.length);
      const n = Math.min(buf.length, Math.max(1, chunk(sizes.length - 1)), data.length - pos);
      buf.set(data.subarray(pos, pos + n));
      pos += n;
      return Promise.resolve(n);
    },
  };
}

/** Every line through takeDelimiterOrEof, '<too long>' for each refused one (skipped to its LF). */
async function takeAll(br: BufferedReader): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    let line: Uint8Array | null;
    try {
      line = await br.takeDelimiterOrEof(LF);
    } catch (err) {
      assert.ok(err instanceof NetError && err.code === 'StreamTooLong', String(err));
      out.push('<too long>');
      await br.reader().skipUntilDelimiterOrEof(LF);
      continue;
    }
    if (line === null) return out;
    out.push(dec.decode(line));
  }
  throw new Error('no end of stream');
}

test('takeDelimiterOrEof: lines are views of the reader\'s storage; the last line needs no LF; then null', async () => {
  const br = bufferedReader(source(enc.encode('one\ntwo\n\nlast')), 64, 8);
  const first = await br.takeDelimiterOrEof(LF);
  assert.equal(dec.decode(first!), 'one');
  assert.equal(first!.buffer, br.data.buffer, 'no copy: a view of the buffer');
  assert.deepEqual(await takeAll(br), ['two', '', 'last']);
  assert.equal(await br.takeDelimiterOrEof(LF), null);
});

test('initialSize: storage starts small, grows by doubling only when a line needs it, never past capacity', async () => {
  const short = bufferedReader(source(enc.encode('NICK a\r\nUSER a 0 * :a\r\n')), 4610, 512);
  assert.equal(short.capacity, 4610);
  assert.equal(short.data.length, 512);
  assert.deepEqual(await takeAll(short), ['NICK a\r', 'USER a 0 * :a\r']);
  assert.equal(short.data.length, 512, 'short lines never grow it');

  const long = 'x'.repeat(3000);
  const src = source(enc.encode(`${long}\nok\n`), () => 100);
  const br = bufferedReader(src, 4610, 512);
  assert.deepEqual(await takeAll(br), [long, 'ok']);
  assert.equal(br.data.length, 4096, '512 -> 1024 -> 2048 -> 4096');
  assert.ok(src.sizes.every((n) => n <= 4610));

  const capped = bufferedReader(source(enc.encode(`${'y'.repeat(600)}\n`)), 700, 512);
  assert.deepEqual(await takeAll(capped), ['y'.repeat(600)]);
  assert.equal(capped.data.length, 700, 'growth stops at capacity');
});

test('takeDelimiterOrEof: StreamTooLong once capacity bytes hold no delimiter, and nothing is consumed', async () => {
  const br = bufferedReader(source(enc.encode('abcdefgh\nok\n')), 8, 4);
  await assert.rejects(br.takeDelimiterOrEof(LF), (e: unknown) => e instanceof NetError && e.code === 'StreamTooLong');
  assert.equal(dec.decode(br.buffered()), 'abcdefgh');
  await br.reader().skipUntilDelimiterOrEof(LF);
  assert.equal(dec.decode((await br.takeDelimiterOrEof(LF))!), 'ok');
  // A line of exactly capacity - 1 bytes plus its LF fits.
  const fits = bufferedReader(source(enc.encode('abcdefg\n')), 8, 2);
  assert.equal(dec.decode((await fits.takeDelimiterOrEof(LF))!), 'abcdefg');
});

test('takeDelimiterOrEof over any chunking and any initial size gives the lines of a plain split', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.stringMatching(/^[a-z ]{0,40}$/), { maxLength: 30 }),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 50 }),
      fc.boolean(),
      async (lines, capacity, initial, chunk, finalLf) => {
        const text = lines.join('\n') + (finalLf && lines.length > 0 ? '\n' : '');
        const br = new BufferedReader(source(enc.encode(text), () => chunk), capacity, initial);
        const expected: string[] = [];
        const parts = text.split('\n');
        if (parts[parts.length - 1] === '') parts.pop();
        for (const p of parts) {
          if (p.length + 1 > capacity) expected.push('<too long>');
          else expected.push(p);
        }
        // An unterminated last part is refused only when capacity bytes arrive without an LF.
        if (!text.endsWith('\n') && parts.length > 0) {
          const last = parts[parts.length - 1]!;
          expected[expected.length - 1] = last.length >= capacity ? '<too long>' : last;
        }
        assert.deepEqual(await takeAll(br), expected);
        assert.ok(br.data.length <= capacity);
      },
    ),
    { numRuns: 300 },
  );
});
