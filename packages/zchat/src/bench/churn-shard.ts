/**
 * A shard of the churn scenario: `loops` concurrent loops, each repeating connect, register, join, part,
 * quit (and waiting for the server to close) until stopped. A cycle's duration goes into an HDR
 * histogram; ops/s counts the five operations of every completed cycle.
 */
import type { RecordableHistogram } from 'node:perf_hooks';
import { bringUp, type ClientSetup } from './clients.js';
import { cpuTotal, nowMicros } from './clock.js';
import type { BenchConn, ConnSink } from './conn.js';
import { latencyHistogram, recordMicros } from './histogram.js';
import { noteError } from './chat-shard.js';
import { driverFor } from './protocol.js';
import type { ChurnTask, FinishReport, ProbeReport, Progress, SetupReport, ShardApi, StopReport } from './shard-types.js';

/** Client numbers per loop: loop L's n-th cycle uses client L * CYCLES_PER_LOOP + n (distinct nicks). */
const CYCLES_PER_LOOP = 1_000_000;

/** Resolves when the server has closed the connection after a quit. */
class CloseWaiter implements ConnSink {
  private resolve: (() => void) | null = null;
  readonly closed = new Promise<void>((r) => (this.resolve = r));
  onMessage(): void {}
  onProbe(): void {}
  onClose(): void {
    this.resolve?.();
  }
}

/** A churn shard; see the module comment. */
export class ChurnShard implements ShardApi {
  private readonly setupOpts: ClientSetup;
  private readonly histogram: RecordableHistogram = latencyHistogram();
  private readonly errors: string[] = [];
  private running = false;
  private loopsDone: Promise<void>[] = [];
  private cycleErrors = 0;
  private cpuAtGo: NodeJS.CpuUsage = process.cpuUsage();
  private readonly live = new Set<BenchConn>();
  readonly progress: Progress = { ready: 0, sent: 0, delivered: 0, cycles: 0 };

  constructor(private readonly task: ChurnTask) {
    this.setupOpts = { ...task.connect, driver: driverFor(task.connect.protocol) };
  }

  async setup(): Promise<SetupReport> {
    return { ready: 0, failed: 0, errors: [], doneMicros: nowMicros(), cpuMicros: cpuTotal() };
  }

  async probeRound(): Promise<ProbeReport> {
    const now = nowMicros();
    return { sent: 0, answered: 0, rtts: new Float64Array(0), startMicros: now, lastMicros: now };
  }

  async go(): Promise<void> {
    this.running = true;
    this.cpuAtGo = process.cpuUsage();
    for (let k = 0; k < this.task.loops; k++) this.loopsDone.push(this.loop(this.task.firstLoop + k));
  }

  private async loop(loop: number): Promise<void> {
    const { driver, timeoutMs } = this.setupOpts;
    for (let n = 0; this.running && n < CYCLES_PER_LOOP; n++) {
      const start = nowMicros();
      const waiter = new CloseWaiter();
      let conn: BenchConn | null = null;
      try {
        conn = await bringUp(this.setupOpts, loop * CYCLES_PER_LOOP + n, waiter, [this.task.room]);
        this.live.add(conn);
        await driver.part(conn, this.task.room, timeoutMs);
        driver.quit(conn);
        await Promise.race([waiter.closed, new Promise((_, reject) => setTimeout(reject, timeoutMs, new Error('the server did not close the connection after quit')).unref())]);
        recordMicros(this.histogram, nowMicros() - start);
        this.progress.cycles++;
      } catch (err) {
        this.cycleErrors++;
        noteError(this.errors, err);
        conn?.close();
      } finally {
        if (conn) this.live.delete(conn);
      }
    }
  }

  async stop(): Promise<StopReport> {
    this.running = false;
    const cycles = this.progress.cycles; // cycles finishing after the window closed do not count
    const cpu = process.cpuUsage(this.cpuAtGo);
    await Promise.all(this.loopsDone);
    return { sent: [], cycles, cycleErrors: this.cycleErrors, errors: [...this.errors], cpuMicros: cpu.user + cpu.system };
  }

  async finish(): Promise<FinishReport> {
    return { deliveries: 0, inWindow: 0, expected: 0, counts: [], histogram: this.histogram, quantiles: null, latencyCount: this.histogram.count, disconnects: 0, errors: [...this.errors] };
  }

  async close(): Promise<void> {
    this.running = false;
    for (const c of this.live) c.close();
  }
}
