/**
 * The coordinator of one `zchat bench` run: plans the shards, brings every client up, runs the scenario's
 * phases over all shards at once (setup, probe round, sending window, drain), samples the server from
 * /proc, and merges what the shards report into one `BenchResult`. Every phase is bounded by
 * `timeoutMs` or the duration; shards are closed on every path out.
 */
import { randomInt } from 'node:crypto';
import { cpus } from 'node:os';
import type { RecordableHistogram } from 'node:perf_hooks';
import { cpuTotal, nowMicros, sleep } from './clock.js';
import { importQuantiles, latencyHistogram, recordMicros, summarize, type LatencySummary } from './histogram.js';
import { spawnShard, type ShardHandle, type ShardKind } from './host.js';
import { clientsPerSource, type BenchOptions } from './options.js';
import { readCpuMicros, readRssBytes } from './proc.js';
import type { FinishReport, ShardConnect, ShardTask, StopReport } from './shard-types.js';
import type { SenderCounts } from './tracker.js';

/** Everything a run measured; `--json` prints it as is. Rates are per second, times in ms. */
export interface BenchResult {
  scenario: BenchOptions['scenario'];
  protocol: BenchOptions['protocol'];
  target: string;
  clients: number;
  machine: { cpus: number; model: string; node: string };
  shards: { count: number; kind: ShardKind };
  setup: { ready: number; failed: number; seconds: number; connectionsPerSecond: number; errors: string[] };
  probe: { sent: number; answered: number; missed: number; allBackMs: number; latency: LatencySummary } | null;
  messages: {
    senders: number;
    rooms: number;
    mode: string;
    seconds: number;
    sent: number;
    sentPerSecond: number;
    deliveries: number;
    deliveriesPerSecond: number;
    expected: number;
    lost: number;
    duplicated: number;
    outOfOrder: number;
    perSender: SenderCounts[];
    latency: LatencySummary;
  } | null;
  churn: { seconds: number; cycles: number; cyclesPerSecond: number; opsPerSecond: number; errors: number; cycleLatency: LatencySummary } | null;
  cpu: { phase: string; seconds: number; generatorPercent: number; serverPercent: number | null };
  server: { pid: number; rssBeforeBytes: number | null; rssAfterBytes: number | null; rssPerConnectionBytes: number | null } | null;
  disconnects: number;
  errors: string[];
}

/** A finished run: its result plus the merged latency histogram for --plot (idle: the probe round trips). */
export interface BenchRun {
  result: BenchResult;
  histogram: RecordableHistogram;
}

/** Hooks for the command: a progress line to show, or nothing. */
export interface RunHooks {
  progress?: (line: string) => void;
}

interface Plan {
  tasks: ShardTask[];
  kind: ShardKind;
  senderClients: number[];
  rooms: string[];
}

/** Split `[0, n)` into `k` contiguous ranges of nearly equal size. */
export function splitRange(n: number, k: number): [number, number][] {
  return Array.from({ length: k }, (_, i) => [Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)] as [number, number]);
}

/**
 * The shard tasks for `o`: contiguous client ranges; fanout senders dealt round-robin over the shards
 * (sender j is the (j / shards)-th client of shard j % shards) so each shard acknowledges its own.
 */
export function planShards(o: BenchOptions, runTag: string): Plan {
  const count = Math.max(1, o.workers);
  const kind: ShardKind = o.workers === 0 ? 'inline' : o.fork ? 'process' : 'thread';
  const ranges = splitRange(o.clients, count);
  const rooms = o.scenario === 'idle' || o.scenario === 'churn' ? [] : o.rooms === 1 ? [o.room] : Array.from({ length: o.rooms }, (_, r) => `${o.room}${r}`);
  const senderClients = o.scenario === 'rooms'
    ? Array.from({ length: o.clients }, (_, i) => i)
    : o.scenario === 'fanout' ? Array.from({ length: o.senders }, (_, j) => ranges[j % count]![0] + Math.floor(j / count)) : [];
  const tasks = ranges.map(([from, to]): ShardTask => {
    const connect: ShardConnect = {
      protocol: o.protocol,
      host: o.host,
      port: o.port,
      localAddress: null,
      // Each source has its own ephemeral ports, and servers count connections per address.
      sources: o.sourceAddresses ? Math.max(count, Math.ceil(o.clients / clientsPerSource)) : 0,
      runTag,
      timeoutMs: o.timeoutMs,
      concurrency: o.concurrency,
      readBufferBytes: o.scenario === 'idle' ? 2048 : 16 * 1024,
    };
    if (o.scenario === 'churn') return { kind: 'churn', connect, firstLoop: from, loops: to - from, room: o.room };
    const local = senderClients.filter((c) => c >= from && c < to).length;
    const rate = senderClients.length === 0 ? 0 : (o.rate * local) / senderClients.length;
    return { kind: 'chat', connect, from, to, rooms, senderClients, rate, window: o.window, size: o.size };
  });
  return { tasks, kind, senderClients, rooms };
}

function percent(cpuMicros: number, wallMicros: number): number {
  return wallMicros > 0 ? Math.round((cpuMicros / wallMicros) * 1000) / 10 : 0;
}

/**
 * Run the benchmark `o` describes. Resolves the result; rejects when no client could be set up at all or a
 * shard died (with the reason). Clients are always closed before this settles.
 */
export async function runBench(o: BenchOptions, hooks: RunHooks = {}): Promise<BenchRun> {
  const runTag = randomInt(36 * 36).toString(36).padStart(2, '0');
  const plan = planShards(o, runTag);
  const shards: ShardHandle[] = plan.tasks.map((t) => spawnShard(t, plan.kind));
  let phase = 'setup';
  const started = nowMicros();
  const ticker = hooks.progress ? setInterval(() => hooks.progress!(progressLine(phase, shards, o, started)), 500) : null;
  const pid = o.serverPid;
  const rssBefore = pid === null ? null : readRssBytes(pid);
  try {
    const cpuSetup0 = cpuTotal();
    const serverSetup0 = pid === null ? null : readCpuMicros(pid);
    const t0 = nowMicros();
    const setups = await Promise.all(shards.map((s) => s.api.setup()));
    const setupEnd = Math.max(...setups.map((s) => s.doneMicros));
    const ready = setups.reduce((n, s) => n + s.ready, 0);
    const failed = setups.reduce((n, s) => n + s.failed, 0);
    const setupErrors = [...new Set(setups.flatMap((s) => s.errors))].slice(0, 5);
    if (ready === 0 && o.scenario !== 'churn') throw new Error(`no client could connect and register: ${setupErrors.join('; ') || 'unknown reason'}`);
    const setupSeconds = (setupEnd - t0) / 1e6;
    const childCpu = plan.kind === 'process' ? setups.reduce((n, s) => n + s.cpuMicros, 0) : 0;
    let cpu: BenchResult['cpu'] = {
      phase: 'setup',
      seconds: setupSeconds,
      generatorPercent: percent(cpuTotal() - cpuSetup0 + childCpu, setupEnd - t0),
      serverPercent: serverSetup0 === null ? null : percent((readCpuMicros(pid!) ?? serverSetup0) - serverSetup0, nowMicros() - t0),
    };

    let probe: BenchResult['probe'] = null;
    const h = latencyHistogram(); // probe round trips
    if (o.scenario !== 'churn') {
      phase = 'probe';
      const probes = await Promise.all(shards.map((s) => s.api.probeRound()));
      for (const p of probes) for (const rtt of p.rtts) recordMicros(h, rtt);
      const sent = probes.reduce((n, p) => n + p.sent, 0);
      const answered = probes.reduce((n, p) => n + p.answered, 0);
      const first = Math.min(...probes.map((p) => p.startMicros));
      probe = { sent, answered, missed: sent - answered, allBackMs: answered === sent ? (Math.max(...probes.map((p) => p.lastMicros)) - first) / 1000 : NaN, latency: summarize(h) };
    }
    const rssAfter = pid === null ? null : readRssBytes(pid);
    const server = pid === null ? null : {
      pid,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      rssPerConnectionBytes: rssBefore !== null && rssAfter !== null && ready > 0 ? Math.round((rssAfter - rssBefore) / ready) : null,
    };

    let messages: BenchResult['messages'] = null;
    let churn: BenchResult['churn'] = null;
    const histogram = latencyHistogram();
    let disconnects = 0;
    const errors = [...setupErrors];
    if (o.scenario === 'idle') {
      if (o.holdMs > 0) {
        phase = 'hold';
        await sleep(o.holdMs);
      }
    } else {
      phase = 'run';
      const cpu0 = cpuTotal();
      const server0 = pid === null ? null : readCpuMicros(pid);
      const goMicros = nowMicros();
      await Promise.all(shards.map((s) => s.api.go(goMicros + o.durationMs * 1000)));
      await sleep(o.durationMs);
      const stops: StopReport[] = await Promise.all(shards.map((s) => s.api.stop()));
      const wall = nowMicros() - goMicros;
      const serverCpu = server0 === null ? null : (readCpuMicros(pid!) ?? server0) - server0;
      const childCpu = plan.kind === 'process' ? stops.reduce((n, s) => n + s.cpuMicros, 0) : 0;
      cpu = { phase: 'run', seconds: wall / 1e6, generatorPercent: percent(cpuTotal() - cpu0 + childCpu, wall), serverPercent: serverCpu === null ? null : percent(serverCpu, wall) };
      for (const s of stops) for (const e of s.errors) if (!errors.includes(e)) errors.push(e);
      const seconds = o.durationMs / 1000;
      if (o.scenario === 'churn') {
        const finishes = await Promise.all(shards.map((s) => s.api.finish({ sent: [], drainMs: 0 })));
        mergeHistograms(histogram, finishes);
        const cycles = stops.reduce((n, s) => n + s.cycles, 0);
        churn = { seconds, cycles, cyclesPerSecond: cycles / seconds, opsPerSecond: (cycles * 5) / seconds, errors: stops.reduce((n, s) => n + s.cycleErrors, 0), cycleLatency: summarize(histogram) };
      } else {
        phase = 'drain';
        const sent = plan.senderClients.map(() => 0);
        for (const s of stops) for (const [sid, n] of s.sent) sent[sid] = n;
        const finishes = await Promise.all(shards.map((s) => s.api.finish({ sent, drainMs: o.timeoutMs })));
        mergeHistograms(histogram, finishes);
        const perSender = mergeCounts(finishes);
        const totalSent = sent.reduce((a, b) => a + b, 0);
        const deliveries = finishes.reduce((n, f) => n + f.deliveries, 0);
        disconnects = finishes.reduce((n, f) => n + f.disconnects, 0);
        for (const f of finishes) for (const e of f.errors) if (!errors.includes(e)) errors.push(e);
        messages = {
          senders: plan.senderClients.length,
          rooms: plan.rooms.length,
          mode: o.rate > 0 ? `rate ${o.rate}/s` : `closed loop, window ${o.window}`,
          seconds,
          sent: totalSent,
          sentPerSecond: totalSent / seconds,
          deliveries,
          deliveriesPerSecond: finishes.reduce((n, f) => n + f.inWindow, 0) / seconds,
          expected: finishes.reduce((n, f) => n + f.expected, 0),
          lost: perSender.reduce((n, c) => n + c.lost, 0),
          duplicated: perSender.reduce((n, c) => n + c.duplicated, 0),
          outOfOrder: perSender.reduce((n, c) => n + c.outOfOrder, 0),
          perSender,
          latency: summarize(histogram),
        };
      }
    }
    const result: BenchResult = {
      scenario: o.scenario,
      protocol: o.protocol,
      target: `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`,
      clients: o.clients,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      shards: { count: shards.length, kind: plan.kind },
      setup: { ready, failed, seconds: setupSeconds, connectionsPerSecond: setupSeconds > 0 ? ready / setupSeconds : 0, errors: setupErrors },
      probe,
      messages,
      churn,
      cpu,
      server,
      disconnects,
      errors: errors.slice(0, 10),
    };
    return { result, histogram: o.scenario === 'idle' ? h : histogram };
  } finally {
    if (ticker) clearInterval(ticker);
    await Promise.all(shards.map((s) => Promise.race([s.api.close().catch(() => s.kill()), sleep(5000).then(() => s.kill())])));
  }
}

function mergeHistograms(into: RecordableHistogram, finishes: FinishReport[]): void {
  for (const f of finishes) {
    if (f.histogram) into.add(f.histogram);
    else if (f.quantiles) importQuantiles(into, f.quantiles, f.latencyCount);
  }
}

/** Per-sender counts summed over shards. */
function mergeCounts(finishes: FinishReport[]): SenderCounts[] {
  const bySender = new Map<number, SenderCounts>();
  for (const f of finishes) {
    for (const c of f.counts) {
      const m = bySender.get(c.sender);
      if (!m) bySender.set(c.sender, { ...c });
      else {
        m.received += c.received;
        m.lost += c.lost;
        m.duplicated += c.duplicated;
        m.outOfOrder += c.outOfOrder;
      }
    }
  }
  return [...bySender.values()].sort((a, b) => a.sender - b.sender);
}

function progressLine(phase: string, shards: ShardHandle[], o: BenchOptions, started: number): string {
  let ready = 0, sent = 0, delivered = 0, cycles = 0;
  for (const s of shards) {
    const p = s.progress();
    ready += p.ready;
    sent += p.sent;
    delivered += p.delivered;
    cycles += p.cycles;
  }
  const t = ((nowMicros() - started) / 1e6).toFixed(1);
  const tail = o.scenario === 'churn' ? `cycles ${cycles}` : `sent ${sent}  delivered ${delivered}`;
  return `[${t}s] ${phase.padEnd(5)} ready ${ready}/${o.scenario === 'churn' ? 0 : o.clients}  ${tail}`;
}
