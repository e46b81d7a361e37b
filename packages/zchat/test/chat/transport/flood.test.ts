// Shared flood control: the token bucket (burst, refill, wait, off at rate 0) and the queue of delayed
// lines (in order, none dropped, overflow reported, held while the owner is busy, cleared on end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FloodBucket, FloodQueue } from '../../../src/chat/transport/flood.js';
import type { FloodQueueOwner } from '../../../src/chat/transport/flood.js';

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

class Lines implements FloodQueueOwner<number> {
  readonly ran: number[] = [];
  acceptsLines = true;
  time = 0;
  now(): number {
    return this.time;
  }
  runLine(line: number): void {
    this.ran.push(line);
  }
}

/** Wait (bounded) until `check` holds, letting timers run. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'condition reached');
}

test('lines past the burst wait in order and run as tokens return', async () => {
  const o = new Lines();
  const q = new FloodQueue({ floodBurst: 2, floodPerSecond: 1000, floodMaxQueuedLines: 10 }, o, o);
  for (let i = 0; i < 5; i++) assert.equal(q.offer(i, o.time), true);
  assert.deepEqual(o.ran, [0, 1], 'the burst runs at once');
  assert.equal(q.waiting, 3);
  try {
    // The timer retries until the (manual) clock has refilled the bucket; it holds at most the burst.
    o.time = 1000;
    await until(() => o.ran.length === 4);
    o.time = 2000;
    await until(() => o.ran.length === 5);
  } finally {
    q.clear();
  }
  assert.deepEqual(o.ran, [0, 1, 2, 3, 4]);
  assert.equal(q.waiting, 0);
});

test('a new line never overtakes waiting ones, even with a token free', () => {
  const o = new Lines();
  const q = new FloodQueue({ floodBurst: 1, floodPerSecond: 1, floodMaxQueuedLines: 10 }, o, o);
  q.offer(1, 0);
  q.offer(2, 0);
  o.time = 5000;
  q.offer(3, o.time);
  assert.deepEqual(o.ran, [1]);
  q.resume();
  assert.deepEqual(o.ran, [1, 2], 'one token (the burst) after the wait');
  q.clear();
});

test('more than floodMaxQueuedLines waiting is a flood', () => {
  const o = new Lines();
  const q = new FloodQueue({ floodBurst: 1, floodPerSecond: 1, floodMaxQueuedLines: 3 }, o, o);
  const results = [0, 1, 2, 3, 4].map((i) => q.offer(i, 0));
  assert.deepEqual(results, [true, true, true, true, false]);
  q.clear();
  assert.equal(q.waiting, 0);
  assert.equal(q.timer, null, 'clear stops the timer');
});

test('lines wait while the owner does not accept them, and run on resume', () => {
  const o = new Lines();
  const q = new FloodQueue({ floodBurst: 10, floodPerSecond: 0, floodMaxQueuedLines: 10 }, o, o);
  o.acceptsLines = false;
  q.offer(1, 0);
  q.offer(2, 0);
  assert.deepEqual(o.ran, []);
  assert.equal(q.timer, null, 'no timer while the owner is busy');
  o.acceptsLines = true;
  q.resume();
  assert.deepEqual(o.ran, [1, 2]);
  q.offer(3, 0);
  assert.deepEqual(o.ran, [1, 2, 3], 'flood control off: every line runs at once');
});

test('a free line takes no token, runs at once when nothing waits, and waits its turn behind waiting lines', () => {
  const o = new Lines();
  const q = new FloodQueue({ floodBurst: 1, floodPerSecond: 0.001, floodMaxQueuedLines: 10 }, o, o);
  q.offer(1, 0);
  for (let i = 0; i < 5; i++) q.offer(100 + i, 0, true);
  assert.deepEqual(o.ran, [1, 100, 101, 102, 103, 104], 'free lines pass with the bucket empty');
  q.offer(2, 0);
  q.offer(200, 0, true);
  assert.deepEqual(o.ran.length, 6, 'a free line does not overtake a waiting one');
  assert.equal(q.waiting, 2);
  q.clear();
});
