import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreFixture } from '../helpers/core-fixture.js';

function setup() {
  const fx = new CoreFixture();
  const { op, user: u, outsider: out } = fx.seat({ op: ['#old'], user: ['#old'], outsider: ['#taken'] });
  return { fx, op, u, out };
}

test('renameRoom: state kept, registry and members re-keyed, one event to every member, old name free', () => {
  const { fx, op, u, out } = setup();
  const room = fx.core.getRoom('#old')!;
  assert.ok(fx.core.setTopic(op.user, '#old', 'kept').ok);
  assert.ok(fx.core.addBan(op.user, '#old', 'bad').ok);
  assert.ok(fx.core.setRoomModes(op.user, '#old', [{ mode: 'moderated', set: true }]).ok);
  for (const t of [op, u]) t.sink.clear();
  const r = fx.core.renameRoom(op.user, '#OLD', '#New', 'tidier');
  assert.ok(r.ok);
  assert.equal(r.value.room, room);
  assert.equal(r.value.changed, true);
  assert.equal(room.name, '#New');
  assert.equal(fx.core.getRoom('#new'), room);
  assert.equal(fx.core.getRoom('#old'), undefined);
  assert.equal(u.user.rooms.get('#new'), room);
  assert.equal(u.user.rooms.has('#old'), false);
  assert.equal(room.topic, 'kept');
  assert.equal(room.modes.moderated, true);
  assert.equal(room.lists.ban.length, 1);
  assert.ok(room.isOp(op.user));
  for (const t of [op, u]) {
    const evs = t.sink.of('rename');
    assert.equal(evs.length, 1);
    assert.deepEqual([evs[0]!.oldRoom, evs[0]!.room, evs[0]!.reason, evs[0]!.actor.nick], ['#old', '#New', 'tidier', 'op']);
  }
  assert.equal(op.sink.of('rename')[0], u.sink.of('rename')[0], 'one shared event');
  assert.equal(out.sink.events.length, 0, 'non-members hear nothing');
  assert.ok(fx.core.message(op.user, '#new', 'privmsg', 'hi').ok);
  assert.equal(u.sink.of('message')[0]!.room, '#New');
  const again = fx.core.join(out.user, '#old');
  assert.ok(again.ok && again.value.created, 'the old name makes a new room');
  assert.equal(fx.core.roomCount, 3);
});

test('renameRoom: case only is allowed; the identical name changes nothing; errors', () => {
  const { fx, op, u, out } = setup();
  assert.deepEqual(fx.core.renameRoom(u.user, '#old', '#x'), { ok: false, error: 'ChanOpPrivsNeeded' });
  assert.deepEqual(fx.core.renameRoom(out.user, '#old', '#x'), { ok: false, error: 'NotOnChannel' });
  assert.deepEqual(fx.core.renameRoom(op.user, '#none', '#x'), { ok: false, error: 'NoSuchChannel' });
  assert.deepEqual(fx.core.renameRoom(op.user, '#old', '#TAKEN'), { ok: false, error: 'RoomNameInUse' });
  assert.deepEqual(fx.core.renameRoom(op.user, '#old', 'nohash'), { ok: false, error: 'CannotRename' });
  assert.deepEqual(fx.core.renameRoom(op.user, '#old', '#a b'), { ok: false, error: 'CannotRename' });
  assert.deepEqual(fx.core.renameRoom(op.user, '#old', `#${'x'.repeat(60)}`), { ok: false, error: 'CannotRename' });
  assert.equal(op.sink.events.length, 0);
  const same = fx.core.renameRoom(op.user, '#old', '#old');
  assert.ok(same.ok && !same.value.changed);
  assert.equal(op.sink.events.length, 0);
  const r = fx.core.renameRoom(op.user, '#old', '#OLD', null);
  assert.ok(r.ok && r.value.changed);
  assert.equal(fx.core.getRoom('#old')!.name, '#OLD');
  assert.equal(op.sink.of('rename')[0]!.reason, null);
});

test('renameRoom: read markers of members follow the room', () => {
  const { fx, op, u } = setup();
  fx.core.readMarkers.storeFor(u.user).set('#old', 500);
  fx.core.readMarkers.storeFor(op.user).set('#new', 900);
  fx.core.readMarkers.storeFor(op.user).set('#old', 100);
  assert.ok(fx.core.renameRoom(op.user, '#old', '#new').ok);
  assert.equal(fx.core.readMarkers.storeFor(u.user).get('#new'), 500);
  assert.equal(fx.core.readMarkers.storeFor(u.user).get('#old'), null);
  assert.equal(fx.core.readMarkers.storeFor(op.user).get('#new'), 900, 'a marker only moves forward');
});
