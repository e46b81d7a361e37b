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
