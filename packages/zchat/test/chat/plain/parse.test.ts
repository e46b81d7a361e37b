import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLine, splitFirst, stripControls } from '../../../src/chat/plain/parse.js';

const enc = (s: string) => new TextEncoder().encode(s);

test('text lines, CR stripped, control characters removed', () => {
  assert.deepEqual(parseLine(enc('hello\r'), 100), { ok: true, line: { kind: 'text', text: 'hello' } });
  assert.deepEqual(parseLine(enc('a\x07b\x1b[31mred\x1b[0m\tc'), 100), { ok: true, line: { kind: 'text', text: 'abred\tc' } });
  assert.deepEqual(parseLine(enc('//slash'), 100), { ok: true, line: { kind: 'text', text: '/slash' } });
  assert.deepEqual(parseLine(enc('héllo 😀'), 100), { ok: true, line: { kind: 'text', text: 'héllo 😀' } });
});

test('commands: lower-cased name, args, rest', () => {
  assert.deepEqual(parseLine(enc('/MSG bob  hi  there '), 100), {
    ok: true, line: { kind: 'command', name: 'msg', args: ['bob', 'hi', 'there'], rest: 'bob  hi  there' },
  });
  assert.deepEqual(parseLine(enc('/rooms'), 100), { ok: true, line: { kind: 'command', name: 'rooms', args: [], rest: '' } });
  assert.deepEqual(parseLine(enc('/'), 100), { ok: true, line: { kind: 'command', name: '', args: [], rest: '' } });
});

test('errors: empty, too long, invalid UTF-8', () => {
  assert.deepEqual(parseLine(enc(''), 100), { ok: false, error: 'Empty' });
  assert.deepEqual(parseLine(enc(' \x01\r'), 100), { ok: false, error: 'Empty' });
  assert.deepEqual(parseLine(enc('x'.repeat(101)), 100), { ok: false, error: 'TooLong' });
  assert.deepEqual(parseLine(enc('x'.repeat(100) + '\r'), 100).ok, true, 'the CR does not count');
  for (const bad of [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x61, 0x80]]) {
    assert.deepEqual(parseLine(Uint8Array.from(bad), 100), { ok: false, error: 'InvalidUtf8' }, String(bad));
  }
});

test('stripControls removes IRC colour and formatting sequences whole', () => {
  const cases: [string, string][] = [
    ['\x0304red', 'red'],
    ['\x034red', 'red'],
    ['\x0304,12red on blue', 'red on blue'],
    ['\x034,2x', 'x'],
    ['\x0304,x', ',x'], // a comma without background digits is text
    ['\x03,04x', ',04x'], // no foreground: \x03 alone resets, the rest is text
    ['\x030455', '55'], // at most two digits of colour
    ['\x0304,12345', '345'],
    ['a\x03b', 'ab'],
    ['\x04ff0000red\x04 plain', 'red plain'],
    ['\x04FF0000,00ff00rg', 'rg'],
    ['\x04ff00x', 'ff00x'], // not six hex digits: \x04 alone
    ['\x02bold\x02 \x1ditalic\x1d \x1funder\x1f \x1estrike\x1e \x11mono\x11 \x16rev\x16 \x0freset', 'bold italic under strike mono rev reset'],
    ['\x1b\x0304[31mx', 'x'], // removing the colour exposes an ANSI sequence, removed too
    ['tab\tkept', 'tab\tkept'],
  ];
  for (const [input, expected] of cases) assert.equal(stripControls(input), expected, JSON.stringify(input));
});

const FORMAT_BYTES = ['\x02', '\x03', '\x04', '\x0f', '\x11', '\x16', '\x1d', '\x1e', '\x1f'];
// eslint-disable-next-line no-control-regex -- the property is about control characters
const ANY_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

test('property: stripControls never throws, leaves no control or formatting byte, and is idempotent', () => {
  // Strings dense in formatting bytes, digits, commas, hex letters and escape pieces, plus arbitrary text.
  const piece = fc.oneof(
    fc.constantFrom(...FORMAT_BYTES, '0', '4', '12', '99', ',', 'a', 'F', '\x1b', '[', 'm', '\x07', '\x9b'),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (text) => {
    const once = stripControls(text);
    return !ANY_CONTROL.test(once) && stripControls(once) === once;
  }), { numRuns: 2000 });
});

test('property: text coloured and formatted by an IRC client comes back as the text', () => {
  const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => n.toString(16).padStart(6, '0'));
  const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  // Codes in the forms clients send (two-digit colours, full hex), so they never borrow digits from the text.
  const code = fc.oneof(
    fc.constantFrom('\x02', '\x0f', '\x11', '\x16', '\x1d', '\x1e', '\x1f'),
    fc.tuple(twoDigits, twoDigits).map(([fg, bg]) => `\x03${fg},${bg}`),
    fc.tuple(hex, hex).map(([fg, bg]) => `\x04${fg},${bg}`),
  );
  const clean = fc.string({ maxLength: 12 }).map(stripControls);
  fc.assert(fc.property(fc.array(fc.tuple(code, clean), { maxLength: 10 }), (parts) => {
    return stripControls(parts.map(([c, t]) => c + t).join('')) === parts.map(([, t]) => t).join('');
  }));
});

test('splitFirst', () => {
  assert.deepEqual(splitFirst('bob hello  world'), ['bob', 'hello  world']);
  assert.deepEqual(splitFirst('bob'), ['bob', '']);
  assert.deepEqual(splitFirst(''), ['', '']);
});

test('property: parseLine never throws and never yields control characters', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    const r = parseLine(bytes, 200);
    if (!r.ok) return ['Empty', 'TooLong', 'InvalidUtf8'].includes(r.error);
    const text = r.line.kind === 'text' ? r.line.text : r.line.rest + r.line.name;
    return stripControls(text) === text;
  }), { numRuns: 2000 });
});

test('property: clean text round-trips through bytes', () => {
  const clean = fc.string({ unit: 'grapheme', maxLength: 80 }).map(stripControls).filter((s) => s.trim() !== '' && !s.startsWith('/'));
  fc.assert(fc.property(clean, (s) => {
    const r = parseLine(enc(`${s}\r`), 1000);
    return r.ok && r.line.kind === 'text' && r.line.text === s;
  }));
});
