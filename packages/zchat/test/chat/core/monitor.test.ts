import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonitorRegistry } from '../../../src/chat/core/monitor.js';
import { CoreFixture } from '../helpers/core-fixture.js';

test('add reports online and offline nicks, skips invalid ones, keeps the spelling, casefolds', () => {
  const fx = new CoreFixture();
  const w = fx.add('watcher');
  const bob = fx.add('Bob');
  const r = fx.core.monitors.add(w.user, ['BOB', 'carol', '*!*@host', 'carol', 'd[a]ve']);
  assert.deepEqual(r.online, [bob.user]);
  assert.deepEqual(r.offline, ['carol', 'carol', 'd[a]ve']);
  assert.deepEqual(r.full, []);
  assert.deepEqual(fx.core.monitors.list(w.user), ['BOB', 'carol', 'd[a]ve']);
  // rfc1459: [ and { fold together, so D{A}VE is already watched.
  fx.core.monitors.remove(w.user, ['D{A}VE', 'nobody']);
  assert.deepEqual(fx.core.monitors.list(w.user), ['BOB', 'carol']);
  assert.deepEqual(fx.core.monitors.status(w.user), { online: [bob.user], offline: ['carol'] });
  fx.core.monitors.clear(w.user);
  assert.deepEqual(fx.core.monitors.list(w.user), []);
  assert.equal(fx.core.monitors.watcherCount, 0);
  assert.equal(fx.core.monitors.watchersOf('bob'), undefined);
});

test('the list limit: nicks past it are reported full, nicks already watched still count as status', () => {
  const fx = new CoreFixture();
  const w = fx.add('w');
  const reg = new MonitorRegistry((n) => fx.core.findUser(n), 30, 2);
  assert.deepEqual(reg.add(w.user, ['a1', 'a2', 'a3', 'a4']), { online: [], offline: ['a1', 'a2'], full: ['a3', 'a4'] });
  assert.deepEqual(reg.add(w.user, ['A1', 'a5']), { online: [], offline: ['A1'], full: ['a5'] });
  reg.remove(w.user, ['a1']);
  assert.deepEqual(reg.add(w.user, ['a5']).offline, ['a5']);
  assert.deepEqual(reg.list(w.user), ['a2', 'a5']);
});

test('watchers hear registration, nick changes to and from the nick (not case changes) and quits', () => {
  const fx = new CoreFixture();
  const w = fx.add('watcher');
  const other = fx.add('other');
  fx.core.monitors.add(w.user, ['Qux']);
  fx.core.monitors.add(other.user, ['zed']);
  const q = fx.connect('10.1.1.1', 'irc');
  assert.ok(fx.core.changeNick(q.user, 'qux').ok);
  assert.equal(w.sink.events.length, 0, 'claiming a nick before registering is not coming online');
  assert.ok(fx.core.register(q.user).ok);
  const online = w.sink.of('monitor');
  assert.equal(online.length, 1);
  assert.equal(online[0]!.online, true);
  assert.equal(online[0]!.nick, 'qux');
  assert.equal(online[0]!.actor.mask, 'qux!qux@10.1.1.1');
  w.sink.clear();

  assert.ok(fx.core.changeNick(q.user, 'QUX').ok);
  assert.equal(w.sink.events.length, 0, 'a case change is no news');
  assert.ok(fx.core.changeNick(q.user, 'zed').ok);
  const off = w.sink.of('monitor');
  assert.deepEqual(off.map((e) => [e.online, e.nick]), [[false, 'QUX']]);
  assert.deepEqual(other.sink.of('monitor').map((e) => [e.online, e.nick]), [[true, 'zed']]);
  assert.equal(other.sink.of('nick').length, 0, 'watchers who share no room see no NICK');

  fx.core.quit(q.user, 'bye');
  assert.deepEqual(other.sink.of('monitor').map((e) => [e.online, e.nick]), [[true, 'zed'], [false, 'zed']]);
  assert.equal(w.sink.of('monitor').length, 1);

  // A watcher that quits is forgotten.
  fx.core.quit(w.user, 'gone');
  assert.equal(fx.core.monitors.watchersOf('qux'), undefined);
  fx.core.beginShutdown();
  const z = fx.add('zed');
  other.sink.clear();
  fx.core.quit(z.user, 'shutdown');
  assert.equal(other.sink.of('monitor').length, 0, 'no offline events while shutting down');
});

test('away and real-name changes reach watchers sharing no room as `watched` events, once', () => {
  const fx = new CoreFixture();
  const far = fx.add('far');
  const near = fx.add('near');
  const bob = fx.add('bob');
  fx.join(near, '#r');
  fx.join(bob, '#r');
  fx.core.monitors.add(far.user, ['bob']);
  fx.core.monitors.add(near.user, ['bob']);
  fx.core.monitors.add(bob.user, ['bob']);
  near.sink.clear();
  assert.ok(fx.core.setAway(bob.user, 'lunch').ok);
  const watched = far.sink.of('watched');
  assert.equal(watched.length, 1);
  assert.equal(watched[0]!.update.kind, 'away');
  assert.equal(watched[0]!.id, watched[0]!.update.id);
  assert.equal(near.sink.of('away').length, 1);
  assert.equal(near.sink.of('watched').length, 0, 'a peer gets the plain event only');
  assert.equal(bob.sink.of('watched').length, 0, 'not to the user itself');
  assert.ok(fx.core.setRealname(bob.user, 'Robert').ok);
  const update = far.sink.of('watched')[1]!.update;
  assert.equal(update.kind === 'setname' ? update.realname : null, 'Robert');
});
