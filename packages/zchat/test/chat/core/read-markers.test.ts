import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReadMarkerStore } from '../../../src/chat/core/read-markers.js';
import { CoreFixture } from '../helpers/core-fixture.js';

test('a marker only moves forward; targets compare casefolded', () => {
  const store = new ReadMarkerStore(10);
  assert.equal(store.get('#chan'), null);
  assert.equal(store.set('#Chan', 2000), 2000);
  assert.equal(store.set('#chan', 1000), 2000, 'an older time keeps the stored one');
  assert.equal(store.get('#CHAN'), 2000);
  assert.equal(store.set('nick[a]', 5), 5);
  assert.equal(store.get('NICK{A}'), 5, 'rfc1459 folding: [ and { are the same');
});

test('past the limit the least recently set marker is forgotten', () => {
  const store = new ReadMarkerStore(2);
  store.set('#a', 1);
  store.set('#b', 2);
  store.set('#a', 3); // #a is now the most recently set
  store.set('#c', 4);
  assert.equal(store.size, 2);
  assert.equal(store.get('#b'), null);
  assert.equal(store.get('#a'), 3);
  assert.equal(store.get('#c'), 4);
});

test('property: the stored marker is the latest time set, and the store never passes its limit', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.constantFrom('#a', '#B', '#b', 'x', 'X', '#c'), fc.nat()), { maxLength: 40 }), (limit, sets) => {
      const store = new ReadMarkerStore(limit);
      const latest = new Map<string, number>();
      for (const [target, at] of sets) {
        const key = target.toLowerCase();
        const stored = store.set(target, at);
        latest.set(key, Math.max(latest.get(key) ?? at, at));
        assert.ok(store.size <= limit);
        assert.equal(stored, store.get(target));
        // Still present: never below anything set for it since it was last forgotten, and at least `at`.
        assert.ok(stored >= at);
        assert.ok(stored <= latest.get(key)!);
      }
    }),
  );
});

test('storeFor: logged-in users share their account store (any case), guests have their own', () => {
  const fx = new CoreFixture({ limits: { readMarkers: 3 } });
  const a = fx.add('alice');
  const b = fx.add('bob');
  const guest = fx.add('guest');
  a.user.account = 'Jilles';
  b.user.account = 'jilles';
  fx.core.readMarkers.storeFor(a.user).set('#x', 42);
  assert.equal(fx.core.readMarkers.storeFor(b.user).get('#x'), 42);
  assert.equal(fx.core.readMarkers.storeFor(guest.user).get('#x'), null);
  assert.equal(fx.core.readMarkers.storeFor(guest.user).limit, 3);
});
