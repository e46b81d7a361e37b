// The shared flood bucket: burst, refill rate, wait time, and off when the rate is 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FloodBucket } from '../../../src/chat/transport/flood.js';

test('a burst, then one token per 1/rate seconds', () => {
  const b = new FloodBucket(3, 2, 0);
  assert.deepEqual([b.take(0), b.take(0), b.take(0), b.take(0)], [true, true, true, false]);
  assert.equal(b.waitMs(), 500);
  assert.equal(b.take(499), false);
  assert.equal(b.take(500), true);
  assert.equal(b.take(10_000), true, 'refills');
  assert.deepEqual([b.take(10_000), b.take(10_000), b.take(10_000)], [true, true, false], 'never above the burst');
});

test('rate 0 turns flood control off', () => {
  const b = new FloodBucket(1, 0, 0);
  assert.equal(b.enabled, false);
  for (let i = 0; i < 1000; i++) assert.equal(b.take(0), true);
});
