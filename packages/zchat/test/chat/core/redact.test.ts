import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rememberMessage } from '../../../src/chat/core/redact-ops.js';
import type { ChatUser } from '../../../src/chat/core/users.js';
import { CoreFixture } from '../helpers/core-fixture.js';

function setup(recentMessages = 100) {
  const fx = new CoreFixture({ limits: { recentMessages } });
  const { op, user: u, other: v, outsider: out } = fx.seat({ op: ['#r'], user: ['#r'], other: ['#r'], outsider: [] });
  return { fx, op, u, v, out };
}

function send(fx: CoreFixture, from: { user: ChatUser }, target: string, text: string): string {
  const r = fx.core.message(from.user, target, 'privmsg', text);
  assert.ok(r.ok);
  return r.value.event.id;
}

test('redact in a room: own message, an op any; one event to every member; an id only once', () => {
  const { fx, op, u, v, out } = setup();
  const mine = send(fx, u, '#r', 'oops');
  const theirs = send(fx, v, '#r', 'rude');
  assert.deepEqual(fx.core.redact(u.user, '#r', theirs), { ok: false, error: 'RedactForbidden' });
  const r = fx.core.redact(u.user, '#R', mine, 'typo');
  assert.ok(r.ok);
  for (const t of [op, u, v]) {
    const evs = t.sink.of('redact');
    assert.equal(evs.length, 1);
    assert.deepEqual([evs[0]!.target, evs[0]!.room, evs[0]!.msgid, evs[0]!.reason, evs[0]!.actor.nick], ['#r', '#r', mine, 'typo', 'user']);
  }
  assert.equal(out.sink.events.length, 0);
  assert.deepEqual(fx.core.redact(u.user, '#r', mine), { ok: false, error: 'UnknownMsgid' }, 'already redacted');
  assert.ok(fx.core.redact(op.user, '#r', theirs).ok, 'an op may redact anyone');
  assert.equal(v.sink.of('redact')[1]!.reason, null);
  assert.deepEqual(fx.core.redact(u.user, '#r', 'nonexistent'), { ok: false, error: 'UnknownMsgid' });
  assert.deepEqual(fx.core.redact(out.user, '#r', 'x'), { ok: false, error: 'NotOnChannel' });
  assert.deepEqual(fx.core.redact(u.user, '#none', 'x'), { ok: false, error: 'NoSuchChannel' });
});

test('redact in private: only the sender, both sides told; nick changes do not matter', () => {
  const { fx, u, v, out } = setup();
  const id = send(fx, u, 'other', 'psst');
  assert.deepEqual(fx.core.redact(v.user, 'user', id), { ok: false, error: 'RedactForbidden' }, 'the recipient may not');
  assert.deepEqual(fx.core.redact(out.user, 'other', id), { ok: false, error: 'UnknownMsgid' });
  assert.deepEqual(fx.core.redact(u.user, 'nobody', id), { ok: false, error: 'NoSuchNick' });
  assert.deepEqual(fx.core.redact(u.user, '#r', id), { ok: false, error: 'UnknownMsgid' }, 'not a room message');
  assert.ok(fx.core.changeNick(v.user, 'renamed').ok);
  u.sink.clear();
  v.sink.clear();
  assert.ok(fx.core.redact(u.user, 'RENAMED', id).ok);
  for (const t of [u, v]) assert.deepEqual(t.sink.of('redact').map((e) => [e.target, e.room, e.msgid]), [['renamed', null, id]]);
});

test('only the last limits.recentMessages ids are kept, per room and per sender', () => {
  const { fx, u, v } = setup(2);
  const ids = [send(fx, u, '#r', 'a'), send(fx, v, '#r', 'b'), send(fx, u, '#r', 'c')];
  assert.deepEqual(fx.core.redact(u.user, '#r', ids[0]!), { ok: false, error: 'UnknownMsgid' }, 'forgotten');
  assert.ok(fx.core.redact(u.user, '#r', ids[2]!).ok);
  assert.equal(fx.core.getRoom('#r')!.recentMessages.size, 1);
  const priv = [send(fx, u, 'other', '1'), send(fx, u, 'other', '2'), send(fx, u, 'other', '3')];
  assert.deepEqual(fx.core.redact(u.user, 'other', priv[0]!), { ok: false, error: 'UnknownMsgid' });
  assert.ok(fx.core.redact(u.user, 'other', priv[1]!).ok);
  assert.equal(u.user.sentPrivate.size, 1);
});

test('rememberMessage keeps insertion order and drops the oldest at the limit', () => {
  const m = new Map<string, number>();
  for (let i = 0; i < 5; i++) rememberMessage(m, `id${i}`, i, 3);
  assert.deepEqual([...m.keys()], ['id2', 'id3', 'id4']);
});
