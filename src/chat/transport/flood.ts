/**
 * Flood control shared by every line protocol: a token bucket (limits.floodBurst lines at once,
 * limits.floodPerSecond sustained). A line without a token is delayed, not dropped (fake lag, as ircd
 * "fake lag" and ergo's throttle do); the gateway disconnects past limits.floodMaxQueuedLines waiting.
 * Pure arithmetic over an injected clock reading; no timers here.
 */

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
