import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportQuantiles, importQuantiles, latencyHistogram, logBins, recordMicros, summarize } from '../../src/bench/histogram.js';

test('percentiles of a known distribution, in milliseconds', () => {
  const h = latencyHistogram();
  for (let us = 1; us <= 10_000; us++) recordMicros(h, us);
  const s = summarize(h);
  assert.equal(s.count, 10_000);
  assert.ok(Math.abs(s.p50Ms - 5) < 0.01, `p50 ${s.p50Ms}`);
  assert.ok(Math.abs(s.p99Ms - 9.9) < 0.01, `p99 ${s.p99Ms}`);
  assert.ok(Math.abs(s.p999Ms - 9.99) < 0.01, `p99.9 ${s.p999Ms}`);
  assert.ok(Math.abs(s.maxMs - 10) < 0.01, `max ${s.maxMs}`);
  assert.ok(s.minMs <= 0.002);
});

test('an empty histogram summarises to zeros and bins to nothing', () => {
  const h = latencyHistogram();
  assert.deepEqual(summarize(h), { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 });
  assert.deepEqual(logBins(h), []);
  assert.equal(exportQuantiles(h).length, 0);
});

test('values below 1 µs and far above an hour are clamped, not thrown', () => {
  const h = latencyHistogram();
  recordMicros(h, 0);
  recordMicros(h, -5);
  recordMicros(h, 1e12);
  assert.equal(h.count, 3);
  assert.equal(h.min, 1);
});

test('log bins cover every sample, in increasing latency', () => {
  const h = latencyHistogram();
  for (let k = 0; k < 1000; k++) recordMicros(h, 100);
  for (let k = 0; k < 1000; k++) recordMicros(h, 10_000);
  const bins = logBins(h);
  assert.equal(bins.reduce((s, b) => s + b.count, 0), 2000);
  for (let i = 1; i < bins.length; i++) assert.ok(Math.abs(bins[i]!.fromMs - bins[i - 1]!.toMs) < 1e-9);
  const full = bins.filter((b) => b.count > 0);
  assert.equal(full.length, 2);
  assert.ok(full[0]!.fromMs <= 0.1 && full[0]!.toMs > 0.1);
  assert.ok(full[1]!.fromMs <= 10 && full[1]!.toMs > 10);
});

test('quantiles from a child process merge with percentiles kept', () => {
  const a = latencyHistogram();
  for (let us = 1; us <= 50_000; us++) recordMicros(a, us * 2);
  const merged = latencyHistogram();
  importQuantiles(merged, exportQuantiles(a), a.count);
  assert.equal(merged.count, a.count);
  for (const p of [50, 90, 99, 99.9]) {
    const want = a.percentile(p), got = merged.percentile(p);
    assert.ok(Math.abs(got - want) / want < 0.01, `p${p}: ${got} vs ${want}`);
  }
});
