import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { colourize, LineSplitter, nameColour, sanitize } from '../../src/cli/client-text.js';

const enc = new TextEncoder();

test('LineSplitter: CRLF and LF lines, the prompt stays partial until answered', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push(enc.encode('Welcome to zchat.\r\nIdentifier: ')), ['Welcome to zchat.']);
  assert.equal(s.partial, 'Identifier: ');
  assert.equal(s.takePartial(), 'Identifier: ');
  assert.equal(s.partial, '');
  assert.deepEqual(s.push(enc.encode('a\nb\r\n\r\n')), ['a', 'b', '']);
});

test('LineSplitter: any chunking of the bytes gives the same lines (multi-byte UTF-8 split too)', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 8 }), fc.array(fc.nat(50), { maxLength: 10 }), (lines, cuts) => {
      const bytes = enc.encode(lines.map((l) => `${l}\r\n`).join(''));
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const s = new LineSplitter();
      const got: string[] = [];
      let at = 0;
      for (const p of [...points, bytes.length]) {
        got.push(...s.push(bytes.subarray(at, p)));
        at = p;
      }
      assert.deepEqual(got, lines);
      assert.equal(s.partial, '');
    }),
    { numRuns: 300 },
  );
});

test('sanitize removes controls and cursor-moving escapes; keeps SGR colours only when asked', () => {
  const line = 'a\x07b\x1b[2Jc\x1b]0;title\x07d\x1b[31mred\x1b[0m\te';
  assert.equal(sanitize(line, false), 'abcdred\te');
  assert.equal(sanitize(line, true), 'abcd\x1b[31mred\x1b[0m\te');
});

test('colourize paints names in room messages, actions, private messages and notices', () => {
  const c = (name: string): string => `\x1b[${nameColour(name)}m${name}\x1b[0m`;
  assert.equal(colourize('alice: hello: there'), `${c('alice')}: hello: there`);
  assert.equal(colourize('* bob waves'), `* ${c('bob')} waves`);
  assert.equal(colourize('carol has joined.'), `${c('carol')}\x1b[2m has joined.\x1b[0m`);
  assert.equal(colourize('[private] dave: psst'), `\x1b[2m[private] \x1b[0m${c('dave')}: psst`);
  assert.equal(colourize('[#dev] * erin waves'), `\x1b[2m[#dev] \x1b[0m* ${c('erin')} waves`);
  assert.equal(colourize('*** Server shutting down'), '\x1b[2m*** Server shutting down\x1b[0m');
  assert.equal(colourize('Topic of #lobby: Say hello.'), 'Topic of #lobby: Say hello.');
  assert.equal(colourize('plain text with no name'), 'plain text with no name');
  assert.equal(colourize('\x1b[31malready\x1b[0m: coloured'), '\x1b[31malready\x1b[0m: coloured');
});

test('nameColour is stable and case-insensitive', () => {
  assert.equal(nameColour('Alice'), nameColour('alice'));
  assert.equal(nameColour('x'), nameColour('x'));
});
