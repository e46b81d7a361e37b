// bench/compare-chart.ts: the chart and table of docs/BENCHMARKS.md "Comparison", from bench/compare.sh output.
//
//   node dist/bench/compare-chart.js --svg docs/bench-comparison.svg [--markdown] DIR...
//
// Each DIR is a BENCH_OUT of bench/compare.sh, holding <server>-<scenario>.json (`zchat bench --json`). A
// directory named NAME-rK (K a number) is round K of NAME: rounds of one NAME are merged, each figure by its
// median over the rounds. A group is a NAME, or NAME plus the scenario when NAME does not already say it. The SVG has one row per group with messages (fanout, rooms): deliveries/s and p99
// latency per server, as bars, with the value written on each bar. Hand-written SVG, no dependency.
// --markdown prints a table of every group (rates, latency, loss, RSS per connection, setup rate, CPU).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

/** The parts of a `zchat bench --json` result used here. */
interface BenchJson {
  scenario: string;
  clients: number;
  setup: { ready: number; failed: number; connectionsPerSecond: number } | null;
  probe: { sent: number; answered: number; missed: number; allBackMs: number } | null;
  messages: {
    sentPerSecond: number;
    deliveriesPerSecond: number;
    lost: number;
    duplicated: number;
    outOfOrder: number;
    latency: { p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number };
  } | null;
  churn: { cyclesPerSecond: number; errors: number; cycleLatency: { p50Ms: number; p99Ms: number } } | null;
  cpu: { generatorPercent: number; serverPercent: number | null } | null;
  server: { rssPerConnectionBytes: number } | null;
  disconnects: number;
}

/** One server in one group: every round's result. */
interface Cell {
  server: string;
  scenario: string;
  runs: BenchJson[];
}

const serverOrder = ['zchat', 'zchat-base', 'ngircd', 'inspircd', 'ergo'];
const colors: Record<string, string> = { zchat: '#2b6cb0', 'zchat-base': '#90cdf4', ngircd: '#718096', inspircd: '#dd6b20', ergo: '#38a169' };

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Groups by directory name without its -rK suffix, then by server, in a stable order. */
function load(dirs: string[]): Map<string, Cell[]> {
  const groups = new Map<string, Map<string, Cell>>();
  for (const dir of dirs) {
    const group = basename(dir.replace(/\/+$/, '')).replace(/-r\d+$/, '');
    for (const file of readdirSync(dir)) {
      // Server names may hold a dash (zchat-base); the scenario is the last part.
      const m = /^([a-z][a-z-]*)-([a-z]+)\.json$/.exec(file);
      if (m === null) continue;
      let parsed: BenchJson;
      try {
        parsed = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as BenchJson;
      } catch {
        continue; // a run that was stopped wrote no JSON
      }
      // A directory holding several scenarios gives one group per scenario.
      const label = group.includes(m[2]!) ? group : `${group} ${m[2]!}`;
      const cells = groups.get(label) ?? new Map<string, Cell>();
      groups.set(label, cells);
      const cell = cells.get(m[1]!) ?? { server: m[1]!, scenario: m[2]!, runs: [] };
      cells.set(m[1]!, cell);
      cell.runs.push(parsed);
    }
  }
  const out = new Map<string, Cell[]>();
  for (const [g, cells] of groups) {
    out.set(g, [...cells.values()].sort((a, b) => rank(a.server) - rank(b.server)));
  }
  return out;
}

function rank(server: string): number {
  const i = serverOrder.indexOf(server);
  return i === -1 ? serverOrder.length : i;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';
}

const PANEL_W = 360, PANEL_H = 200, ROW_H = 260, LEFT = 20, TOP = 50;

/** One bar panel at (x, y): a title, one bar per server scaled to the largest value, labels under the bars. */
function panel(x: number, y: number, title: string, bars: { server: string; value: number; label: string }[]): string[] {
  const out = [`<text x="${x + PANEL_W / 2}" y="${y}" text-anchor="middle" font-size="13">${xml(title)}</text>`];
  const max = Math.max(...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)), 1e-9);
  const slot = PANEL_W / Math.max(bars.length, 1);
  const base = y + PANEL_H;
  out.push(`<line x1="${x}" y1="${base}" x2="${x + PANEL_W}" y2="${base}" stroke="#333"/>`);
  bars.forEach((b, i) => {
    const h = Number.isFinite(b.value) ? Math.max(1, ((PANEL_H - 40) * b.value) / max) : 0;
    const bx = x + i * slot + slot * 0.15;
    const bw = slot * 0.7;
    out.push(`<rect x="${bx.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${colors[b.server] ?? '#999'}"/>`);
    out.push(`<text x="${(bx + bw / 2).toFixed(1)}" y="${(base - h - 5).toFixed(1)}" text-anchor="middle" font-size="11">${xml(b.label)}</text>`);
    out.push(`<text x="${(bx + bw / 2).toFixed(1)}" y="${base + 15}" text-anchor="middle" font-size="12">${xml(b.server)}</text>`);
  });
  return out;
}

/** The SVG document: one row (deliveries/s, p99) per group that sent messages. Pure. */
export function comparisonSvg(groups: Map<string, Cell[]>, title: string): string {
  const rows = [...groups].filter(([, cells]) => cells.some((c) => c.runs.some((r) => r.messages !== null)));
  const width = LEFT * 3 + PANEL_W * 2;
  const height = TOP + rows.length * ROW_H + 10;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${xml(title)}</text>`,
  ];
  rows.forEach(([group, cells], i) => {
    const y = TOP + i * ROW_H + 20;
    const rounds = Math.max(...cells.map((c) => c.runs.length));
    const suffix = rounds > 1 ? ` (median of ${rounds} runs)` : '';
    const withMsgs = cells.filter((c) => c.runs.some((r) => r.messages !== null));
    const del = withMsgs.map((c) => {
      const v = median(c.runs.flatMap((r) => (r.messages ? [r.messages.deliveriesPerSecond] : [])));
      return { server: c.server, value: v, label: v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${fmt(v / 1e3)} k` };
    });
    const p99 = withMsgs.map((c) => {
      const v = median(c.runs.flatMap((r) => (r.messages ? [r.messages.latency.p99Ms] : [])));
      return { server: c.server, value: v, label: `${fmt(v, v < 100 ? 1 : 0)} ms` };
    });
    out.push(...panel(LEFT, y, `${group}: deliveries/s${suffix}, higher is better`, del));
    out.push(...panel(LEFT * 2 + PANEL_W, y, `${group}: p99 latency${suffix}, lower is better`, p99));
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Markdown rows: one per group and server; rounds listed when there are several. Pure. */
export function comparisonMarkdown(groups: Map<string, Cell[]>): string {
  const lines = [
    '| run | server | deliveries/s | sent/s | p50 / p99 / p99.9 (ms) | lost / dup / reordered | RSS per connection | setup (conn/s) | churn cycles/s | server / generator CPU |',
    '|---|---|---:|---:|---|---|---:|---:|---:|---|',
  ];
  for (const [group, cells] of groups) {
    for (const c of cells) {
      const runs = c.runs;
      const pick = (f: (r: BenchJson) => number | undefined): number => median(runs.flatMap((r) => {
        const v = f(r);
        return v === undefined ? [] : [v];
      }));
      const each = (f: (r: BenchJson) => number | undefined, digits = 0): string => {
        const m = pick(f);
        if (!Number.isFinite(m)) return '';
        return runs.length > 1 ? `**${fmt(m, digits)}** (${runs.map((r) => fmt(f(r) ?? NaN, digits)).join(', ')})` : fmt(m, digits);
      };
      const msg = runs.some((r) => r.messages !== null);
      const loss = msg ? runs.map((r) => (r.messages ? `${r.messages.lost} / ${r.messages.duplicated} / ${r.messages.outOfOrder}` : '')).join('; ') : '';
      const rss = pick((r) => r.server?.rssPerConnectionBytes);
      const failed = runs.reduce((n, r) => n + (r.setup?.failed ?? 0) + (r.probe?.missed ?? 0) + r.disconnects + (r.churn?.errors ?? 0), 0);
      const latency = msg
        ? `${fmt(pick((r) => r.messages?.latency.p50Ms), 1)} / ${each((r) => r.messages?.latency.p99Ms, 1)} / ${fmt(pick((r) => r.messages?.latency.p999Ms), 1)}`
        : c.scenario === 'churn' ? `cycle ${fmt(pick((r) => r.churn?.cycleLatency.p50Ms), 1)} / ${fmt(pick((r) => r.churn?.cycleLatency.p99Ms), 1)} / -` : '';
      lines.push([
        '', group, c.server,
        msg ? each((r) => r.messages?.deliveriesPerSecond) : '',
        msg ? fmt(pick((r) => r.messages?.sentPerSecond)) : '',
        latency,
        loss + (failed > 0 ? ` (${failed} failed/missed/dropped)` : ''),
        c.scenario === 'idle' && Number.isFinite(rss) ? `${fmt(rss / 1024, 1)} KiB` : '',
        c.scenario === 'churn' ? '' : fmt(pick((r) => r.setup?.connectionsPerSecond)),
        c.scenario === 'churn' ? fmt(pick((r) => r.churn?.cyclesPerSecond)) : '',
        `${fmt(pick((r) => r.cpu?.serverPercent ?? undefined))}% / ${fmt(pick((r) => r.cpu?.generatorPercent))}%`,
        '',
      ].join(' | ').trim());
    }
  }
  return lines.join('\n') + '\n';
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: {
      svg: { type: 'string' },
      title: { type: 'string', default: 'zchat bench over IRC: zchat, ngIRCd, InspIRCd, ergo (server on one core)' },
      markdown: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    process.stderr.write('usage: node dist/bench/compare-chart.js [--svg FILE] [--markdown] [--title TEXT] BENCH_OUT_DIR...\n');
    process.exit(2);
  }
  const groups = load(positionals);
  if (values.svg !== undefined) writeFileSync(values.svg, comparisonSvg(groups, values.title));
  if (values.markdown) process.stdout.write(comparisonMarkdown(groups));
}

main();
