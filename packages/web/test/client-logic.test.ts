// The client's pure parts in Node: IRC lines, formatting runs and links, history merging and unread counts,
// the reconnect backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, line, nickOf, parse } from '../src/irc.js';
import { parseFormatting, stripFormatting } from '../src/formatting.js';
import { mergeLines, sortedMembers, unreadAfter } from '../src/state.js';
import type { Line } from '../src/state.js';
import { backoffMs } from '../src/client.js';

test('parse: tags (escaped), source, command, middle and trailing parameters', () => {
  const m = parse('@time=2026-01-01T00:00:00.000Z;msgid=a\\sb;+typing=active :ann!a@h PRIVMSG #lobby :hi there')!;
  assert.equal(m.tags.get('msgid'), 'a b');
  assert.equal(m.tags.get('+typing'), 'active');
  assert.equal(m.source, 'ann!a@h');
  assert.equal(nickOf(m.source), 'ann');
  assert.equal(m.command, 'PRIVMSG');
  assert.deepEqual(m.params, ['#lobby', 'hi there']);
  assert.deepEqual(parse('PING')!.params, []);
  assert.equal(parse(':only-source'), null);
  assert.equal(parse(''), null);
});

test('line: a trailing parameter when needed; CR, LF and NUL refused; tags escaped', () => {
  assert.equal(line('PRIVMSG', ['#a', 'hello world']), 'PRIVMSG #a :hello world');
  assert.equal(line('PRIVMSG', ['#a', ':)']), 'PRIVMSG #a ::)');
  assert.equal(line('JOIN', ['#a']), 'JOIN #a');
  assert.equal(line('TAGMSG', ['#a'], { '+typing': 'active' }), '@+typing=active TAGMSG #a');
  assert.equal(line('TAGMSG', ['#a'], { '+x': 'a b;c' }), '@+x=a\\sb\\:c TAGMSG #a');
  assert.throws(() => line('PRIVMSG', ['#a', 'hi\r\nQUIT']));
  assert.throws(() => line('PRIVMSG', ['#a', 'nul\0']));
  assert.equal(fold('Nick[A]'), 'nick{a}');
});

test('formatting: bold, italic, colours, reset; control characters dropped; links split out', () => {
  const runs = parseFormatting('\x02bold\x02 \x1ditalic\x0f \x0304,01red\x03 plain\x07');
  assert.deepEqual(runs.map((r) => r.text), ['bold', ' ', 'italic', ' ', 'red', ' plain']);
  assert.equal(runs[0]!.style.bold, true);
  assert.equal(runs[2]!.style.italic, true);
  assert.equal(runs[4]!.style.fg, 4);
  assert.equal(runs[4]!.style.bg, 1);
  assert.equal(runs[5]!.style.fg, null);
  const links = parseFormatting('see https://example.org/a?b=1, and (http://x.example/y) but not javascript:alert(1) or ftp://z');
  assert.deepEqual(links.filter((r) => r.href).map((r) => r.href), ['https://example.org/a?b=1', 'http://x.example/y']);
  assert.equal(stripFormatting('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
});

const at = (time: number, text: string, msgid?: string, own = false): Line => ({ time, kind: 'message', nick: own ? 'me' : 'ann', text, own, ...(msgid ? { msgid } : {}) });

test('mergeLines: history joins in time order without duplicates', () => {
  const merged = mergeLines([at(2, 'b', 'm2'), at(4, 'd', 'm4')], [at(1, 'a', 'm1'), at(2, 'b', 'm2'), at(3, 'c', 'm3')]);
  assert.deepEqual(merged.map((l) => l.text), ['a', 'b', 'c', 'd']);
});

test('unreadAfter: lines of others after the marker; mentions highlight', () => {
  const lines = [at(1, 'old'), at(2, 'hi me there'), at(3, 'mine', undefined, true), at(4, 'new')];
  assert.deepEqual(unreadAfter(lines, 1, 'me', false), { unread: 2, highlight: true });
  assert.deepEqual(unreadAfter(lines, 2, 'me', false), { unread: 1, highlight: false });
  assert.deepEqual(unreadAfter(lines, 2, 'me', true), { unread: 1, highlight: true });
});

test('sortedMembers: operators, voiced, then the rest, by name', () => {
  const m = new Map([['zed', ''], ['amy', '+'], ['Bob', '@'], ['al', '']]);
  assert.deepEqual(sortedMembers(m).map(([n]) => n), ['Bob', 'amy', 'al', 'zed']);
});

test('backoffMs: doubles from 1 s to at most 30 s, with jitter below the step', () => {
  assert.equal(backoffMs(0, () => 1), 1000);
  assert.equal(backoffMs(0, () => 0), 750);
  assert.equal(backoffMs(3, () => 1), 8000);
  assert.equal(backoffMs(20, () => 1), 30_000);
});
