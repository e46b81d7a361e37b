/**
 * Group commit for a store backend: writes from the chat path are queued and applied together, one
 * transaction per `windowMs`, so a fan-out does not pay a disk write per message. When a commit fails (full
 * disk, I/O error, dead database) the writes stay queued, the failure is logged once per burst, and the
 * queue retries every `retryMs`; past `maxPending` the oldest writes are dropped (counted, logged) so memory
 * stays bounded. Nothing here throws to the producer.
 */
import type { Logger } from '../logger.js';
import type { WriteStats } from './types.js';

/** Bounds and timing of a `WriteQueue`. */
export interface WriteQueueOptions<Op> {
  /** Longest time a write waits before its commit starts (the durability window). */
  windowMs: number;
  /** A commit starts at once when this many writes are waiting. */
  maxBatch: number;
  /** Writes kept while commits fail; older ones are dropped past it. */
  maxPending: number;
  /** Wait between attempts after a failed commit. */
  retryMs: number;
  /** Apply `ops` in one transaction; throw (or reject) to keep them queued. */
  apply: (ops: readonly Op[]) => void | Promise<void>;
  logger: Logger;
  /** Names the store in log lines (file path or backend). */
  label: string;
}

/** A bounded queue of writes committed in groups. */
export class WriteQueue<Op> {
  private queue: Op[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failing = false;
  private dropped = 0;
  private droppedLogged = 0;
  private committed = 0;
  private closed = false;

  constructor(private readonly options: WriteQueueOptions<Op>) {}

  /** Queue one write. Never throws; after `close` the write is ignored. */
  push(op: Op): void {
    if (this.closed) return;
    this.queue.push(op);
    if (this.queue.length > this.options.maxPending) {
      // Keep the newest: the bound is what keeps a dead disk from growing memory without end.
      const excess = this.queue.length - this.options.maxPending;
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
    if (this.queue.length >= this.options.maxBatch && !this.failing) this.schedule(0);
    else this.schedule(this.failing ? this.options.retryMs : this.options.windowMs);
  }

  /** Commit what is queued now (waiting for a commit under way first). Resolves after the attempt; never rejects. */
  async flush(): Promise<void> {
    if (this.running) await this.running;
    if (this.queue.length === 0) return;
    this.clearTimer();
    await this.commit();
  }

  /**
   * Commit synchronously when `apply` is synchronous (SQLite): used before a read so that it sees every
   * earlier write. Returns false when a commit is already running asynchronously or the attempt failed.
   */
  flushSync(): boolean {
    if (this.running || this.queue.length === 0) return this.running === null;
    this.clearTimer();
    const ops = this.queue;
    this.queue = [];
    try {
      const result = this.options.apply(ops);
      if (result instanceof Promise) throw new Error('flushSync needs a synchronous apply');
      this.succeeded(ops.length);
      return true;
    } catch (err) {
      this.failed(ops, err);
      return false;
    }
  }

  stats(): WriteStats {
    return { pending: this.queue.length, failing: this.failing, dropped: this.dropped, committed: this.committed };
  }

  /** Flush once more and stop accepting writes. Idempotent; never rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.clearTimer();
    if (this.queue.length > 0) {
      this.options.logger.error({ store: this.options.label, lost: this.queue.length }, 'store closed with writes it could not commit');
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.commit();
    }, delayMs);
    // A pending commit must not keep a process alive that is otherwise done; close() flushes explicitly.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private commit(): Promise<void> {
    if (this.running) return this.running;
    const ops = this.queue;
    this.queue = [];
    if (ops.length === 0) return Promise.resolve();
    const run = this.attempt(ops);
    this.running = run;
    // Registered before any caller's await on `run`, so `running` is clear when they resume.
    void run.then(() => {
      this.running = null;
      if (this.queue.length > 0) this.schedule(this.failing ? this.options.retryMs : this.options.windowMs);
    });
    return run;
  }

  /** Apply `ops`; never rejects. */
  private async attempt(ops: Op[]): Promise<void> {
    try {
      await this.options.apply(ops);
      this.succeeded(ops.length);
    } catch (err) {
      this.failed(ops, err);
    }
  }

  private succeeded(count: number): void {
    this.committed += count;
    if (this.failing) {
      this.failing = false;
      this.options.logger.info({ store: this.options.label, dropped: this.dropped - this.droppedLogged }, 'store writes succeed again');
      this.droppedLogged = this.dropped;
    }
  }

  private failed(ops: Op[], err: unknown): void {
    // Put them back in front of what arrived meanwhile, then bound the whole.
    this.queue = ops.concat(this.queue);
    if (this.queue.length > this.options.maxPending) {
      const excess = this.queue.length - this.options.maxPending;
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
    if (!this.failing) {
      this.failing = true;
      this.options.logger.error(
        { store: this.options.label, err: err instanceof Error ? err.message : String(err), pending: this.queue.length, retryMs: this.options.retryMs },
        'store write failed; chat goes on, retrying',
      );
    }
    this.schedule(this.options.retryMs);
  }
}
