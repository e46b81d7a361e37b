import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeqTracker } from '../../src/bench/tracker.js';

test('in-order deliveries to every receiver: nothing lost, duplicated or reordered', () => {
  const t = new SeqTracker(2);
  for (let seq = 0; seq < 100; seq++) for (let r = 0; r < 3; r++) for (let s = 0; s < 2; s++) assert.equal(t.record(r, s, seq), true);
  const counts = t.finish([0, 1], () => 100, () => 3);
  assert.deepEqual(counts.map((c) => [c.received, c.lost, c.duplicated, c.outOfOrder]), [[300, 0, 0, 0], [300, 0, 0, 0]]);
  assert.equal(t.distinct, 600);
});

test('a duplicate is counted once and not as new', () => {
  const t = new SeqTracker(1);
  t.record(0, 0, 0);
  assert.equal(t.record(0, 0, 0), false);
  t.record(0, 0, 1);
  const [c] = t.finish([0], () => 2, () => 1);
  assert.deepEqual([c!.received, c!.duplicated, c!.lost, c!.outOfOrder], [2, 1, 0, 1]);
});

test('a gap filled late is reordering, not loss; a gap never filled is loss', () => {
  const t = new SeqTracker(1);
  t.record(0, 0, 0);
  t.record(0, 0, 2); // 1 skipped
  assert.equal(t.record(0, 0, 1), true); // ...arrives late
  t.record(0, 0, 5); // 3 and 4 never arrive
  const [c] = t.finish([0], () => 6, () => 1);
  assert.deepEqual([c!.received, c!.lost, c!.duplicated, c!.outOfOrder], [4, 2, 0, 3]);
});

test('messages never received at the tail, or by a silent receiver, are lost', () => {
  const t = new SeqTracker(1);
  for (let seq = 0; seq < 5; seq++) t.record(0, 0, seq);
  // receiver 1 got nothing; both should have had 8
  const [c] = t.finish([0], () => 8, () => 2);
  assert.equal(c!.lost, 16 - 5);
  assert.equal(t.missing(0, 8, 2), 11);
});

test('senders are kept apart per receiver', () => {
  const t = new SeqTracker(3);
  t.record(0, 0, 0);
  t.record(0, 2, 0);
  t.record(1, 0, 0);
  t.record(0, 0, 1);
  const counts = t.finish([0, 1, 2], (s) => [2, 0, 1][s]!, (s) => [2, 2, 1][s]!);
  assert.deepEqual(counts.map((c) => c.lost), [1, 0, 0]);
  assert.ok(counts.every((c) => c.outOfOrder === 0 && c.duplicated === 0));
});
