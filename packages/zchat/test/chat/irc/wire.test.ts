// Core events as IRC lines, per wire variant: tags by cap, extended-join, CTCP ACTION, STATUSMSG, modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../../src/chat/core/users.js';
import type { ChatEvent, WireCache } from '../../../src/chat/core/events.js';
import { wireFor } from '../../../src/chat/core/events.js';
import { eventLines, serializeEvent, variantFor, wireBits, wireVariants } from '../../../src/chat/irc/wire.js';

const actor: Actor = Object.freeze({
  id: 'n:7', nick: 'amy', username: 'amy', host: 'h', realname: 'Amy A', account: 'acct', protocol: 'plain', mask: 'amy!amy@h', isServer: false,
});
const base = { id: 'mid1', time: Date.UTC(2024, 0, 2, 3, 4, 5, 6), actor };
const ALL = wireBits['message-tags'] | wireBits['server-time'] | wireBits['account-tag'];

function msg(extra: Partial<Extract<ChatEvent, { kind: 'message' }>>): ChatEvent {
  return { ...base, kind: 'message', messageKind: 'privmsg', target: '#c', room: '#c', text: 'hi there', statusPrefix: null, clientTags: null, ...extra };
}

test('variants: one key per set of tag-related caps', () => {
  assert.equal(variantFor(new Set()), 'irc:0');
  assert.equal(variantFor(new Set(['echo-message', 'multi-prefix'])), 'irc:0');
  assert.equal(variantFor(new Set(['message-tags', 'server-time', 'account-tag', 'extended-join'])), 'irc:15');
  assert.equal(new Set(wireVariants).size, 16);
});

test('messages: tags by variant, client tags only with message-tags, ACTION, NOTICE, TAGMSG, STATUSMSG', () => {
  assert.deepEqual(eventLines(msg({}), 0), [':amy!amy@h PRIVMSG #c :hi there']);
  assert.deepEqual(eventLines(msg({ clientTags: { '+x': 'y' } }), ALL), ['@time=2024-01-02T03:04:05.006Z;msgid=mid1;+x=y;account=acct :amy!amy@h PRIVMSG #c :hi there']);
  assert.deepEqual(eventLines(msg({ clientTags: { '+x': 'y' } }), wireBits['server-time']), ['@time=2024-01-02T03:04:05.006Z :amy!amy@h PRIVMSG #c :hi there']);
  assert.deepEqual(eventLines(msg({ messageKind: 'action', text: 'waves' }), 0), [':amy!amy@h PRIVMSG #c :\x01ACTION waves\x01']);
  assert.deepEqual(eventLines(msg({ messageKind: 'notice' }), 0), [':amy!amy@h NOTICE #c :hi there']);
  assert.deepEqual(eventLines(msg({ messageKind: 'tagmsg', text: '' }), 0), [':amy!amy@h TAGMSG #c']);
  assert.deepEqual(eventLines(msg({ statusPrefix: 'op' }), 0), [':amy!amy@h PRIVMSG @#c :hi there']);
});

test('membership and state events', () => {
  const lines = (e: Partial<ChatEvent> & { kind: ChatEvent['kind'] }, bits = 0): string[] => eventLines({ ...base, ...e } as ChatEvent, bits);
  assert.deepEqual(lines({ kind: 'join', room: '#c' }), [':amy!amy@h JOIN #c']);
  assert.deepEqual(lines({ kind: 'join', room: '#c' }, wireBits['extended-join']), [':amy!amy@h JOIN #c acct :Amy A']);
  assert.deepEqual(lines({ kind: 'part', room: '#c', reason: null }), [':amy!amy@h PART #c']);
  assert.deepEqual(lines({ kind: 'part', room: '#c', reason: 'bye now' }), [':amy!amy@h PART #c :bye now']);
  assert.deepEqual(lines({ kind: 'quit', reason: 'Quit' }), [':amy!amy@h QUIT :Quit']);
  assert.deepEqual(lines({ kind: 'nick', newNick: 'amelia' }), [':amy!amy@h NICK amelia']);
  assert.deepEqual(lines({ kind: 'topic', room: '#c', topic: null }), [':amy!amy@h TOPIC #c :']);
  assert.deepEqual(lines({ kind: 'kick', room: '#c', target: 'bob', reason: null }), [':amy!amy@h KICK #c bob :amy']);
  assert.deepEqual(lines({ kind: 'away', away: null }), [':amy!amy@h AWAY']);
  assert.deepEqual(lines({ kind: 'away', away: 'out' }), [':amy!amy@h AWAY :out']);
  assert.deepEqual(lines({ kind: 'invite', room: '#c', target: 'bob' }), [':amy!amy@h INVITE bob #c']);
  assert.deepEqual(lines({ kind: 'setname', realname: 'New Name' }), [':amy!amy@h SETNAME :New Name']);
  assert.deepEqual(lines({ kind: 'kill', target: 'bob', reason: 'spam' }), [':amy!amy@h KILL bob :spam']);
  assert.deepEqual(lines({ kind: 'wallops', text: 'hey' }), [':amy!amy@h WALLOPS :hey']);
  assert.deepEqual(lines({ kind: 'userMode', target: 'amy', changes: [{ flag: 'invisible', set: true }, { flag: 'bot', set: true }, { flag: 'oper', set: false }] }), [':amy!amy@h MODE amy +iB-o']);
  const modes = lines({ kind: 'mode', room: '#c', changes: [
    { mode: 'op', set: true, param: 'a' }, { mode: 'voice', set: true, param: 'b' }, { mode: 'ban', set: true, param: 'x!*@*' },
    { mode: 'except', set: true, param: 'y!*@*' }, { mode: 'limit', set: false }, { mode: 'key', set: false, param: '*' }, { mode: 'invex', set: true, param: 'z!*@*' },
  ] });
  assert.deepEqual(modes, [':amy!amy@h MODE #c +ovbe-l a b x!*@* y!*@*', ':amy!amy@h MODE #c -k+I * z!*@*']);
});

test('serializeEvent gives CRLF-terminated bytes, cached once per variant by wireFor', () => {
  const e = msg({});
  let calls = 0;
  const counting = (ev: ChatEvent, v: string): Uint8Array => {
    calls++;
    return serializeEvent(ev, v);
  };
  const cache: WireCache = new Map();
  const a = wireFor(e, cache, 'irc:0', counting);
  const b = wireFor(e, cache, 'irc:0', counting);
  wireFor(e, cache, 'irc:2', counting);
  assert.equal(a, b);
  assert.equal(calls, 2);
  assert.equal(new TextDecoder().decode(a), ':amy!amy@h PRIVMSG #c :hi there\r\n');
});
