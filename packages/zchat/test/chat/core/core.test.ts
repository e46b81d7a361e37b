import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreFixture } from '../helpers/core-fixture.js';

test('register: name rules, collisions across protocols, reserved names', () => {
  const fx = new CoreFixture();
  const a = fx.add('Alice');
  const b = fx.connect('127.0.0.2', 'irc');
  assert.deepEqual(fx.core.register(b.user, 'alice'), { ok: false, error: 'NickInUse' });
  assert.deepEqual(fx.core.register(b.user, 'ALICE'), { ok: false, error: 'NickInUse' });
  assert.deepEqual(fx.core.register(b.user, '9x'), { ok: false, error: 'ErroneousNick' });
  assert.deepEqual(fx.core.register(b.user, 'NickServ'), { ok: false, error: 'ErroneousNick' });
  assert.deepEqual(fx.core.register(b.user, 'zchat.local'), { ok: false, error: 'ErroneousNick' });
  assert.deepEqual(fx.core.register(b.user, ''), { ok: false, error: 'NoNicknameGiven' });
  assert.deepEqual(fx.core.register(b.user), { ok: false, error: 'NoNicknameGiven' });
  assert.equal(b.user.registered, false);
  assert.ok(fx.core.register(b.user, 'bob').ok);
  assert.deepEqual(fx.core.register(b.user, 'bob2'), { ok: false, error: 'AlreadyRegistered' });
  assert.equal(b.user.signonTime, fx.time);
  assert.equal(fx.core.findUser('BOB'), b.user);
  assert.equal(a.user.mask, 'Alice!Alice@127.0.0.1');
});

test('IRC style: claim a nick before registering, then register', () => {
  const fx = new CoreFixture();
  const u = fx.connect('10.0.0.1', 'irc');
  assert.ok(fx.core.changeNick(u.user, 'early').ok);
  u.user.username = 'ident';
  u.user.realname = 'Early Bird';
  u.user.invalidateActor();
  const other = fx.connect();
  assert.deepEqual(fx.core.register(other.user, 'Early'), { ok: false, error: 'NickInUse' });
  assert.ok(fx.core.register(u.user).ok);
  assert.equal(u.user.mask, 'early!ident@10.0.0.1');
  assert.equal(u.sink.events.length, 0);
});

test('changeNick: event to peers once and to self; case change; whowas; errors', () => {
  const fx = new CoreFixture();
  const { alice: a, bob: b, carol: c } = fx.seat({ alice: ['#one', '#two'], bob: ['#one', '#two'], carol: [] });
  assert.deepEqual(fx.core.changeNick(a.user, 'bob'), { ok: false, error: 'NickInUse' });
  assert.deepEqual(fx.core.changeNick(a.user, 'a b'), { ok: false, error: 'ErroneousNick' });
  assert.deepEqual(fx.core.changeNick(a.user, 'alice'), { ok: true, value: { changed: false } });
  assert.ok(fx.core.changeNick(a.user, 'Alicia').ok);
  assert.equal(b.sink.of('nick').length, 1, 'deduplicated across shared rooms');
  assert.equal(a.sink.of('nick').length, 1, 'the actor sees its own change');
  assert.equal(c.sink.events.length, 0, 'no shared room, no event');
  const ev = b.sink.of('nick')[0]!;
  assert.equal(ev.actor.nick, 'alice');
  assert.equal(ev.newNick, 'Alicia');
  assert.equal(ev, a.sink.of('nick')[0], 'one shared event object');
  assert.equal(fx.core.findUser('alice'), undefined);
  assert.equal(fx.core.findUser('alicia'), a.user);
  assert.ok(fx.core.changeNick(a.user, 'ALICIA').ok, 'case-only change of own nick');
  assert.equal(a.user.nick, 'ALICIA');
  const was = fx.core.whowas('alice');
  assert.ok(was.ok && was.value[0]!.nick === 'alice');
  // The freed nick is available again.
  const d = fx.connect();
  assert.ok(fx.core.register(d.user, 'alice').ok);
});

test('join: creation makes op, events to all members, default topic, errors', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  const pre = fx.connect();
  assert.deepEqual(fx.core.join(pre.user, '#x'), { ok: false, error: 'NotRegistered' });
  assert.deepEqual(fx.core.join(a.user, 'nohash'), { ok: false, error: 'NoSuchChannel' });
  const r = fx.core.join(a.user, '#Lobby');
  assert.ok(r.ok && r.value.created);
  const room = fx.core.getRoom('#lobby')!;
  assert.equal(room.name, '#Lobby');
  assert.equal(room.topic, 'Say hello.', 'topics config is keyed #lobby; #Lobby folds to it');
  assert.ok(room.isOp(a.user));
  assert.equal(a.sink.of('join').length, 1);
  const r2 = fx.core.join(b.user, '#LOBBY');
  assert.ok(r2.ok && !r2.value.created);
  assert.ok(!room.isOp(b.user));
  assert.equal(a.sink.of('join').length, 2);
  assert.equal(b.sink.of('join').length, 1);
  assert.deepEqual(fx.core.join(b.user, '#lobby'), { ok: false, error: 'AlreadyOnChannel' });
});

test('join: default topic from config', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  fx.join(a, '#lobby');
  const room = fx.core.getRoom('#lobby')!;
  assert.equal(room.topic, 'Say hello.');
  assert.equal(room.topicSetBy, 'zchat.local');
});

test('join: TooManyChannels', () => {
  const fx = new CoreFixture({ limits: { maxRoomsPerUser: 2 } });
  const a = fx.add('alice');
  fx.join(a, '#a');
  fx.join(a, '#b');
  assert.deepEqual(fx.core.join(a.user, '#c'), { ok: false, error: 'TooManyChannels' });
});

test('join: key, limit, invite-only, bans, exceptions, invex, invitations', () => {
  const fx = new CoreFixture();
  const op = fx.add('op');
  const u = fx.add('user');
  fx.join(op, '#r');
  const mode = (mode: Parameters<typeof fx.core.setRoomModes>[2][number]) => assert.ok(fx.core.setRoomModes(op.user, '#r', [mode]).ok);
  mode({ mode: 'key', set: true, param: 'sesame' });
  assert.deepEqual(fx.core.join(u.user, '#r'), { ok: false, error: 'BadChannelKey' });
  assert.deepEqual(fx.core.join(u.user, '#r', 'wrong'), { ok: false, error: 'BadChannelKey' });
  assert.ok(fx.core.join(u.user, '#r', 'sesame').ok);
  fx.core.part(u.user, '#r');
  mode({ mode: 'key', set: false });
  mode({ mode: 'limit', set: true, param: '1' });
  assert.deepEqual(fx.core.join(u.user, '#r'), { ok: false, error: 'ChannelIsFull' });
  mode({ mode: 'limit', set: false });
  mode({ mode: 'inviteOnly', set: true });
  assert.deepEqual(fx.core.join(u.user, '#r'), { ok: false, error: 'InviteOnly' });
  mode({ mode: 'invex', set: true, param: 'user' });
  assert.ok(fx.core.join(u.user, '#r').ok, 'invex lets the user in');
  fx.core.part(u.user, '#r');
  mode({ mode: 'invex', set: false, param: 'user!*@*' });
  assert.ok(fx.core.invite(op.user, 'user', '#r').ok);
  assert.ok(fx.core.join(u.user, '#r').ok, 'invitation lets the user in');
  fx.core.part(u.user, '#r');
  assert.deepEqual(fx.core.join(u.user, '#r'), { ok: false, error: 'InviteOnly' }, 'invitation used up');
  mode({ mode: 'inviteOnly', set: false });
  mode({ mode: 'ban', set: true, param: 'USER!*@127.*' });
  assert.deepEqual(fx.core.join(u.user, '#r'), { ok: false, error: 'Banned' });
  mode({ mode: 'except', set: true, param: '*!*@127.0.0.1' });
  assert.ok(fx.core.join(u.user, '#r').ok, 'ban exception');
});

test('part: events, room vanishes when empty, errors', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  fx.join(a, '#r');
  fx.join(b, '#r');
  assert.deepEqual(fx.core.part(a.user, '#nope'), { ok: false, error: 'NoSuchChannel' });
  const c = fx.add('carol');
  assert.deepEqual(fx.core.part(c.user, '#r'), { ok: false, error: 'NotOnChannel' });
  a.sink.clear();
  b.sink.clear();
  assert.ok(fx.core.part(b.user, '#R', 'bye\r\nnow').ok);
  assert.equal(a.sink.of('part')[0]!.reason, 'bye  now');
  assert.equal(b.sink.of('part').length, 1, 'the parting user is told');
  assert.equal(b.user.rooms.size, 0);
  fx.core.part(a.user, '#r');
  assert.equal(fx.core.getRoom('#r'), undefined);
});

test('message to a room: others only, echo on request, shared event, moderation rules', () => {
  const fx = new CoreFixture();
  const { alice: a, bob: b, carol: c, dave: outsider } = fx.seat({ alice: ['#r'], bob: ['#r'], carol: ['#r'], dave: [] });
  fx.time += 5;
  const r = fx.core.message(b.user, '#R', 'privmsg', 'hi');
  assert.ok(r.ok);
  assert.equal(a.sink.events.length, 1);
  assert.equal(c.sink.events.length, 1);
  assert.equal(b.sink.events.length, 0);
  assert.equal(a.sink.events[0], c.sink.events[0]);
  const ev = a.sink.of('message')[0]!;
  assert.equal(ev.text, 'hi');
  assert.equal(ev.room, '#r');
  assert.equal(ev.actor.nick, 'bob');
  assert.equal(ev.time, fx.time);
  assert.equal(b.user.lastActivity, fx.time);
  b.user.echo = true;
  fx.core.message(b.user, '#r', 'action', 'waves');
  assert.equal(b.sink.of('message')[0]!.messageKind, 'action');
  assert.notEqual(a.sink.of('message')[0]!.id, a.sink.of('message')[1]!.id);
  assert.deepEqual(fx.core.message(b.user, '#r', 'privmsg', ''), { ok: false, error: 'NoTextToSend' });
  assert.deepEqual(fx.core.message(b.user, '#none', 'privmsg', 'x'), { ok: false, error: 'NoSuchChannel' });
  assert.deepEqual(fx.core.message(outsider.user, '#r', 'privmsg', 'x'), { ok: false, error: 'CannotSendToChan' }, '+n');
  assert.ok(fx.core.setRoomModes(a.user, '#r', [{ mode: 'noExternal', set: false }, { mode: 'moderated', set: true }]).ok);
  assert.deepEqual(fx.core.message(outsider.user, '#r', 'privmsg', 'x'), { ok: false, error: 'CannotSendToChan' }, '+m');
  assert.deepEqual(fx.core.message(c.user, '#r', 'privmsg', 'x'), { ok: false, error: 'CannotSendToChan' }, '+m');
  assert.ok(fx.core.setMemberPrivilege(a.user, '#r', 'carol', 'voice', true).ok);
  assert.ok(fx.core.message(c.user, '#r', 'privmsg', 'voiced').ok);
  assert.ok(fx.core.setRoomModes(a.user, '#r', [{ mode: 'moderated', set: false }]).ok);
  assert.ok(fx.core.addBan(a.user, '#r', 'bob').ok);
  assert.deepEqual(fx.core.message(b.user, '#r', 'privmsg', 'x'), { ok: false, error: 'CannotSendToChan' }, 'banned member');
  assert.ok(fx.core.removeBan(a.user, '#r', 'bob!*@*').ok);
  assert.ok(fx.core.message(b.user, '#r', 'privmsg', 'x').ok);
  const pre = fx.connect();
  assert.deepEqual(fx.core.message(pre.user, '#r', 'privmsg', 'x'), { ok: false, error: 'NotRegistered' });
});

test('message with a status prefix reaches only ops', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  const c = fx.add('carol');
  for (const t of [a, b, c]) fx.join(t, '#r');
  fx.core.setMemberPrivilege(a.user, '#r', 'bob', 'voice', true);
  for (const t of [a, b, c]) t.sink.clear();
  fx.core.message(c.user, '#r', 'notice', 'ops only', { statusPrefix: 'op' });
  assert.equal(a.sink.events.length, 1);
  assert.equal(b.sink.events.length, 0);
  fx.core.message(c.user, '#r', 'notice', 'voice+', { statusPrefix: 'voice', clientTags: { '+draft/x': 'y' } });
  assert.equal(b.sink.events.length, 1);
  assert.deepEqual(b.sink.of('message')[0]!.clientTags, { '+draft/x': 'y' });
});

test('private messages: delivery, away reply, echo, errors', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob', '127.0.0.2', 'irc');
  fx.core.setAway(b.user, 'lunch');
  const r = fx.core.message(a.user, 'BOB', 'privmsg', 'psst');
  assert.ok(r.ok);
  assert.equal(r.value.away, 'lunch');
  assert.equal(r.value.recipient, b.user);
  const ev = b.sink.of('message')[0]!;
  assert.equal(ev.room, null);
  assert.equal(ev.target, 'bob');
  assert.equal(a.sink.events.length, 0);
  const n = fx.core.message(a.user, 'bob', 'notice', 'n');
  assert.ok(n.ok && n.value.away === null, 'no away reply to notices');
  a.user.echo = true;
  fx.core.message(a.user, 'bob', 'privmsg', 'echoed');
  assert.equal(a.sink.of('message').length, 1);
  assert.deepEqual(fx.core.message(a.user, 'nobody', 'privmsg', 'x'), { ok: false, error: 'NoSuchNick' });
  const pre = fx.connect();
  fx.core.changeNick(pre.user, 'pending');
  assert.deepEqual(fx.core.message(a.user, 'pending', 'privmsg', 'x'), { ok: false, error: 'NoSuchNick' });
});

test('quit: one event per peer, rooms cleaned, nick freed, idempotent, unregistered users silent', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  const c = fx.add('carol');
  fx.join(a, '#one');
  fx.join(a, '#two');
  fx.join(b, '#one');
  fx.join(b, '#two');
  fx.join(c, '#two');
  for (const t of [a, b, c]) t.sink.clear();
  fx.core.quit(a.user, 'gone');
  assert.equal(b.sink.of('quit').length, 1);
  assert.equal(c.sink.of('quit').length, 1);
  assert.equal(b.sink.of('quit')[0]!.reason, 'gone');
  assert.equal(a.sink.events.length, 0);
  assert.ok(!fx.core.getRoom('#one')!.has(a.user));
  assert.equal(fx.core.findUser('alice'), undefined);
  fx.core.quit(a.user, 'again');
  assert.equal(b.sink.of('quit').length, 1);
  assert.ok(fx.core.whowas('alice').ok);
  fx.core.quit(b.user, 'x');
  fx.core.quit(c.user, 'x');
  assert.equal(fx.core.getRoom('#two'), undefined);
  const pre = fx.connect();
  fx.core.changeNick(pre.user, 'pending');
  fx.core.quit(pre.user, 'x');
  assert.equal(fx.core.findUser('pending'), undefined);
  assert.deepEqual(fx.core.stats(), { users: 0, invisible: 0, unregistered: 0, opers: 0, rooms: 0 });
});

test('away: events to peers only, clearing, truncation', () => {
  const fx = new CoreFixture({ limits: { awayLength: 5 } });
  const a = fx.add('alice');
  const b = fx.add('bob');
  fx.join(a, '#r');
  fx.join(b, '#r');
  b.sink.clear();
  a.sink.clear();
  assert.deepEqual(fx.core.setAway(a.user, 'out to lunch'), { ok: true, value: { away: true } });
  assert.equal(a.user.away, 'out t');
  assert.equal(b.sink.of('away')[0]!.away, 'out t');
  assert.equal(a.sink.events.length, 0);
  assert.deepEqual(fx.core.setAway(a.user, ''), { ok: true, value: { away: false } });
  assert.equal(b.sink.of('away')[1]!.away, null);
  fx.core.setAway(a.user, null);
  assert.equal(b.sink.of('away').length, 2, 'no event when nothing changes');
});

test('setRealname: setname event to peers and self', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  fx.join(a, '#r');
  fx.join(b, '#r');
  assert.ok(fx.core.setRealname(a.user, 'Alice Liddell').ok);
  assert.equal(b.sink.of('setname')[0]!.realname, 'Alice Liddell');
  assert.equal(a.sink.of('setname').length, 1);
  assert.equal(a.user.actor.realname, 'Alice Liddell');
});

test('opers: grantOper, kill, wallops, and their errors', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  const c = fx.add('carol');
  fx.join(b, '#r');
  fx.join(c, '#r');
  assert.deepEqual(fx.core.kill(a.user, 'bob', 'x'), { ok: false, error: 'NoPrivileges' });
  assert.deepEqual(fx.core.wallops(a.user, 'x'), { ok: false, error: 'NoPrivileges' });
  assert.deepEqual(fx.core.grantOper(a.user), { flag: 'oper', set: true });
  assert.equal(fx.core.grantOper(a.user), null);
  assert.equal(a.sink.of('userMode').length, 1);
  assert.deepEqual(fx.core.kill(a.user, 'nobody', 'x'), { ok: false, error: 'NoSuchNick' });
  assert.ok(fx.core.kill(a.user, 'bob', 'spam').ok);
  assert.equal(b.sink.of('kill')[0]!.reason, 'spam');
  assert.equal(c.sink.of('quit')[0]!.reason, 'Killed (alice (spam))');
  assert.ok(b.user.quit);
  fx.core.setUserModes(c.user, 'carol', [{ flag: 'wallops', set: true }]);
  assert.ok(fx.core.wallops(a.user, 'hear ye').ok);
  assert.equal(c.sink.of('wallops')[0]!.text, 'hear ye');
  assert.deepEqual(fx.core.wallops(a.user, ''), { ok: false, error: 'NoTextToSend' });
  assert.equal(fx.core.stats().opers, 1);
});

test('announce reaches every registered user with one event', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  const pre = fx.connect();
  const ev = fx.core.announce('Server is shutting down');
  assert.equal(a.sink.events[0], ev);
  assert.equal(b.sink.events[0], ev);
  assert.equal(pre.sink.events.length, 0);
  assert.ok(ev.actor.isServer);
});

test('after beginShutdown, quits tell nobody', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob');
  fx.join(a, '#r');
  fx.join(b, '#r');
  b.sink.clear();
  fx.core.beginShutdown();
  assert.ok(fx.core.shuttingDown);
  fx.core.quit(a.user, 'bye');
  assert.equal(b.sink.events.length, 0);
  assert.equal(fx.core.findUser('alice'), undefined);
  assert.ok(!fx.core.getRoom('#r')!.has(a.user));
});
