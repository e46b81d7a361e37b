/**
 * Latency histograms: node's built-in HDR histogram (`perf_hooks.createHistogram`, 3 significant
 * figures), values in microseconds. Shards in worker threads post theirs back (node clones histograms
 * over a MessagePort) and the coordinator merges them with `add`. This module only adds the summary and
 * the binning the report and the plot need.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Longest latency recorded exactly (1 hour in µs); larger values are clamped and counted as such. */
const HIGHEST_MICROS = 3_600_000_000;

/** A fresh histogram for latencies in microseconds (1 µs .. 1 h, 3 significant figures). */
export function latencyHistogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: HIGHEST_MICROS, figures: 3 });
}

/** Record one latency in microseconds; values below 1 µs count as 1 µs (clock granularity). */
export function recordMicros(h: RecordableHistogram, micros: number): void {
  h.record(micros < 1 ? 1 : micros > HIGHEST_MICROS ? HIGHEST_MICROS : Math.round(micros));
}

/** The figures a report shows, in milliseconds (0 everywhere for an empty histogram). */
export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Summarise `h` (µs) in milliseconds. */
export function summarize(h: RecordableHistogram): LatencySummary {
  const count = h.count;
  if (count === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    count,
    minMs: ms(h.min),
    meanMs: ms(h.mean),
    p50Ms: ms(h.percentile(50)),
    p90Ms: ms(h.percentile(90)),
    p99Ms: ms(h.percentile(99)),
    p999Ms: ms(h.percentile(99.9)),
    maxMs: ms(h.max),
  };
}

/** One bar of a binned histogram: latencies in [fromMs, toMs) and the share of all samples there. */
export interface Bin {
  fromMs: number;
  toMs: number;
  count: number;
}

/**
 * Counts per logarithmic latency bin (`perDecade` bins per power of ten), reconstructed from the HDR
 * histogram's inverse CDF sampled at 10,000 evenly spaced percentiles plus the extreme tail, so the
 * counts are exact to within 0.01 % of `count`. Empty histogram: no bins.
 */
export function logBins(h: RecordableHistogram, perDecade = 10): Bin[] {
  if (h.count === 0) return [];
  const lo = Math.floor(Math.log10(Math.max(1, h.min)) * perDecade);
  const hi = Math.floor(Math.log10(Math.max(1, h.max)) * perDecade) + 1;
  const counts = new Float64Array(hi - lo);
  const steps = 10_000;
  const place = (us: number, weight: number): void => {
    const i = Math.min(hi - lo - 1, Math.max(0, Math.floor(Math.log10(Math.max(1, us)) * perDecade) - lo));
    counts[i]! += weight;
  };
  for (let k = 0; k < steps; k++) place(h.percentile(((k + 0.5) / steps) * 100), h.count / steps);
  return Array.from(counts, (c, i) => ({
    fromMs: 10 ** ((lo + i) / perDecade) / 1000,
    toMs: 10 ** ((lo + i + 1) / perDecade) / 1000,
    count: Math.round(c),
  }));
}

/** Quantiles exported per histogram by a child process (node cannot send a histogram over IPC). */
const QUANTILES = 10_000;

/**
 * `h` as QUANTILES evenly spaced quantiles (the value at each 0.01 % of rank), for a child process to send
 * over IPC. Empty histogram: an empty array.
 */
export function exportQuantiles(h: RecordableHistogram): Float64Array {
  if (h.count === 0) return new Float64Array(0);
  return Float64Array.from({ length: QUANTILES }, (_, k) => h.percentile(((k + 0.5) / QUANTILES) * 100));
}

/**
 * Merge exported quantiles of a histogram of `count` samples into `h`: each quantile stands for
 * count/QUANTILES samples, so ranks (and therefore percentiles) are kept to within 0.01 %; min and max are
 * those of the quantiles.
 */
export function importQuantiles(h: RecordableHistogram, quantiles: Float64Array, count: number): void {
  if (quantiles.length === 0 || count === 0) return;
  let carried = 0;
  for (let k = 0; k < quantiles.length; k++) {
    carried += count / quantiles.length;
    const n = Math.floor(carried);
    carried -= n;
    for (let j = 0; j < n; j++) recordMicros(h, quantiles[k]!);
  }
}
