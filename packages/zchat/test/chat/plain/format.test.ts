/* eslint-disable no-control-regex -- these tests look for the ANSI colour sequences themselves */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatEvent } from '../../../src/chat/core/events.js';
import { serverActor } from '../../../src/chat/core/users.js';
import type { Actor } from '../../../src/chat/core/users.js';
import { errorText, formatEvent, plainViews, serializePlain, viewIndex } from '../../../src/chat/plain/format.js';
import { parseLine, stripControls } from '../../../src/chat/plain/parse.js';
import type { ChatError } from '../../../src/chat/core/results.js';

const actor: Actor = { id: 'n:7', nick: 'alice', username: 'alice', host: 'h', realname: 'A', account: null, protocol: 'irc', mask: 'alice!alice@h', isServer: false };
const base = { id: 'x', time: 0, actor };
const plain = plainViews[0]!;
const other = plainViews[viewIndex(false, true, false)]!;

function msg(text: string, room: string | null, messageKind: 'privmsg' | 'notice' | 'action' = 'privmsg'): ChatEvent {
  return { ...base, kind: 'message', messageKind, target: room ?? 'bob', room, text, statusPrefix: null, clientTags: null };
}

test('messages: room, other room, action, notice, private, outgoing echo', () => {
  assert.equal(formatEvent(msg('hi', '#r'), plain), 'alice: hi');
  assert.equal(formatEvent(msg('hi', '#r'), other), '[#r] alice: hi');
  assert.equal(formatEvent(msg('waves', '#r', 'action'), plain), '* alice waves');
  assert.equal(formatEvent(msg('psst', '#r', 'notice'), plain), '[notice] alice: psst');
  assert.equal(formatEvent(msg('psst', null), plain), '[private] alice: psst');
  assert.equal(formatEvent(msg('nods', null, 'action'), plain), '[private] * alice nods');
  assert.equal(formatEvent(msg('n', null, 'notice'), plain), '[private notice] alice: n');
  assert.equal(formatEvent(msg('psst', null), plainViews[viewIndex(false, false, true)]!), '[to bob] alice: psst');
  assert.equal(formatEvent(msg('\x02bold\x02 \x0304red', '#r'), plain), 'alice: bold red', 'IRC formatting codes are stripped with their digits');
});

test('membership and state events', () => {
  assert.equal(formatEvent({ ...base, kind: 'join', room: '#r' }, plain), 'alice has joined.');
  assert.equal(formatEvent({ ...base, kind: 'join', room: '#r' }, other), '[#r] alice has joined.');
  assert.equal(formatEvent({ ...base, kind: 'part', room: '#r', reason: null }, plain), 'alice has left.');
  assert.equal(formatEvent({ ...base, kind: 'quit', reason: 'Ping timeout' }, plain), 'alice has left (Ping timeout).');
  assert.equal(formatEvent({ ...base, kind: 'nick', newNick: 'al' }, plain), 'alice is now known as al.');
  assert.equal(formatEvent({ ...base, kind: 'topic', room: '#r', topic: 'T' }, plain), 'alice set the topic of #r: T');
  assert.equal(formatEvent({ ...base, kind: 'topic', room: '#r', topic: null }, plain), 'alice cleared the topic of #r.');
  assert.equal(formatEvent({ ...base, kind: 'kick', room: '#r', target: 'bob', reason: 'x' }, plain), 'bob was kicked from #r by alice (x).');
  assert.equal(formatEvent({ ...base, kind: 'mode', room: '#r', changes: [{ mode: 'op', set: true, param: 'bob' }, { mode: 'key', set: true, param: 'k' }] }, plain),
    'alice changed #r: bob is now an operator; joining needs a key.');
  assert.equal(formatEvent({ ...base, kind: 'mode', room: '#r', changes: [{ mode: 'inviteOnly', set: true }] }, other), '[#r] alice changed #r: joining needs an invitation.');
  assert.equal(formatEvent({ ...base, kind: 'invite', room: '#r', target: 'bob' }, plain), 'alice invites you to #r (type /join #r).');
  assert.equal(formatEvent({ ...base, actor: serverActor('s'), kind: 'system', text: 'bye' }, plain), '*** bye');
  assert.equal(formatEvent({ ...base, kind: 'away', away: 'x' }, plain), null);
});

test('colour only when asked, and then names are coloured', () => {
  const colored = formatEvent(msg('hi', '#r'), plainViews[viewIndex(true, false, false)]!)!;
  assert.match(colored, /\x1b\[1;3\dmalice\x1b\[0m: hi/);
  assert.equal(serializePlain(msg('hi', '#r'), 'plain0').length, 'alice: hi\r\n'.length);
  assert.equal(serializePlain({ ...base, kind: 'away', away: null }, 'plain0').length, 0);
});

test('every ChatError has words', () => {
  const errors: ChatError[] = ['NoSuchNick', 'NoSuchChannel', 'CannotSendToChan', 'TooManyChannels', 'WasNoSuchNick', 'NoTextToSend',
    'NoNicknameGiven', 'ErroneousNick', 'NickInUse', 'UserNotInChannel', 'NotOnChannel', 'AlreadyOnChannel', 'NotRegistered',
    'NeedMoreParams', 'AlreadyRegistered', 'KeySet', 'ChannelIsFull', 'InviteOnly', 'Banned', 'BadChannelKey', 'BanListFull',
    'NoPrivileges', 'ChanOpPrivsNeeded', 'UsersDontMatch', 'InvalidModeParam'];
  for (const e of errors) assert.ok(errorText(e, 'x').length > 5, e);
});

test('property: formatted lines never carry control characters or line breaks without colour', () => {
  fc.assert(fc.property(fc.string({ maxLength: 100 }), fc.constantFrom<'privmsg' | 'notice' | 'action'>('privmsg', 'notice', 'action'), fc.boolean(), (text, kind, inRoom) => {
    const line = formatEvent(msg(text, inRoom ? '#r' : null, kind), plain)!;
    return stripControls(line) === line && !line.includes('\r') && !line.includes('\n');
  }));
});

test('property: format then parse gives the formatted line back (what a plain client reads)', () => {
  fc.assert(fc.property(fc.string({ maxLength: 100 }), (text) => {
    const line = formatEvent(msg(text, '#r'), plain)!;
    const r = parseLine(new TextEncoder().encode(`${line}\r`), 10_000);
    return r.ok && r.line.kind === 'text' && r.line.text === line;
  }));
});
