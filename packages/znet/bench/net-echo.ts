// npm run bench:net — znet's echo server beside raw node:net's, in one run, as ratios.
// Each server runs in its own process (release mode, pinned to core 0 when taskset exists); the load generator
// runs in another (core 1). Rounds alternate the order so drift on a shared machine hits both sides alike.
// Options: --seconds N (per measurement, default 3), --rounds N (default 3), --idle N (connections, default
// 10000), --only LIST (of pingpong, bulk, idle; default all), --json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    idle: { type: 'string', default: '10000' },
    only: { type: 'string', default: 'pingpong,bulk,idle' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(opts.seconds);
const rounds = Number(opts.rounds);
const idleCount = Number(opts.idle);
const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const pin = (core: number, args: string[]): [string, string[]] => (hasTaskset ? ['taskset', ['-c', String(core), ...args]] : [args[0]!, args.slice(1)]);
const env = { ...process.env, NODE_ENV: 'production', ZNET_MODE: 'release' };

// Both servers get the same fixed young generation: otherwise V8 grows it by heuristics during connection setup,
// and RSS per connection measures those heuristics rather than what a connection keeps.
const serverFlags = ['--max-semi-space-size=2'];

type Kind = 'znet' | 'raw';
interface Server { proc: ChildProcess; port: number; lines: AsyncIterator<string>; rl: Interface }

async function startServer(kind: Kind): Promise<Server> {
  const [cmd, args] = pin(0, [process.execPath, '--expose-gc', ...serverFlags, here('./echo-server.js'), kind]);
  const proc = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const rl = createInterface({ input: proc.stdout! });
  const lines = rl[Symbol.asyncIterator]();
  const first = await lines.next();
  return { proc, port: Number(String(first.value).split(' ')[1]), lines, rl };
}

async function stopServer(s: Server): Promise<void> {
  s.proc.stdin!.end();
  s.rl.close();
  s.proc.kill();
  await once(s.proc, 'exit');
}

async function memory(s: Server): Promise<{ rss: number; heapUsed: number; arrayBuffers: number }> {
  s.proc.stdin!.write('mem\n');
  const line = await s.lines.next();
  return JSON.parse(String(line.value).slice(4));
}

async function cpuMicros(s: Server): Promise<number> {
  s.proc.stdin!.write('cpu\n');
  const line = await s.lines.next();
  return Number(String(line.value).slice(4));
}

/** Runs one load; returns its rate and the server's CPU time per operation (µs per round trip or per MB). */
async function load(scenario: string, server: Server, conns: number): Promise<{ rate: number; cpuPerOp: number }> {
  const port = server.port;
  const cpuBefore = await cpuMicros(server);
  const [cmd, args] = pin(1, [process.execPath, here('./echo-load.js'), scenario, String(port), String(conns), String(seconds)]);
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  await once(proc, 'exit');
  const result = JSON.parse(out) as { value: number; operations: number };
  const cpu = (await cpuMicros(server)) - cpuBefore;
  return { rate: result.value, cpuPerOp: cpu / result.operations };
}

/** Marginal memory of one idle connection: the growth from N/2 to N connections, divided by N/2. */
async function idleMemory(kind: Kind): Promise<{ rss: number; heap: number }> {
  const server = await startServer(kind);
  const [cmd, args] = pin(1, [process.execPath, here('./echo-load.js'), 'idle', String(server.port), String(idleCount), '0']);
  const client = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const rl = createInterface({ input: client.stdout! });
  const lines = rl[Symbol.asyncIterator]();
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 500));
  await lines.next(); // half
  await settle();
  const half = await memory(server);
  client.stdin!.write('continue\n');
  await lines.next(); // ready
  await settle();
  const full = await memory(server);
  client.stdin!.end('done\n');
  await once(client, 'exit');
  await stopServer(server);
  const added = idleCount - Math.floor(idleCount / 2);
  return {
    rss: (full.rss - half.rss) / added,
    heap: (full.heapUsed + full.arrayBuffers - half.heapUsed - half.arrayBuffers) / added,
  };
}

const scenarios = [
  { name: 'ping-pong 64 B, 1 connection', scenario: 'pingpong', conns: 1, unit: 'round trips/s', cpuUnit: 'round trip', target: 0.9 },
  { name: 'ping-pong 64 B, 100 connections', scenario: 'pingpong', conns: 100, unit: 'round trips/s', cpuUnit: 'round trip', target: 0.9 },
  { name: 'bulk 64 KiB writes, 1 connection', scenario: 'bulk', conns: 1, unit: 'MB/s', cpuUnit: 'MB', target: 0.95 },
];
const only = new Set(opts.only.split(','));
const unknown = [...only].filter((o) => !['pingpong', 'bulk', 'idle'].includes(o));
if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ')} (pingpong, bulk, idle)`);
const results: Record<string, Record<Kind, number[]>> = {};
const cpuResults: Record<string, Record<Kind, number[]>> = {};
const chosen = scenarios.filter((s) => only.has(s.scenario));
for (let round = 0; round < rounds && chosen.length > 0; round++) {
  const order: Kind[] = round % 2 === 0 ? ['znet', 'raw'] : ['raw', 'znet'];
  for (const kind of order) {
    const server = await startServer(kind);
    for (const s of chosen) {
      const { rate: v, cpuPerOp } = await load(s.scenario, server, s.conns);
      ((results[s.name] ??= { znet: [], raw: [] })[kind]).push(v);
      ((cpuResults[s.name] ??= { znet: [], raw: [] })[kind]).push(cpuPerOp);
      if (!opts.json) process.stderr.write(`round ${round + 1} ${kind.padEnd(4)} ${s.name}: ${v.toFixed(1)} ${s.unit}, server CPU ${cpuPerOp.toFixed(2)} µs/${s.cpuUnit}\n`);
    }
    await stopServer(server);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = chosen.map((s) => {
  const z = median(results[s.name]!.znet), r = median(results[s.name]!.raw);
  return { name: s.name, unit: s.unit, znet: z, raw: r, ratio: z / r, target: `>= ${s.target}x`, met: z / r >= s.target };
});
// Server CPU per operation: steadier than rates on a shared machine. A ratio above 1 means znet spends more.
for (const s of chosen) {
  const z = median(cpuResults[s.name]!.znet), r = median(cpuResults[s.name]!.raw);
  rows.push({ name: `server CPU per ${s.cpuUnit}, ${s.name}`, unit: 'µs', znet: z, raw: r, ratio: z / r, target: '(info)', met: true });
}
if (only.has('idle')) {
// RSS moves by pages and allocator arenas, so one measurement can be off by a kilobyte per connection: take
// the median over the rounds, alternating which server goes first.
const samples: Record<Kind, { rss: number[]; heap: number[] }> = { znet: { rss: [], heap: [] }, raw: { rss: [], heap: [] } };
for (let round = 0; round < rounds; round++) {
  for (const kind of (round % 2 === 0 ? ['znet', 'raw'] : ['raw', 'znet']) as Kind[]) {
    const m = await idleMemory(kind);
    samples[kind].rss.push(m.rss);
    samples[kind].heap.push(m.heap);
    if (!opts.json) process.stderr.write(`round ${round + 1} ${kind.padEnd(4)} idle: ${m.rss.toFixed(0)} B RSS, ${m.heap.toFixed(0)} B heap per connection\n`);
  }
}
const mem: Record<Kind, { rss: number; heap: number }> = {
  znet: { rss: median(samples.znet.rss), heap: median(samples.znet.heap) },
  raw: { rss: median(samples.raw.rss), heap: median(samples.raw.heap) },
};
rows.push({ name: `idle memory per connection (RSS, marginal from ${idleCount / 2} to ${idleCount})`, unit: 'bytes', znet: mem.znet.rss, raw: mem.raw.rss, ratio: mem.znet.rss / mem.raw.rss, target: '<= 1.2x', met: mem.znet.rss / mem.raw.rss <= 1.2 });
rows.push({ name: `idle memory per connection (JS heap + buffers, marginal)`, unit: 'bytes', znet: mem.znet.heap, raw: mem.raw.heap, ratio: mem.znet.heap / mem.raw.heap, target: '(info)', met: true });
}

if (opts.json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, seconds, rounds, rows }, null, 2)}\n`);
} else {
  console.log(`\nznet vs raw node:net, node ${process.version}, median of ${rounds} rounds of ${seconds} s${hasTaskset ? ', server on core 0, load on core 1' : ''}`);
  console.log('| measurement | znet | raw node:net | ratio | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.znet.toFixed(1)} ${r.unit} | ${r.raw.toFixed(1)} ${r.unit} | ${r.ratio.toFixed(3)}x | ${r.target}${r.met ? '' : ' (missed)'} |`);
}
