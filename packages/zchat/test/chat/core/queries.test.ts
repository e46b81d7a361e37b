import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreFixture } from '../helpers/core-fixture.js';

function setup() {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  const b = fx.add('bob', '10.0.0.2');
  const c = fx.add('carol');
  fx.join(a, '#pub');
  fx.join(b, '#pub');
  fx.join(a, '#secret');
  fx.core.setRoomModes(a.user, '#secret', [{ mode: 'secret', set: true }]);
  return { fx, a, b, c };
}

test('visibleRooms hides secret rooms from non-members', () => {
  const { fx, a, c } = setup();
  assert.deepEqual(fx.core.visibleRooms(a.user).map((r) => r.name), ['#pub', '#secret']);
  assert.deepEqual(fx.core.visibleRooms(c.user).map((r) => r.name), ['#pub']);
});

test('names: members with privileges; invisible users hidden from outsiders; secret rooms hidden', () => {
  const { fx, a, b, c } = setup();
  const n = fx.core.names(a.user, '#PUB');
  assert.ok(n.ok);
  assert.deepEqual(n.value.members.map((m) => [m.user.nick, [...m.privileges]]), [['alice', ['op']], ['bob', []]]);
  fx.core.setUserModes(b.user, 'bob', [{ flag: 'invisible', set: true }]);
  const outside = fx.core.names(c.user, '#pub');
  assert.ok(outside.ok);
  assert.deepEqual(outside.value.members.map((m) => m.user.nick), ['alice']);
  assert.deepEqual(fx.core.names(c.user, '#secret'), { ok: false, error: 'NoSuchChannel' });
  assert.deepEqual(fx.core.names(c.user, '#none'), { ok: false, error: 'NoSuchChannel' });
});

test('who: by room and by mask, with visibility and opersOnly', () => {
  const { fx, a, b, c } = setup();
  assert.deepEqual(fx.core.who(c.user, '#pub').map((e) => e.user.nick), ['alice', 'bob']);
  assert.equal(fx.core.who(c.user, '#pub')[0]!.room!.name, '#pub');
  assert.deepEqual(fx.core.who(c.user, '#secret'), []);
  assert.deepEqual(fx.core.who(c.user, '#none'), []);
  assert.deepEqual(fx.core.who(c.user, '*').map((e) => e.user.nick), ['alice', 'bob', 'carol']);
  assert.deepEqual(fx.core.who(c.user, '*@10.0.0.*').map((e) => e.user.nick), ['bob']);
  assert.deepEqual(fx.core.who(c.user, 'AL*').map((e) => e.user.nick), ['alice']);
  fx.core.setUserModes(b.user, 'bob', [{ flag: 'invisible', set: true }]);
  assert.deepEqual(fx.core.who(c.user, 'bob'), [], 'invisible to strangers');
  assert.deepEqual(fx.core.who(a.user, 'bob').map((e) => e.user.nick), ['bob'], 'visible to room mates');
  assert.deepEqual(fx.core.who(c.user, '#pub').map((e) => e.user.nick), ['alice']);
  fx.core.grantOper(a.user);
  assert.deepEqual(fx.core.who(c.user, '*', true).map((e) => e.user.nick), ['alice']);
});

test('whois: rooms visible to the viewer, idle time; errors', () => {
  const { fx, a, c } = setup();
  fx.time += 7000;
  const w = fx.core.whois(c.user, 'ALICE');
  assert.ok(w.ok);
  assert.deepEqual(w.value.rooms.map((r) => r.room.name), ['#pub']);
  assert.equal(w.value.idleMs, 7000);
  const self = fx.core.whois(a.user, 'alice');
  assert.ok(self.ok && self.value.rooms.length === 2);
  assert.deepEqual(fx.core.whois(c.user, 'ghost'), { ok: false, error: 'NoSuchNick' });
});

test('whowas: newest first, bounded count, ring size', () => {
  const fx = new CoreFixture();
  const u = fx.add('first');
  fx.core.changeNick(u.user, 'second');
  fx.core.changeNick(u.user, 'first');
  fx.core.quit(u.user, 'bye');
  const w = fx.core.whowas('FIRST');
  assert.ok(w.ok);
  assert.equal(w.value.length, 2);
  assert.ok(w.value[0]!.time >= w.value[1]!.time);
  const one = fx.core.whowas('first', 1);
  assert.ok(one.ok && one.value.length === 1);
  assert.deepEqual(fx.core.whowas('never'), { ok: false, error: 'WasNoSuchNick' });
  for (let i = 0; i < 150; i++) {
    const t = fx.add(`n${i}`);
    fx.core.quit(t.user, 'x');
  }
  assert.deepEqual(fx.core.whowas('first'), { ok: false, error: 'WasNoSuchNick' }, 'pushed out of the 100-entry ring');
  assert.ok(fx.core.whowas('n149').ok);
});

test('stats counts', () => {
  const { fx, b } = setup();
  fx.connect();
  fx.core.setUserModes(b.user, 'bob', [{ flag: 'invisible', set: true }]);
  assert.deepEqual(fx.core.stats(), { users: 3, invisible: 1, unregistered: 1, opers: 0, rooms: 2 });
});
