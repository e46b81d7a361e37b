// The observer seam of the core's one emission point: subscription order, unsubscribing, and a throwing
// observer that neither stops the others nor reaches the emitter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Audience } from '../../../src/chat/core/emit.js';
import { EventObservers } from '../../../src/chat/core/emit.js';
import type { ChatEvent } from '../../../src/chat/core/events.js';
import { CoreFixture } from '../helpers/core-fixture.js';

const audience: Audience = { to: 'registered' };

test('observers run in subscription order; the returned function unsubscribes, idempotently', () => {
  const errors: unknown[] = [];
  const observers = new EventObservers((err) => errors.push(err));
  const event = new CoreFixture().core.announce('hi');
  const seen: string[] = [];
  const stopA = observers.subscribe((e, a) => seen.push(`a:${e.kind}:${a.to}`));
  observers.subscribe((e) => seen.push(`b:${e.kind}`));
  observers.notify(event, audience);
  stopA();
  stopA();
  assert.equal(observers.size, 1);
  observers.notify(event, audience);
  assert.deepEqual(seen, ['a:system:registered', 'b:system', 'b:system']);
  assert.deepEqual(errors, []);
});

test('a throwing observer is reported and the others still run', () => {
  const errors: unknown[] = [];
  const observers = new EventObservers((err) => errors.push(err));
  const event = new CoreFixture().core.announce('hi');
  const seen: ChatEvent[] = [];
  observers.subscribe(() => {
    throw new Error('disk full');
  });
  observers.subscribe((e) => seen.push(e));
  assert.doesNotThrow(() => observers.notify(event, audience));
  assert.equal(seen.length, 1);
  assert.equal((errors[0] as Error).message, 'disk full');
});

test('subscribing from inside an observer takes effect from the next event', () => {
  const observers = new EventObservers(() => {});
  const event = new CoreFixture().core.announce('hi');
  let late = 0;
  observers.subscribe(() => {
    if (observers.size === 1) observers.subscribe(() => late++);
  });
  observers.notify(event, audience);
  assert.equal(late, 0);
  observers.notify(event, audience);
  assert.equal(late, 1);
});

test('every event a session receives left the core through emit, and observers saw it with its audience', () => {
  const fx = new CoreFixture({ opers: [] });
  const seen = new Map<ChatEvent, Audience[]>();
  fx.core.subscribe((e, a) => seen.set(e, [...(seen.get(e) ?? []), a]));
  const { amy, bob, cy } = fx.seat({ amy: ['#r', '#s'], bob: ['#r'], cy: ['#s'] });
  fx.core.monitors.add(cy.user, ['dee']);
  const dee = fx.add('dee');
  assert.ok(fx.core.message(amy.user, '#r', 'privmsg', 'hi').ok);
  assert.ok(fx.core.message(amy.user, 'bob', 'notice', 'psst').ok);
  assert.ok(fx.core.changeNick(bob.user, 'rob').ok);
  assert.ok(fx.core.setAway(amy.user, 'lunch').ok);
  assert.ok(fx.core.setAway(dee.user, 'gone').ok);
  assert.ok(fx.core.setTopic(amy.user, '#r', 'topic').ok);
  assert.ok(fx.core.invite(amy.user, 'cy', '#r').ok);
  assert.ok(fx.core.kick(amy.user, '#r', 'rob', 'out').ok);
  fx.core.grantOper(amy.user);
  assert.ok(fx.core.setUserModes(cy.user, 'cy', [{ flag: 'wallops', set: true }]).ok);
  assert.ok(fx.core.wallops(amy.user, 'all hands').ok);
  fx.core.announce('notice');
  fx.core.quit(dee.user, 'bye');
  const delivered = new Set<ChatEvent>();
  for (const t of [amy, bob, cy, dee]) for (const e of t.sink.events) delivered.add(e);
  assert.ok(delivered.size >= 14, `events delivered: ${delivered.size}`);
  for (const e of delivered) assert.ok(seen.has(e), `${e.kind} went past emit`);
  const toOf = (kind: string): string[] => [...seen].filter(([e]) => e.kind === kind).flatMap(([, a]) => a.map((x) => x.to));
  assert.deepEqual(toOf('kick'), ['room']);
  assert.deepEqual(toOf('wallops'), ['flagged']);
  assert.deepEqual(toOf('system'), ['registered']);
  assert.deepEqual(toOf('nick'), ['peers']);
  assert.deepEqual(toOf('invite'), ['users']);
  assert.ok(toOf('monitor').every((to) => to === 'watchers') && toOf('monitor').length >= 2);
  const ids = [...seen.keys()].map((e) => e.id);
  assert.equal(new Set(ids.filter((_, i) => [...seen.keys()][i]!.kind !== 'watched')).size, ids.filter((_, i) => [...seen.keys()][i]!.kind !== 'watched').length, 'msgids are unique');
});
