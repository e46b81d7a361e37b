import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../src/bench/lines.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function collect(maxLine?: number): { lines: string[]; splitter: LineSplitter } {
  const lines: string[] = [];
  const splitter = new LineSplitter((b, s, e) => lines.push(dec.decode(b.subarray(s, e))), maxLine);
  return { lines, splitter };
}

test('lines end at LF, a CR before it is dropped, a partial line waits', () => {
  const { lines, splitter } = collect();
  splitter.push(enc.encode('one\r\ntwo\nthr'));
  assert.deepEqual(lines, ['one', 'two']);
  assert.equal(dec.decode(splitter.pending()), 'thr');
  splitter.push(enc.encode('ee\r\n\n'));
  assert.deepEqual(lines, ['one', 'two', 'three', '']);
});

test('only the first `length` bytes of a reused chunk count', () => {
  const { lines, splitter } = collect();
  const buf = enc.encode('a\nbXXXX');
  splitter.push(buf, 3);
  splitter.push(enc.encode('c\n'));
  assert.deepEqual(lines, ['a', 'bc']);
});

test('an over-long line is dropped whole and counted; the next line is intact', () => {
  const { lines, splitter } = collect(8);
  splitter.push(enc.encode('short\n0123456'));
  splitter.push(enc.encode('789abcdef'));
  splitter.push(enc.encode('more\nnext\n'));
  assert.deepEqual(lines, ['short', 'next']);
  assert.equal(splitter.dropped, 1);
});

test('any chunking of the input yields the same lines', () => {
  fc.assert(fc.property(
    fc.array(fc.stringMatching(/^[a-z~ ]{0,20}$/), { maxLength: 20 }),
    fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 50 }),
    (texts, cuts) => {
      const bytes = enc.encode(texts.map((t) => `${t}\r\n`).join(''));
      const { lines, splitter } = collect();
      let pos = 0;
      for (let k = 0; pos < bytes.length; k++) {
        const n = cuts[k % cuts.length]!;
        splitter.push(bytes.slice(pos, pos + n));
        pos += n;
      }
      assert.deepEqual(lines, texts);
    },
  ), { numRuns: 300 });
});
