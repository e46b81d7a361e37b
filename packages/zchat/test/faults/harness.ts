/**
 * The fault suite's harness (`npm run faults`, issue 16): a real `zchat serve` child process on loopback, what the
 * kernel says about it (open descriptors, resident memory now and at its peak), healthy clients that exchange
 * sequence-numbered messages beside an attack, and the figures each scenario reports. Everything is bounded in count
 * and time; everything targets 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Address, tcpConnectToAddress, type Stream } from 'znet';

/** bin/zchat.js, from dist/test/faults. */
export const zchatBin = fileURLToPath(new URL('../../../bin/zchat.js', import.meta.url));

/** Longer runs with FAULTS_SOAK=1 (each attack lasts this many times longer). */
export const soak = process.env.FAULTS_SOAK === '1' ? 10 : 1;

/** The ceiling on the server's peak resident memory in any scenario (MiB): stated in docs/RELIABILITY.md. */
export const rssBoundMiB = 400;

/**
 * The ceiling on the healthy clients' 99th-percentile delivery time under any attack (ms). Generous, because the
 * suite shares two cores with its own attackers (and in CI with whatever else runs).
 */
export const p99BoundMs = 3_000;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `check` every 50 ms until it holds or `ms` pass; resolves whether it held. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/** The config every scenario starts from: loopback, flood control loose enough for the healthy senders. */
export function baseConfig(): Record<string, unknown> {
  return {
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    irc: { enabled: true, port: 0 },
    web: { enabled: false },
    logLevel: 'warn',
    limits: {
      floodBurst: 20,
      floodPerSecond: 20,
      roomLinesPerSecond: 100,
      roomBurst: 200,
      maxConnections: 20_000,
      maxConnectionsPerIp: 20_000,
      registrationTimeoutMs: 3_000,
      sendQueueBytes: 262_144,
      tlsHandshakeTimeoutMs: 2_000,
      shutdownTimeoutMs: 2_000,
    },
  };
}

/** A running `zchat serve`. */
export class Zchat {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | string>;
  ports: Record<string, number> = {};

  private constructor(readonly child: ChildProcess, readonly dir: string, readonly configPath: string) {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  }

  /** Write `config` to a file and start `zchat serve --config` on it (under `prlimit --nofile=N` when `nofile`). */
  static async start(config: Record<string, unknown>, options: { nofile?: number; dir?: string } = {}): Promise<Zchat> {
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'zchat-faults-')));
    const configPath = join(dir, 'zchat.json');
    await writeFile(configPath, JSON.stringify(config));
    const args = [zchatBin, 'serve', '--config', configPath];
    const child = options.nofile
      ? spawn('prlimit', [`--nofile=${options.nofile}:${options.nofile}`, process.execPath, ...args], { stdio: 'pipe' })
      : spawn(process.execPath, args, { stdio: 'pipe' });
    const z = new Zchat(child, dir, configPath);
    if (!(await eventually(() => z.stdout.includes('Stop with Ctrl-C.') || child.exitCode !== null, 15_000)) || child.exitCode !== null) {
      throw new Error(`zchat did not start:\n${z.stdout}\n${z.stderr}`);
    }
    for (const [label, key] of [['plain text', 'plain'], ['IRC', 'irc'], ['plain text over TLS', 'plainTls'], ['IRC over TLS', 'ircTls']] as const) {
      const m = new RegExp(`  ${label.replace(/ /g, ' ')}: listening on 127\\.0\\.0\\.1:(\\d+)\\n`).exec(z.stdout);
      if (m) z.ports[key] = Number(m[1]);
    }
    return z;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Open file descriptors of the server process. */
  fds(): number {
    return readdirSync(`/proc/${this.pid}/fd`).length;
  }

  /** Resident memory now and the peak so far (VmRSS, VmHWM), MiB. */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }

  /** SIGTERM and wait (bounded), then remove the config directory. */
  async stop(): Promise<number | string> {
    if (this.alive) this.child.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(10_000).then(() => 'timeout')]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    await rm(this.dir, { recursive: true, force: true });
    return code;
  }
}

const encoder = new TextEncoder();

/** Connect to 127.0.0.1:`port` over TCP. */
export function connect(port: number): Promise<Stream> {
  return tcpConnectToAddress(Address.parseIp('127.0.0.1', port), { timeoutMs: 10_000 });
}

/** Write text or bytes; false if the peer is gone. */
export async function send(s: Stream, data: string | Uint8Array): Promise<boolean> {
  try {
    await s.writeAll(typeof data === 'string' ? encoder.encode(data) : data);
    return true;
  } catch {
    return false;
  }
}

/** Read and drop everything until the stream ends (an attacker that reads, so only its own behaviour matters). */
export async function drain(s: Stream): Promise<void> {
  const buf = new Uint8Array(65_536);
  try {
    while ((await s.read(buf)) > 0) {
      // discard
    }
  } catch {
    // reset: the end
  }
}

/** A plain-text client that calls `onLine` for every line it reads. */
export class PlainPeer {
  ended = false;
  private text = '';
  private constructor(readonly stream: Stream, private readonly onLine: (line: string) => void) {}

  /** Connect to the plain port and log in as `name`; resolves once the room list arrives. */
  static async login(port: number, name: string, onLine: (line: string) => void = () => undefined): Promise<PlainPeer> {
    let ready: () => void = () => undefined;
    const joined = new Promise<void>((r) => (ready = r));
    const peer = new PlainPeer(await connect(port), (line) => {
      if (line.startsWith('In #')) ready();
      onLine(line);
    });
    void peer.pump();
    await send(peer.stream, `${name}\n`);
    await Promise.race([joined, sleep(10_000).then(() => Promise.reject(new Error(`${name} did not log in`)))]);
    return peer;
  }

  private async pump(): Promise<void> {
    const buf = new Uint8Array(65_536);
    const decoder = new TextDecoder();
    try {
      for (let n = await this.stream.read(buf); n > 0; n = await this.stream.read(buf)) {
        this.text += decoder.decode(buf.subarray(0, n), { stream: true });
        let i: number;
        while ((i = this.text.indexOf('\n')) >= 0) {
          this.onLine(this.text.slice(0, i).replace(/\r$/, ''));
          this.text = this.text.slice(i + 1);
        }
      }
    } catch {
      // reset
    }
    this.ended = true;
  }

  line(text: string): Promise<boolean> {
    return send(this.stream, `${text}\n`);
  }

  close(): void {
    this.stream.close();
  }
}

/** What the healthy clients saw during a scenario. */
export interface HealthFigures {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  reordered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * A healthy pair in #lobby: a sender posting `seq <n> t=<ms>` every `everyMs`, a receiver checking that each arrives
 * once and in order and timing it. `stop` stops sending and waits (bounded) for the last one.
 */
export class HealthyPair {
  private sent = 0;
  private last = 0;
  private received = 0;
  private lost = 0;
  private duplicated = 0;
  private reordered = 0;
  private readonly latencies: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sender!: PlainPeer;
  private receiver!: PlainPeer;

  private constructor(readonly tag: string) {}

  static async start(port: number, tag: string, everyMs = 50): Promise<HealthyPair> {
    const pair = new HealthyPair(tag);
    const pattern = new RegExp(`^${tag}s: seq (\\d+) t=(\\d+)$`);
    pair.receiver = await PlainPeer.login(port, `${tag}r`, (line) => {
      const m = pattern.exec(line);
      if (m) pair.onSeq(Number(m[1]), Number(m[2]));
    });
    pair.sender = await PlainPeer.login(port, `${tag}s`);
    pair.timer = setInterval(() => {
      pair.sent++;
      void pair.sender.line(`seq ${pair.sent} t=${Date.now()}`);
    }, everyMs);
    return pair;
  }

  private onSeq(n: number, t: number): void {
    this.received++;
    this.latencies.push(Date.now() - t);
    if (n === this.last + 1) this.last = n;
    else if (n > this.last + 1) {
      this.lost += n - this.last - 1;
      this.last = n;
    } else if (n === this.last) this.duplicated++;
    else this.reordered++;
  }

  /** Both connections are still open. */
  get connected(): boolean {
    return !this.sender.ended && !this.receiver.ended;
  }

  async stop(): Promise<HealthFigures> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await eventually(() => this.last >= this.sent || !this.connected, 15_000);
    // Whatever never arrived by now is lost.
    if (this.last < this.sent) this.lost += this.sent - this.last;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    const figures = { sent: this.sent, received: this.received, lost: this.lost, duplicated: this.duplicated, reordered: this.reordered, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? 0 };
    this.sender.close();
    this.receiver.close();
    return figures;
  }
}

/** One scenario's figures, as the report table shows them. */
export interface ScenarioFigures {
  scenario: string;
  attack: string;
  health: HealthFigures;
  fds: { before: number; peak: number; after: number };
  rssMiB: { before: number; peak: number; after: number };
  seconds: number;
}

const figures: ScenarioFigures[] = [];

/** Record a scenario's figures for the report (`writeReport`). */
export function record(f: ScenarioFigures): void {
  figures.push(f);
}

/** The figures as a markdown table, and a JSON file for the record. */
export async function writeReport(path: string): Promise<string> {
  await writeFile(path, JSON.stringify(figures, null, 2));
  const rows = figures.map((f) => {
    const h = f.health;
    return `| ${f.scenario} | ${f.attack} | ${h.received}/${h.sent} | ${h.lost}/${h.duplicated}/${h.reordered} | ${h.p50Ms} / ${h.p99Ms} | ${f.rssMiB.before.toFixed(0)} / ${f.rssMiB.peak.toFixed(0)} / ${f.rssMiB.after.toFixed(0)} | ${f.fds.before} / ${f.fds.peak} / ${f.fds.after} | ${f.seconds.toFixed(1)} |`;
  });
  return [
    '| scenario | attack | healthy received/sent | lost/dup/reordered | healthy p50 / p99 ms | RSS MiB before / peak / after | fds before / peak / after | s |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/**
 * Run `attack` against a fresh server with a healthy pair beside it, sampling fds and memory; then check the pair
 * lost nothing, the server is alive, its fds come back to the baseline and its peak RSS is under the bound.
 * Returns the figures (also recorded). Throws with what went wrong.
 */
export async function scenario(
  name: string,
  attack: string,
  z: Zchat,
  run: (z: Zchat) => Promise<void>,
  options: { fdSlack?: number; healthyPort?: number } = {},
): Promise<ScenarioFigures> {
  const started = Date.now();
  const pair = await HealthyPair.start(options.healthyPort ?? z.ports.plain!, name.replace(/[^a-z]/gi, '').slice(0, 8) || 'h');
  await sleep(300);
  const before = { fds: z.fds(), rss: z.memory().rss };
  let peakFds = before.fds;
  const sampler = setInterval(() => {
    if (z.alive) peakFds = Math.max(peakFds, z.fds());
  }, 100);
  try {
    await run(z);
  } finally {
    clearInterval(sampler);
  }
  await sleep(500);
  const health = await pair.stop();
  if (!z.alive) throw new Error(`${name}: the server died (${z.stderr.slice(-2000)})`);
  const slack = options.fdSlack ?? 2;
  // The pair's own two connections are gone now: the baseline had them.
  await eventually(() => z.fds() <= before.fds - 2 + slack, 15_000);
  const mem = z.memory();
  const f: ScenarioFigures = {
    scenario: name,
    attack,
    health,
    fds: { before: before.fds, peak: peakFds, after: z.fds() + 2 },
    rssMiB: { before: before.rss, peak: mem.peak, after: mem.rss },
    seconds: (Date.now() - started) / 1000,
  };
  record(f);
  const problems: string[] = [];
  if (health.lost + health.duplicated + health.reordered > 0 || health.received < health.sent) problems.push(`healthy clients: ${JSON.stringify(health)}`);
  if (health.p99Ms > p99BoundMs) problems.push(`healthy p99 ${health.p99Ms} ms over the ${p99BoundMs} ms bound`);
  if (f.fds.after > before.fds + slack) problems.push(`fds ${before.fds} before, ${f.fds.after} after`);
  if (mem.peak > rssBoundMiB) problems.push(`peak RSS ${mem.peak.toFixed(0)} MiB over the ${rssBoundMiB} MiB bound`);
  if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`);
  return f;
}
