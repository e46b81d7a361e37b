/**
 * A shard of a chat run: it brings up clients `[from, to)`, joins each to its room, and while running
 * makes its senders talk (closed loop or at a rate) while every client checks what it receives: latency
 * into an HDR histogram, sequence numbers into a `SeqTracker`. With no rooms and no senders the same
 * shard is the idle scenario (register, hold, probe).
 *
 * Closed loop: a sender keeps `window` messages outstanding, a message counting as acknowledged once every
 * member of its room in this shard has it. That bounds what the server queues for this shard's readers
 * by the window, whatever the server's speed.
 */
import type { RecordableHistogram } from 'node:perf_hooks';
import { bringUp, inPool, type ClientSetup } from './clients.js';
import { cpuTotal, nowMicros, sleep } from './clock.js';
import type { BenchConn, ConnSink } from './conn.js';
import { latencyHistogram, recordMicros } from './histogram.js';
import { encodePayload, type Payload } from './payload.js';
import { driverFor, type Driver } from './protocol.js';
import type { ChatTask, FinishArg, FinishReport, ProbeReport, Progress, SetupReport, ShardApi, StopReport } from './shard-types.js';
import { SeqTracker } from './tracker.js';

/** Most bytes queued in one sender's socket before a rate-driven send is skipped (the server is not reading). */
const MAX_SENDER_BACKLOG = 1 << 20;

interface LocalSender {
  sid: number;
  conn: BenchConn;
  room: string;
  /** Messages sent so far (= next sequence number). */
  seq: number;
  /** Messages every local member of the room has received (closed loop). */
  acked: number;
  /** Local receipts per outstanding message, indexed by seq % window. */
  ring: Int32Array;
  localReceivers: number;
}

/** Remember up to 5 distinct error messages. */
export function noteError(errors: string[], err: unknown): void {
  const text = err instanceof Error ? err.message : String(err);
  if (errors.length < 5 && !errors.includes(text)) errors.push(text);
}

/** A chat (or idle) shard; see the module comment. Owns its connections and closes them in `close`. */
export class ChatShard implements ShardApi, ConnSink {
  private readonly driver: Driver;
  private readonly setupOpts: ClientSetup;
  private conns: (BenchConn | null)[] = [];
  private readonly tracker: SeqTracker;
  private readonly histogram: RecordableHistogram = latencyHistogram();
  private readonly senders: LocalSender[] = [];
  private readonly senderBySid: (LocalSender | undefined)[] = [];
  /** Members per room index among this shard's clients. */
  private readonly roomCounts: number[];
  private readonly errors: string[] = [];
  private running = false;
  private endMicros = Infinity;
  private goMicros = 0;
  private cpuAtGo: NodeJS.CpuUsage = process.cpuUsage();
  private rateTimer: NodeJS.Timeout | null = null;
  private rateSent = 0;
  private rateCursor = 0;
  private deliveries = 0;
  private inWindow = 0;
  private disconnects = 0;
  private closing = false;
  private probeStart = new Float64Array(0);
  private rtts: number[] = [];
  private probeLast = 0;
  private probeDone: (() => void) | null = null;
  readonly progress: Progress = { ready: 0, sent: 0, delivered: 0, cycles: 0 };

  constructor(private readonly task: ChatTask) {
    this.driver = driverFor(task.connect.protocol);
    this.setupOpts = { ...task.connect, driver: this.driver };
    this.tracker = new SeqTracker(Math.max(1, task.senderClients.length));
    this.roomCounts = task.rooms.map(() => 0);
  }

  private roomIndex(client: number): number {
    return client % this.task.rooms.length;
  }

  /** Local members that should receive each message of sender `sid`. */
  private localReceivers(sid: number): number {
    const client = this.task.senderClients[sid]!;
    const own = client >= this.task.from && client < this.task.to ? 1 : 0;
    return this.roomCounts[this.roomIndex(client)]! - own;
  }

  async setup(): Promise<SetupReport> {
    const { from, to, rooms } = this.task;
    const results = await inPool(to - from, this.task.connect.concurrency, (k) => {
      const i = from + k;
      return bringUp(this.setupOpts, i, this, rooms.length > 0 ? [rooms[this.roomIndex(i)]!] : []);
    }, () => this.progress.ready++);
    this.conns = results.map((r) => (r instanceof Error ? null : r));
    let failed = 0;
    for (const r of results) if (r instanceof Error) {
      failed++;
      noteError(this.errors, r);
    }
    this.progress.ready = to - from - failed;
    // Only clients that made it count as receivers.
    this.roomCounts.fill(0);
    if (rooms.length > 0) this.conns.forEach((c, k) => c && this.roomCounts[this.roomIndex(from + k)]!++);
    for (const [sid, client] of this.task.senderClients.entries()) {
      if (client < from || client >= to) continue;
      const conn = this.conns[client - from];
      if (!conn) continue;
      const s: LocalSender = { sid, conn, room: rooms[this.roomIndex(client)]!, seq: 0, acked: 0, ring: new Int32Array(this.task.window), localReceivers: this.localReceivers(sid) };
      if (this.task.rate === 0 && s.localReceivers === 0) throw new Error(`sender ${sid} has no other member of ${s.room} in its shard to acknowledge it; use --rate or fewer workers`);
      this.senders.push(s);
      this.senderBySid[sid] = s;
    }
    return { ready: this.progress.ready, failed, errors: [...this.errors], doneMicros: nowMicros(), cpuMicros: cpuTotal() };
  }

  async probeRound(): Promise<ProbeReport> {
    const live = this.conns.filter((c): c is BenchConn => c !== null && !c.closed);
    this.probeStart = new Float64Array(live.length);
    this.rtts = [];
    const startMicros = nowMicros();
    this.probeLast = startMicros;
    const done = new Promise<void>((resolve) => (this.probeDone = resolve));
    live.forEach((conn, k) => {
      conn.tag = k;
      this.probeStart[k] = nowMicros();
      this.driver.probe(conn, k);
    });
    if (live.length === 0) this.probeDone?.();
    await Promise.race([done, sleep(this.task.connect.timeoutMs)]);
    this.probeDone = null;
    return { sent: live.length, answered: this.rtts.length, rtts: Float64Array.from(this.rtts), startMicros, lastMicros: this.probeLast };
  }

  async go(endMicros: number): Promise<void> {
    this.endMicros = endMicros;
    this.goMicros = nowMicros();
    this.cpuAtGo = process.cpuUsage();
    this.running = true;
    if (this.task.rate > 0) this.rateTimer = setInterval(() => this.rateTick(), 5);
    else for (const s of this.senders) this.pump(s);
  }

  async stop(): Promise<StopReport> {
    this.running = false;
    if (this.rateTimer) clearInterval(this.rateTimer);
    this.rateTimer = null;
    const cpu = process.cpuUsage(this.cpuAtGo);
    return { sent: this.senders.map((s) => [s.sid, s.seq]), cycles: 0, cycleErrors: 0, errors: [...this.errors], cpuMicros: cpu.user + cpu.system };
  }

  async finish(arg: FinishArg): Promise<FinishReport> {
    const sids = arg.sent.map((_, sid) => sid).filter((sid) => this.task.rooms.length > 0 && this.localReceivers(sid) > 0);
    const expected = sids.reduce((sum, sid) => sum + arg.sent[sid]! * this.localReceivers(sid), 0);
    const deadline = Date.now() + arg.drainMs;
    while (this.tracker.distinct < expected && Date.now() < deadline && this.liveCount() > 0) await sleep(20);
    const counts = this.tracker.finish(sids, (sid) => arg.sent[sid]!, (sid) => this.localReceivers(sid));
    return {
      deliveries: this.deliveries,
      inWindow: this.inWindow,
      expected,
      counts,
      histogram: this.histogram,
      quantiles: null,
      latencyCount: this.histogram.count,
      disconnects: this.disconnects,
      errors: [...this.errors],
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.running = false;
    if (this.rateTimer) clearInterval(this.rateTimer);
    for (const c of this.conns) c?.close();
  }

  private liveCount(): number {
    let n = 0;
    for (const c of this.conns) if (c !== null && !c.closed) n++;
    return n;
  }

  // ---- sending ----------------------------------------------------------------------------------------

  private sendOne(s: LocalSender): void {
    const text = encodePayload(s.sid, s.seq, nowMicros(), this.task.size);
    s.conn.send(this.driver.messageBytes(s.room, text));
    s.seq++;
    this.progress.sent++;
  }

  /** Closed loop: fill the window. */
  private pump(s: LocalSender): void {
    while (this.running && s.seq - s.acked < this.task.window && !s.conn.closed) this.sendOne(s);
  }

  /** Rate mode: send what is due since `go`, round-robin over the senders. */
  private rateTick(): void {
    if (!this.running || this.senders.length === 0) return;
    const due = Math.floor(((nowMicros() - this.goMicros) * this.task.rate) / 1e6) - this.rateSent;
    for (let k = 0; k < due; k++) {
      const s = this.senders[this.rateCursor++ % this.senders.length]!;
      this.rateSent++;
      if (s.conn.closed || s.conn.backlog > MAX_SENDER_BACKLOG) continue;
      this.sendOne(s);
    }
  }

  // ---- ConnSink ---------------------------------------------------------------------------------------

  onMessage(conn: BenchConn, p: Payload, recvMicros: number): void {
    const sid = p.sender;
    if (sid >= this.task.senderClients.length || this.task.senderClients[sid] === conn.index) return; // not ours, or an echo
    this.deliveries++;
    this.progress.delivered++;
    if (recvMicros <= this.endMicros) this.inWindow++;
    recordMicros(this.histogram, recvMicros - p.sentMicros);
    if (!this.tracker.record(conn.index - this.task.from, sid, p.seq)) return;
    const s = this.senderBySid[sid];
    if (s === undefined || this.task.rate > 0 || p.seq < s.acked || p.seq >= s.seq) return;
    const w = this.task.window;
    s.ring[p.seq % w]!++;
    let advanced = false;
    while (s.acked < s.seq && s.ring[s.acked % w] === s.localReceivers) {
      s.ring[s.acked % w] = 0;
      s.acked++;
      advanced = true;
    }
    if (advanced) this.pump(s);
  }

  onProbe(conn: BenchConn, recvMicros: number): void {
    if (this.probeDone === null) return;
    this.rtts.push(recvMicros - this.probeStart[conn.tag]!);
    this.probeLast = recvMicros;
    if (this.rtts.length === this.probeStart.length) this.probeDone();
  }

  onClose(conn: BenchConn, error: Error | null): void {
    if (this.closing || !conn.ready) return;
    this.disconnects++;
    noteError(this.errors, error ?? new Error(`client ${conn.nick} disconnected by the server${conn.lastLine ? `: ${conn.lastLine}` : ''}`));
  }
}
