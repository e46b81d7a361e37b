import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatEvent, WireCache } from '../../../src/chat/core/events.js';
import { EventIds, isValidNodeId, nextEventId, wireFor } from '../../../src/chat/core/events.js';
import { CoreFixture } from '../helpers/core-fixture.js';

test('wireFor serializes once per variant and caches beside the event', () => {
  const fx = new CoreFixture();
  const ev = fx.core.announce('hello');
  const wire: WireCache = new Map();
  let calls = 0;
  const serialize = (e: ChatEvent, variant: string): Uint8Array => {
    calls++;
    return new TextEncoder().encode(`${variant}:${e.kind}`);
  };
  const a = wireFor(ev, wire, 'plain', serialize);
  for (let i = 0; i < 1000; i++) assert.equal(wireFor(ev, wire, 'plain', serialize), a);
  wireFor(ev, wire, 'irc', serialize);
  assert.equal(calls, 2);
  assert.equal(wire.size, 2);
  assert.ok(!('wire' in ev), 'the event itself stays plain data');
});

test('event ids are unique', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i++) ids.add(nextEventId());
  assert.equal(ids.size, 10_000);
});

test('event ids sort as they were made: by time, within a ms by sequence, never back when the clock steps back', () => {
  const gen = new EventIds('n1');
  const times = [1_000, 1_000, 1_001, 999, 5_000, 5_000, 4_000, 1_700_000_000_000];
  const ids = times.map((t) => gen.next(t));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[0-9a-z]{12}n1$/);
  // A full sequence within one ms moves on to the next ms, still in order.
  const burst = new EventIds('b');
  let last = '';
  for (let i = 0; i < 36 ** 3 + 10; i++) {
    const id = burst.next(42);
    assert.ok(id > last);
    last = id;
  }
  // Two nodes never make the same id.
  assert.notEqual(new EventIds('a').next(7), new EventIds('b').next(7));
});

test('node ids: 1 to 16 letters and digits', () => {
  for (const good of ['a', 'node7', 'ABCDEFGHIJKLMNOP']) assert.ok(isValidNodeId(good), good);
  for (const bad of ['', 'a:b', 'with space', 'x'.repeat(17), 'é']) assert.ok(!isValidNodeId(bad), bad);
});

test('user ids are node-qualified and events carry them; the core refuses a bad node id', () => {
  const fx = new CoreFixture();
  const a = fx.add('amy');
  assert.match(a.user.id, new RegExp(`^${fx.core.nodeId}:[0-9a-z]+$`));
  assert.equal(fx.core.serverActor.id, `${fx.core.nodeId}:0`);
  fx.join(a, '#r');
  assert.equal(a.sink.of('join')[0]!.actor.id, a.user.id);
  assert.throws(() => new (fx.core.constructor as new (c: unknown, o: unknown) => unknown)(fx.core.config, { nodeId: 'bad id' }), RangeError);
});
