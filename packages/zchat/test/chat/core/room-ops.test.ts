import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/chat/config.js';
import { CoreFixture } from '../helpers/core-fixture.js';

function setup() {
  const fx = new CoreFixture();
  const { op, user: u, outsider: out } = fx.seat({ op: ['#r'], user: ['#r'], outsider: [] });
  return { fx, op, u, out };
}

test('setTopic: +t needs op, events to all members, clearing, errors', () => {
  const { fx, op, u, out } = setup();
  assert.deepEqual(fx.core.setTopic(u.user, '#r', 'mine'), { ok: false, error: 'ChanOpPrivsNeeded' });
  assert.deepEqual(fx.core.setTopic(out.user, '#r', 'x'), { ok: false, error: 'NotOnChannel' });
  assert.deepEqual(fx.core.setTopic(op.user, '#none', 'x'), { ok: false, error: 'NoSuchChannel' });
  fx.time += 10;
  assert.ok(fx.core.setTopic(op.user, '#r', 'News').ok);
  const room = fx.core.getRoom('#r')!;
  assert.equal(room.topic, 'News');
  assert.equal(room.topicSetBy, 'op');
  assert.equal(room.topicSetAt, fx.time);
  assert.equal(u.sink.of('topic')[0]!.topic, 'News');
  assert.equal(op.sink.of('topic').length, 1);
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'topicLocked', set: false }]);
  assert.ok(fx.core.setTopic(u.user, '#r', '').ok);
  assert.equal(room.topic, null);
});

test('kick: op only, events include the target, errors', () => {
  const { fx, op, u, out } = setup();
  assert.deepEqual(fx.core.kick(u.user, '#r', 'op'), { ok: false, error: 'ChanOpPrivsNeeded' });
  assert.deepEqual(fx.core.kick(out.user, '#r', 'op'), { ok: false, error: 'NotOnChannel' });
  assert.deepEqual(fx.core.kick(op.user, '#none', 'user'), { ok: false, error: 'NoSuchChannel' });
  assert.deepEqual(fx.core.kick(op.user, '#r', 'ghost'), { ok: false, error: 'NoSuchNick' });
  assert.deepEqual(fx.core.kick(op.user, '#r', 'outsider'), { ok: false, error: 'UserNotInChannel' });
  assert.ok(fx.core.kick(op.user, '#r', 'USER', 'behave').ok);
  const ev = u.sink.of('kick')[0]!;
  assert.equal(ev.target, 'user');
  assert.equal(ev.reason, 'behave');
  assert.equal(op.sink.of('kick').length, 1);
  assert.equal(u.user.rooms.size, 0);
  assert.ok(!fx.core.getRoom('#r')!.has(u.user));
});

test('invite: to target and other ops, +i needs op, errors', () => {
  const { fx, op, u, out } = setup();
  fx.core.setMemberPrivilege(op.user, '#r', 'user', 'op', true);
  op.sink.clear();
  assert.deepEqual(fx.core.invite(op.user, 'ghost', '#r'), { ok: false, error: 'NoSuchNick' });
  assert.deepEqual(fx.core.invite(op.user, 'outsider', '#none'), { ok: false, error: 'NoSuchChannel' });
  assert.deepEqual(fx.core.invite(out.user, 'op', '#r'), { ok: false, error: 'NotOnChannel' });
  assert.deepEqual(fx.core.invite(op.user, 'user', '#r'), { ok: false, error: 'AlreadyOnChannel' });
  fx.core.setAway(out.user, 'away');
  const r = fx.core.invite(op.user, 'outsider', '#r');
  assert.ok(r.ok && r.value.away === 'away');
  assert.equal(out.sink.of('invite')[0]!.target, 'outsider');
  assert.equal(u.sink.of('invite').length, 1, 'other ops hear of it (invite-notify)');
  assert.equal(op.sink.of('invite').length, 0);
  fx.core.setMemberPrivilege(op.user, '#r', 'user', 'op', false);
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'inviteOnly', set: true }]);
  assert.deepEqual(fx.core.invite(u.user, 'outsider', '#r'), { ok: false, error: 'ChanOpPrivsNeeded' });
});

test('setRoomModes: applied vs rejected, canonical params, one event, no-ops left out', () => {
  const { fx, op, u } = setup();
  assert.deepEqual(fx.core.setRoomModes(u.user, '#r', [{ mode: 'secret', set: true }]), { ok: false, error: 'ChanOpPrivsNeeded' });
  assert.deepEqual(fx.core.setRoomModes(u.user, '#r', []), { ok: true, value: { applied: [], rejected: [] } });
  const r = fx.core.setRoomModes(op.user, '#r', [
    { mode: 'secret', set: true },
    { mode: 'noExternal', set: true }, // already set: no-op
    { mode: 'key', set: true },
    { mode: 'key', set: true, param: 'a b' },
    { mode: 'key', set: true, param: 'k' },
    { mode: 'limit', set: true, param: 'ten' },
    { mode: 'limit', set: true, param: '010' },
    { mode: 'op', set: true, param: 'USER' },
    { mode: 'voice', set: true, param: 'ghost' },
    { mode: 'voice', set: true, param: 'outsider' },
    { mode: 'ban', set: true, param: 'bad' },
    { mode: 'ban', set: true, param: 'BAD!*@*' }, // duplicate under casemapping
    { mode: 'ban', set: true, param: 'x y' },
  ]);
  assert.ok(r.ok);
  assert.deepEqual(r.value.applied, [
    { mode: 'secret', set: true },
    { mode: 'key', set: true, param: 'k' },
    { mode: 'limit', set: true, param: '10' },
    { mode: 'op', set: true, param: 'user' },
    { mode: 'ban', set: true, param: 'bad!*@*' },
  ]);
  assert.deepEqual(r.value.rejected.map((x) => x.error), ['NeedMoreParams', 'InvalidModeParam', 'InvalidModeParam', 'NoSuchNick', 'UserNotInChannel', 'InvalidModeParam']);
  assert.equal(u.sink.of('mode').length, 1);
  assert.equal(u.sink.of('mode')[0]!.changes.length, 5);
  const room = fx.core.getRoom('#r')!;
  assert.deepEqual({ ...room.modes }, { inviteOnly: false, moderated: false, noExternal: true, topicLocked: true, secret: true, noCtcp: false, key: 'k', limit: 10 });
  assert.deepEqual([...room.privileges(u.user)!], ['op']);
  const lm = fx.core.listMasks('#r', 'ban');
  assert.ok(lm.ok && lm.value[0]!.mask === 'bad!*@*' && lm.value[0]!.setBy === 'op');
  assert.deepEqual(fx.core.listMasks('#none', 'ban'), { ok: false, error: 'NoSuchChannel' });
  const off = fx.core.setRoomModes(op.user, '#r', [{ mode: 'key', set: false }, { mode: 'limit', set: false }, { mode: 'ban', set: false, param: 'bad' }, { mode: 'ban', set: false, param: 'never' }]);
  assert.ok(off.ok);
  assert.equal(off.value.applied.length, 3);
  assert.equal(room.modes.key, null);
  assert.equal(room.lists.ban.length, 0);
  assert.deepEqual(fx.core.setRoomModes(op.user, '#none', []), { ok: false, error: 'NoSuchChannel' });
});

test('multi-prefix: op and voice kept side by side', () => {
  const { fx, op, u } = setup();
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'op', set: true, param: 'user' }, { mode: 'voice', set: true, param: 'user' }]);
  assert.deepEqual([...fx.core.getRoom('#r')!.privileges(u.user)!].sort(), ['op', 'voice']);
});

test('ban list is bounded by limits.listEntries (default 100)', () => {
  const { fx, op } = setup();
  const max = defaultConfig.limits.listEntries;
  assert.equal(max, 100);
  const changes = Array.from({ length: max + 1 }, (_, i) => ({ mode: 'ban' as const, set: true, param: `n${i}` }));
  const r = fx.core.setRoomModes(op.user, '#r', changes);
  assert.ok(r.ok);
  assert.equal(r.value.applied.length, max);
  assert.deepEqual(r.value.rejected.map((x) => x.error), ['BanListFull']);
});

test('a lowered limits.listEntries bounds each of the ban, except and invex lists on its own', () => {
  const fx = new CoreFixture({ limits: { listEntries: 2 } });
  const op = fx.add('op');
  fx.join(op, '#r');
  for (const mode of ['ban', 'except', 'invex'] as const) {
    const changes = ['a!*@*', 'b!*@*', 'c!*@*'].map((param) => ({ mode, set: true, param }));
    const r = fx.core.setRoomModes(op.user, '#r', changes);
    assert.ok(r.ok);
    assert.deepEqual(r.value.applied.map((c) => c.param), ['a!*@*', 'b!*@*'], mode);
    assert.deepEqual(r.value.rejected.map((x) => x.error), ['BanListFull'], mode);
  }
  // Removing one makes room for another.
  const r = fx.core.setRoomModes(op.user, '#r', [{ mode: 'ban', set: false, param: 'a!*@*' }, { mode: 'ban', set: true, param: 'c!*@*' }]);
  assert.ok(r.ok);
  assert.equal(r.value.applied.length, 2);
  assert.deepEqual(fx.core.getRoom('#r')!.lists.ban.map((e) => e.mask), ['b!*@*', 'c!*@*']);
});

test('setUserModes: own modes only, oper only removable', () => {
  const { fx, u } = setup();
  assert.deepEqual(fx.core.setUserModes(u.user, 'op', [{ flag: 'invisible', set: true }]), { ok: false, error: 'UsersDontMatch' });
  assert.deepEqual(fx.core.setUserModes(u.user, 'ghost', []), { ok: false, error: 'NoSuchNick' });
  const r = fx.core.setUserModes(u.user, 'user', [{ flag: 'invisible', set: true }, { flag: 'oper', set: true }, { flag: 'invisible', set: true }]);
  assert.deepEqual(r, { ok: true, value: { applied: [{ flag: 'invisible', set: true }] } });
  assert.ok(!u.user.flags.has('oper'));
  assert.equal(u.sink.of('userMode').length, 1);
  fx.core.grantOper(u.user);
  fx.core.setUserModes(u.user, 'user', [{ flag: 'oper', set: false }]);
  assert.ok(!u.user.flags.has('oper'));
});

test('mutes (m:<mask> on the ban list): the user may join but not speak unless voiced or excepted with m:', () => {
  const { fx, op, u, out } = setup();
  const say = (who: typeof u) => fx.core.message(who.user, '#r', 'privmsg', 'hi');
  const r = fx.core.setRoomModes(op.user, '#r', [{ mode: 'ban', set: true, param: 'm:USER' }]);
  assert.ok(r.ok);
  assert.deepEqual(r.value.applied.map((c) => c.param), ['m:USER!*@*'], 'the mask after m: is completed');
  assert.deepEqual(say(u), { ok: false, error: 'CannotSendToChan' });
  assert.ok(say(op).ok, 'a mute matches only its mask');
  // A mute is not a ban: joining still works.
  assert.ok(fx.core.join(out.user, '#r').ok);
  fx.core.setMemberPrivilege(op.user, '#r', 'user', 'voice', true);
  assert.ok(say(u).ok, 'voice overrides a mute');
  fx.core.setMemberPrivilege(op.user, '#r', 'user', 'voice', false);
  assert.deepEqual(say(u), { ok: false, error: 'CannotSendToChan' });
  // A plain exception does not lift a mute; an m: exception does.
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'except', set: true, param: 'user!*@*' }]);
  assert.deepEqual(say(u), { ok: false, error: 'CannotSendToChan' });
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'except', set: true, param: 'm:*!*@*' }]);
  assert.ok(say(u).ok);
  fx.core.setRoomModes(op.user, '#r', [{ mode: 'except', set: false, param: 'm:*!*@*' }, { mode: 'ban', set: false, param: 'm:user!*@*' }]);
  assert.equal(fx.core.getRoom('#r')!.lists.ban.length, 0, 'removal compares casefolded');
  assert.ok(say(u).ok);
  // Meaningless on the invite-exception list, and an empty mask after m: is invalid.
  const bad = fx.core.setRoomModes(op.user, '#r', [{ mode: 'invex', set: true, param: 'm:x' }, { mode: 'ban', set: true, param: 'm:' }]);
  assert.ok(bad.ok);
  assert.deepEqual(bad.value.rejected.map((x) => x.error), ['InvalidModeParam', 'InvalidModeParam']);
});

test('+C (noCtcp): CTCP to the room is refused, ACTION and plain text pass, private CTCP unaffected', () => {
  const fx = new CoreFixture();
  const op = fx.add('op');
  const u = fx.add('user');
  fx.join(op, '#c');
  fx.join(u, '#c');
  assert.ok(fx.core.message(u.user, '#c', 'privmsg', '\x01PING 1\x01').ok, 'allowed before +C');
  const set = fx.core.setRoomModes(op.user, '#c', [{ mode: 'noCtcp', set: true }]);
  assert.ok(set.ok);
  assert.deepEqual(set.value.applied, [{ mode: 'noCtcp', set: true }]);
  assert.equal(fx.core.getRoom('#c')!.modes.noCtcp, true);
  op.sink.clear();
  assert.deepEqual(fx.core.message(u.user, '#c', 'privmsg', '\x01PING 1\x01'), { ok: false, error: 'CannotSendToChan' });
  assert.deepEqual(fx.core.message(u.user, '#c', 'notice', '\x01VERSION x\x01'), { ok: false, error: 'CannotSendToChan' });
  assert.deepEqual(fx.core.message(op.user, '#c', 'privmsg', '\x01TIME\x01'), { ok: false, error: 'CannotSendToChan' }, 'operators too');
  assert.equal(op.sink.of('message').length, 0);
  assert.ok(fx.core.message(u.user, '#c', 'action', 'waves').ok);
  assert.ok(fx.core.message(u.user, '#c', 'privmsg', 'hi \x01 there').ok, 'only a leading \\x01 makes a CTCP');
  assert.ok(fx.core.message(u.user, 'op', 'privmsg', '\x01PING 2\x01').ok, 'private messages are not the room');
  assert.equal(op.sink.of('message').length, 3);
  assert.equal(fx.core.setRoomModes(u.user, '#c', [{ mode: 'noCtcp', set: false }]).ok, false, 'needs op');
  assert.ok(fx.core.setRoomModes(op.user, '#c', [{ mode: 'noCtcp', set: false }]).ok);
  assert.ok(fx.core.message(u.user, '#c', 'privmsg', '\x01PING 3\x01').ok);
});
