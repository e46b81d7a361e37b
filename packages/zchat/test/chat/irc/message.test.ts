import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  clientMessageLimits,
  escapeTagValue,
  formatLine,
  formatTags,
  isValidTagName,
  messageLimits,
  parseMessage,
  serializeMessage,
  unescapeTagValue,
  type IrcMessage,
  type ParseResult,
} from '../../../src/chat/irc/message.js';

function ok(r: ParseResult): IrcMessage {
  if (!r.ok) assert.fail(`expected a message, got ${r.error}`);
  return r.msg;
}

function msg(command: string, params: string[], source?: string, tags: Record<string, string> = {}): IrcMessage {
  const m: IrcMessage = { tags: new Map(Object.entries(tags)), command, params };
  if (source !== undefined) m.source = source;
  return m;
}

test('parses the parts of a line', () => {
  const cases: [string, IrcMessage][] = [
    ['PING', msg('PING', [])],
    ['ping :x', msg('PING', ['x'])],
    ['privmsg #c :hello world', msg('PRIVMSG', ['#c', 'hello world'])],
    [':nick!u@h PRIVMSG #c hi', msg('PRIVMSG', ['#c', 'hi'], 'nick!u@h')],
    ['PRIVMSG #c ::)', msg('PRIVMSG', ['#c', ':)'])],
    ['PRIVMSG #c :', msg('PRIVMSG', ['#c', ''])],
    ['USER u 0 * :Real Name', msg('USER', ['u', '0', '*', 'Real Name'])],
    ['  JOIN   #a,#b   key  ', msg('JOIN', ['#a,#b', 'key'])],
    ['MODE #c +o nick\r\n', msg('MODE', ['#c', '+o', 'nick'])],
    ['NICK x\n', msg('NICK', ['x'])],
    ['NICK x\r', msg('NICK', ['x'])],
    ['@time=2020;+typing=active :s TAGMSG #c', msg('TAGMSG', ['#c'], 's', { time: '2020', '+typing': 'active' })],
    ['@a;b= PING', msg('PING', [], undefined, { a: '', b: '' })],
    ['@a=1;a=2 PING', msg('PING', [], undefined, { a: '2' })],
    ['@a=x\\:y\\sz\\\\w\\r\\n PING', msg('PING', [], undefined, { a: 'x;y z\\w\r\n' })],
    ['@draft/label=abc;+example.com/x=1 PING', msg('PING', [], undefined, { 'draft/label': 'abc', '+example.com/x': '1' })],
    ['@a=1;;b=2; PING', msg('PING', [], undefined, { a: '1', b: '2' })],
    ['@=v;bad_name=1;ok=2 PING', msg('PING', [], undefined, { ok: '2' })],
    ['@a=1    PING', msg('PING', [], undefined, { a: '1' })],
    [': PING', msg('PING', [])],
    ['straße x', msg('STRAßE', ['x'])],
  ];
  for (const [line, want] of cases) assert.deepEqual(ok(parseMessage(line)), want, line);
});

test('rejects bad lines with a named error', () => {
  const cases: [string, string][] = [
    ['', 'Empty'],
    ['\r\n', 'Empty'],
    ['     ', 'Empty'],
    ['PRIVMSG a\0b', 'BadChar'],
    ['PRIVMSG #c :a\rb', 'BadChar'],
    ['PRIVMSG #c :a\nb', 'BadChar'],
    ['NICK a\n\n', 'BadChar'],
    ['@a=b', 'NoCommand'],
    ['@a=b ', 'NoCommand'],
    [':source', 'NoCommand'],
    [':source   ', 'NoCommand'],
    ['@a=1 :src', 'NoCommand'],
    ['@ PING', 'BadTags'],
  ];
  for (const [line, error] of cases) {
    const r = parseMessage(line);
    assert.equal(r.ok, false, line);
    if (!r.ok) assert.equal(r.error, error, JSON.stringify(line));
  }
});

test('tag values: escapes, unknown escapes and a trailing lone backslash', () => {
  assert.equal(unescapeTagValue('a\\b'), 'ab');
  assert.equal(unescapeTagValue('ab\\'), 'ab');
  assert.equal(unescapeTagValue('\\\\\\'), '\\');
  assert.equal(unescapeTagValue('plain'), 'plain');
  assert.equal(escapeTagValue('a;b c\\d\re\nf\0'), 'a\\:b\\sc\\\\d\\re\\nf');
  assert.equal(escapeTagValue('plain'), 'plain');
  assert.ok(isValidTagName('+draft/reply'));
  assert.ok(!isValidTagName('+'));
  assert.ok(!isValidTagName('a b'));
  assert.ok(!isValidTagName('/x'));
});

test('tag section limit counts the @ and the space, in bytes', () => {
  // message-tags: 8191 bytes including '@' and ' '. '@' + 'a=' + n + ' ' = n + 4 bytes.
  const at = (n: number, ch = 'x'): string => `@a=${ch.repeat(n)} PING`;
  assert.ok(parseMessage(at(8187)).ok);
  assert.deepEqual(parseMessage(at(8188)), { ok: false, error: 'TagsTooLong' });
  assert.deepEqual(parseMessage(`@a=${'x'.repeat(9000)}`), { ok: false, error: 'TagsTooLong' });
  // 'é' is two bytes: 4093 of them make 8186 bytes of value.
  assert.ok(parseMessage(at(4093, 'é')).ok);
  assert.deepEqual(parseMessage(at(4094, 'é')), { ok: false, error: 'TagsTooLong' });
});

test('client limits match irctest testLengthLimits (4094 bytes of tag data)', () => {
  const max = `@foo=bar;+baz=${'a'.repeat(4081)} TAGMSG #test`;
  assert.equal(max.indexOf('TAGMSG'), 4096);
  assert.ok(parseMessage(max, clientMessageLimits).ok);
  const excess = `@foo=bar;+baz=${'a'.repeat(4082)} TAGMSG #test`;
  assert.deepEqual(parseMessage(excess, clientMessageLimits), { ok: false, error: 'TagsTooLong' });
  assert.ok(parseMessage(excess, messageLimits).ok);
  const maxPrivmsg = `@foo=bar;+baz=${'a'.repeat(4081)} PRIVMSG #test ${'b'.repeat(496)}`;
  assert.ok(parseMessage(maxPrivmsg, clientMessageLimits).ok);
});

test('body limit is 512 bytes with the CRLF; the partial message keeps tags and command', () => {
  const body = (n: number): string => `PRIVMSG #c :${'x'.repeat(n - 12)}`; // n bytes of body
  assert.ok(parseMessage(body(510)).ok);
  assert.ok(parseMessage(body(510) + '\r\n').ok);
  const r = parseMessage('@label=L ' + body(511));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error, 'BodyTooLong');
    assert.equal(r.partial?.command, 'PRIVMSG');
    assert.equal(r.partial?.tags.get('label'), 'L');
  }
  assert.deepEqual(parseMessage('PRIVMSG #c :' + 'é'.repeat(250)).ok, false);
  assert.deepEqual(parseMessage('PRIVMSG #c :' + 'é'.repeat(249)).ok, true);
  const lim = { tagBytes: 100, bodyBytes: 10 };
  assert.ok(parseMessage('PING 123', lim).ok);
  assert.deepEqual(parseMessage('PING 1234', lim), { ok: false, error: 'BodyTooLong', partial: msg('PING', ['1234']) });
});

test('bytes are decoded strictly; invalid UTF-8 keeps a lossy partial for FAIL ... INVALID_UTF8', () => {
  const good = new TextEncoder().encode('PRIVMSG #c :héllo\r\n');
  assert.deepEqual(ok(parseMessage(good)), msg('PRIVMSG', ['#c', 'héllo']));
  const bad = Buffer.concat([Buffer.from('@label=xyz PRIVMSG #qux hi'), Buffer.from([0xaa])]);
  const r = parseMessage(bad);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error, 'InvalidUtf8');
    assert.equal(r.partial?.command, 'PRIVMSG');
    assert.equal(r.partial?.tags.get('label'), 'xyz');
  }
  assert.equal((parseMessage(Uint8Array.of(0xff)) as { error?: string }).error, 'InvalidUtf8');
  assert.deepEqual(parseMessage(Uint8Array.of(0x40, 0xff)), { ok: false, error: 'InvalidUtf8' });
  assert.equal((parseMessage('PRIVMSG #c :\ud800') as { error?: string }).error, 'InvalidUtf8');
  // A BOM is content, not something to strip silently.
  assert.equal(ok(parseMessage(Buffer.from('\ufeffPING'))).command, '\ufeffPING');
});

test('formatLine adds the trailing colon only when needed, or when forced', () => {
  assert.equal(formatLine(undefined, 'PING', []), 'PING');
  assert.equal(formatLine('srv', 'PONG', ['srv', 'tok']), ':srv PONG srv tok');
  assert.equal(formatLine('n!u@h', 'PRIVMSG', ['#c', 'hi there']), ':n!u@h PRIVMSG #c :hi there');
  assert.equal(formatLine('n!u@h', 'PRIVMSG', ['#c', ':)']), ':n!u@h PRIVMSG #c ::)');
  assert.equal(formatLine('srv', '331', ['n', '#c', '']), ':srv 331 n #c :');
  assert.equal(formatLine('n!u@h', 'PRIVMSG', ['#c', 'hi'], undefined, true), ':n!u@h PRIVMSG #c :hi');
  assert.equal(formatLine('', 'PING', ['x']), 'PING x');
  assert.equal(formatLine(undefined, 'TAGMSG', ['#c'], { '+typing': 'active', time: 'a b' }), '@+typing=active;time=a\\sb TAGMSG #c');
  assert.equal(formatLine(undefined, 'PING', [], new Map([['bad key', 'x'], ['k', '']])), '@k PING');
  assert.equal(formatTags({}), '');
  assert.equal(formatTags(undefined), '');
  assert.throws(() => formatLine(undefined, ' \r\n', []), RangeError);
});

test('no parameter can inject a line or change the parameter count', () => {
  assert.equal(formatLine('s', 'PRIVMSG', ['#c', 'a\r\nQUIT :x\0']), ':s PRIVMSG #c :aQUIT :x');
  assert.equal(formatLine('s', 'KICK', ['#c', 'a b', 'r']), ':s KICK #c ab r');
  assert.equal(formatLine('s', 'X', ['', ':y', 'z']), ':s X * *:y z');
  assert.equal(formatLine('a b\r\n', 'X', []), ':ab X');
  const arbitrary = fc.string({ unit: 'binary', maxLength: 40 });
  fc.assert(
    fc.property(fc.option(arbitrary, { nil: undefined }), fc.array(arbitrary, { maxLength: 8 }), fc.boolean(), (source, params, force) => {
      const line = formatLine(source, 'CMD', params, undefined, force);
      assert.ok(!/[\r\n\0]/.test(line));
      const parsed = ok(parseMessage(line, { tagBytes: Infinity, bodyBytes: Infinity }));
      assert.equal(parsed.command, 'CMD');
      assert.equal(parsed.params.length, params.length);
      if (params.length > 0) assert.equal(parsed.params.at(-1), params.at(-1)!.replace(/[\r\n\0]/g, ''));
    }),
    { numRuns: 500 },
  );
});

// Generators for valid messages, for the round trip.
const noCtl = (s: string): boolean => !/[\0\r\n]/.test(s);
const text = fc.string({ unit: 'binary', maxLength: 30 }).filter(noCtl);
const middleParam = text.filter((s) => s !== '' && !s.includes(' ') && !s.startsWith(':'));
const tagName = fc
  .tuple(fc.boolean(), fc.option(fc.stringMatching(/^[a-z0-9.-]{1,8}$/), { nil: undefined }), fc.stringMatching(/^[A-Za-z0-9-]{1,10}$/))
  .map(([client, vendor, key]) => (client ? '+' : '') + (vendor === undefined ? '' : vendor + '/') + key);
const tagValue = fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\0'));
const ircMessage: fc.Arbitrary<IrcMessage> = fc
  .record({
    tags: fc.array(fc.tuple(tagName, tagValue), { maxLength: 5 }).map((pairs) => new Map(pairs)),
    source: fc.option(middleParam, { nil: undefined }),
    command: fc.oneof(fc.stringMatching(/^[A-Z]{1,10}$/), fc.stringMatching(/^[0-9]{3}$/)),
    middles: fc.array(middleParam, { maxLength: 6 }),
    trailing: fc.option(text, { nil: undefined }),
  })
  .map(({ tags, source, command, middles, trailing }) => {
    const m: IrcMessage = { tags, command, params: trailing === undefined ? middles : [...middles, trailing] };
    if (source !== undefined) m.source = source;
    return m;
  });

test('property: parse(serialize(m)) gives back m', () => {
  const unlimited = { tagBytes: Infinity, bodyBytes: Infinity };
  fc.assert(
    fc.property(ircMessage, fc.boolean(), (m, force) => {
      const line = serializeMessage(m, { forceTrailing: force });
      assert.deepEqual(ok(parseMessage(line, unlimited)), m);
      assert.deepEqual(ok(parseMessage(Buffer.from(line + '\r\n'), unlimited)), m);
    }),
    { numRuns: 1000 },
  );
});

test('property: the parser never throws on any bytes or any string', () => {
  const bytes = fc.uint8Array({ maxLength: 600 });
  const ircish = fc.array(fc.constantFrom('@', ':', ' ', ';', '=', '\\', '\r', '\n', '\0', 'a', 'P', '+', '\ud800', 'é'), { maxLength: 200 }).map((a) => a.join(''));
  const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 });
  const check = (input: string | Uint8Array): void => {
    const r = parseMessage(input);
    assert.equal(typeof r.ok, 'boolean');
    if (r.ok) assert.ok(r.msg.command.length > 0 && !r.msg.command.includes(' '));
    const small = parseMessage(input, { tagBytes: 5, bodyBytes: 8 });
    assert.equal(typeof small.ok, 'boolean');
  };
  fc.assert(fc.property(bytes, check), { numRuns: 1000 });
  fc.assert(fc.property(ircish, check), { numRuns: 1000 });
  fc.assert(fc.property(units, check), { numRuns: 500 });
});
