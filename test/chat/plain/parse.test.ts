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
