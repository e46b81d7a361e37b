/**
 * The human summary of a `BenchResult`: a two-column table of the figures that matter for its scenario,
 * then any errors. Pure; `--json` prints the result object instead.
 */
import { benchHints } from './hints.js';
import type { LatencySummary } from './histogram.js';
import type { BenchResult } from './run.js';

function n(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

function bytes(v: number | null): string {
  if (v === null) return 'n/a';
  if (Math.abs(v) >= 1024 * 1024) return `${n(v / (1024 * 1024), 1)} MiB`;
  if (Math.abs(v) >= 1024) return `${n(v / 1024, 1)} KiB`;
  return `${n(v)} B`;
}

function latency(l: LatencySummary): string {
  return `p50 ${n(l.p50Ms, 3)}  p99 ${n(l.p99Ms, 3)}  p99.9 ${n(l.p999Ms, 3)}  max ${n(l.maxMs, 3)} ms`;
}

/** The summary table for `r`, ending with a newline. */
export function formatSummary(r: BenchResult): string {
  const rows: [string, string][] = [
    ['scenario', `${r.scenario} over ${r.protocol} to ${r.target}, ${n(r.clients)} clients, ${r.shards.count} shard(s) (${r.shards.kind})`],
    ['machine', `${r.machine.cpus} x ${r.machine.model}, node ${r.machine.node}`],
  ];
  if (r.scenario !== 'churn') {
    rows.push(['setup', `${n(r.setup.ready)} ready, ${n(r.setup.failed)} failed in ${n(r.setup.seconds, 2)} s (${n(r.setup.connectionsPerSecond)} connections/s)`]);
  }
  if (r.probe) {
    rows.push(['probe round', `${n(r.probe.answered)}/${n(r.probe.sent)} answered, all back in ${n(r.probe.allBackMs, 1)} ms`]);
    rows.push(['probe latency', latency(r.probe.latency)]);
  }
  if (r.server) {
    rows.push(['server RSS', `${bytes(r.server.rssBeforeBytes)} before, ${bytes(r.server.rssAfterBytes)} with clients, ${bytes(r.server.rssPerConnectionBytes)} per connection`]);
  }
  const m = r.messages;
  if (m) {
    rows.push(['mode', `${m.senders} sender(s), ${m.rooms} room(s), ${m.mode}, ${n(m.seconds, 1)} s`]);
    rows.push(['sent', `${n(m.sent)} (${n(m.sentPerSecond)}/s)`]);
    rows.push(['deliveries', `${n(m.deliveries)} (${n(m.deliveriesPerSecond)}/s)`]);
    rows.push(['latency', latency(m.latency)]);
    rows.push(['lost / dup / reordered', `${n(m.lost)} / ${n(m.duplicated)} / ${n(m.outOfOrder)}${m.lost + m.duplicated + m.outOfOrder === 0 ? ' (none)' : ' (MUST BE ZERO)'}`]);
    const bad = m.perSender.filter((c) => c.lost + c.duplicated + c.outOfOrder > 0);
    for (const c of bad.slice(0, 5)) rows.push([`  sender ${c.sender}`, `lost ${n(c.lost)}, duplicated ${n(c.duplicated)}, out of order ${n(c.outOfOrder)}`]);
  }
  if (r.churn) {
    rows.push(['cycles', `${n(r.churn.cycles)} in ${n(r.churn.seconds, 1)} s (${n(r.churn.cyclesPerSecond)}/s, ${n(r.churn.opsPerSecond)} ops/s), ${n(r.churn.errors)} failed`]);
    rows.push(['cycle latency', latency(r.churn.cycleLatency)]);
  }
  rows.push(['CPU', `generator ${n(r.cpu.generatorPercent, 1)}%, server ${r.cpu.serverPercent === null ? 'n/a (no --server-pid)' : `${n(r.cpu.serverPercent, 1)}%`} of one core during ${r.cpu.phase} (${n(r.cpu.seconds, 1)} s)`]);
  if (r.disconnects > 0) rows.push(['disconnects', n(r.disconnects)]);
  for (const e of r.errors) rows.push(['error', e]);
  for (const h of benchHints(r)) rows.push(['hint', h]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
