/**
 * Flood control shared by every line protocol: a token bucket (limits.floodBurst lines at once,
 * limits.floodPerSecond sustained). A line without a token is delayed, not dropped (fake lag, as ircd
 * "fake lag" and ergo's throttle do); past limits.floodMaxQueuedLines waiting, the session is told to end.
 * A line the session calls free (registration, and queries that only answer the sender, as a client's connect
 * and join burst sends: PONG, WHO, MODE #room) takes no token, so a client's connect is never slowed; it still
 * waits its turn behind lines already waiting, so order holds. Free lines are bounded by what they cost the
 * server to answer, and by the send queue for a client that does not read its answers.
 * `FloodBucket` is pure arithmetic over an injected clock reading; `FloodQueue` adds the waiting lines and
 * their one timer.
 */
import type { Limits } from '../config.js';

/** A token bucket. `perSecond` 0 turns it off: `take` always succeeds. */
export class FloodBucket {
  private tokens: number;
  private lastRefill: number;

  /** A full bucket of `burst` tokens at time `now` (ms). */
  constructor(private readonly burst: number, private readonly perSecond: number, now: number) {
    this.tokens = burst;
    this.lastRefill = now;
  }

  /** False when flood control is off (every `take` succeeds). */
  get enabled(): boolean {
    return this.perSecond > 0;
  }

  /** Take one token at time `now` if one is available; true when the line may run now. */
  take(now: number): boolean {
    if (this.perSecond <= 0) return true;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) * this.perSecond) / 1000);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Ms until the next token, as of the last `take` (at least 1; 1 when flood control is off). */
  waitMs(): number {
    if (this.perSecond <= 0) return 1;
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }
}

/** The session behind a `FloodQueue`: it runs lines, and can hold them back whatever the tokens. */
export interface FloodQueueOwner<T> {
  /** False while lines must wait whatever the tokens (the session is ending, or a command is still busy). */
  readonly acceptsLines: boolean;
  /** Run one line now (called from `offer`, `resume` or the queue's timer). */
  runLine(line: T): void;
}

/** The flood limits a `FloodQueue` reads (from `ChatCore.limits`). */
export type FloodLimits = Pick<Limits, 'floodBurst' | 'floodPerSecond' | 'floodMaxQueuedLines'>;

function resumeTick<T>(q: FloodQueue<T>): void {
  q.timer = null;
  q.resume();
}

/**
 * One connection's input under flood control: a line runs at once while tokens last and nothing waits;
 * later lines wait, in order, and a single timer runs them as tokens return. No closure per connection
 * (the timer calls a module function). `clear` must be called when the session ends: it stops the timer.
 */
export class FloodQueue<T> {
  private readonly bucket: FloodBucket;
  private readonly maxQueued: number;
  private pending: { line: T; free: boolean }[] | null = null;
  /** @internal read by the module-level timer tick */
  timer: ReturnType<typeof setTimeout> | null = null;

  /** A full bucket as of `clock.now()`; `owner` runs the lines. */
  constructor(limits: FloodLimits, private readonly clock: { now(): number }, private readonly owner: FloodQueueOwner<T>) {
    this.bucket = new FloodBucket(limits.floodBurst, limits.floodPerSecond, clock.now());
    this.maxQueued = limits.floodMaxQueuedLines;
  }

  /** Lines waiting for a token (or for the owner to accept lines again). */
  get waiting(): number {
    return this.pending === null ? 0 : this.pending.length;
  }

  /**
   * Run `line` now (nothing waits, the owner accepts lines, a token is free or the line is `free`) or queue
   * it behind the others. Returns false when more than limits.floodMaxQueuedLines now wait: a flood, and the
   * caller should end the session (which calls `clear`). Never throws (other than what `runLine` throws).
   */
  offer(line: T, now: number, free = false): boolean {
    if (this.pending === null && this.owner.acceptsLines && (free || this.bucket.take(now))) {
      this.owner.runLine(line);
      return true;
    }
    (this.pending ??= []).push({ line, free });
    if (this.pending.length > this.maxQueued) return false;
    if (this.owner.acceptsLines) this.schedule();
    return true;
  }

  /** Run waiting lines in order while tokens last and the owner accepts them; then wait for the next token. */
  resume(): void {
    while (this.pending !== null && this.owner.acceptsLines) {
      if (!this.pending[0]!.free && !this.bucket.take(this.clock.now())) {
        this.schedule();
        return;
      }
      const next = this.pending.shift()!;
      if (this.pending.length === 0) this.pending = null;
      this.owner.runLine(next.line);
    }
  }

  /** Drop every waiting line and stop the timer (the session is ending). Idempotent. */
  clear(): void {
    this.pending = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(resumeTick, this.bucket.waitMs(), this);
  }
}
