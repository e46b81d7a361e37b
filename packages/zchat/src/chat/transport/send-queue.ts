/**
 * The coalescing writer shared by line protocols: deliveries append bytes to one queue, and a single
 * in-flight `stream.writev` drains everything queued since the last write. No promise per message, no
 * closure per connection (the flush tick is a module function), and a bound: past `limit` bytes (this
 * queue plus what the socket still holds) the owner is told once, on the next tick, never from inside
 * `push` (which may run in the middle of a core fan-out).
 */
import type { Stream } from 'znet';

/** What a `SendQueue` writes to: a znet `Stream` (tests use an in-memory one). */
export type SendQueueStream = Pick<Stream, 'writev' | 'writableLength' | 'closed'>;

/** What a `SendQueue` tells its owner (a session). Called outside `push`, on later ticks. */
export interface SendQueueOwner {
  /** The bound was crossed; the queue has already dropped its bytes and refuses more. */
  onSendQueueExceeded(): void;
  /** Everything queued so far has been handed to the kernel, or the write failed (the peer vanished). */
  onDrained(): void;
}

function flushTick(q: SendQueue): void {
  q.flushScheduled = false;
  if (!q.writing) void q.drain();
}

function exceededTick(owner: SendQueueOwner): void {
  owner.onSendQueueExceeded();
}

/** One connection's outgoing bytes. The owner keeps the stream; the queue never closes it. */
export class SendQueue {
  private queue: Uint8Array[] | null = null;
  private queuedBytes = 0;
  private refused = false;
  /** @internal state read by the module-level flush tick */
  writing = false;
  flushScheduled = false;

  constructor(private readonly stream: SendQueueStream, private readonly limit: number, private readonly owner: SendQueueOwner) {}

  /** Bytes waiting here (not yet handed to the socket). */
  get queued(): number {
    return this.queuedBytes;
  }

  /** True when nothing waits and no write is in flight. */
  get idle(): boolean {
    return !this.writing && !this.flushScheduled && (this.queue === null || this.queue.length === 0);
  }

  /**
   * Queue `bytes` (kept by reference: never mutate them afterwards). Returns false when refused: the
   * bound was crossed now or earlier (the owner hears of it once, on the next tick).
   */
  push(bytes: Uint8Array): boolean {
    if (this.refused) return false;
    (this.queue ??= []).push(bytes);
    this.queuedBytes += bytes.length;
    if (this.queuedBytes + this.stream.writableLength > this.limit) {
      this.discard();
      process.nextTick(exceededTick, this.owner);
      return false;
    }
    if (!this.writing && !this.flushScheduled) {
      // setImmediate, not nextTick: everything delivered during this event-loop turn leaves in one writev.
      this.flushScheduled = true;
      setImmediate(flushTick, this);
    }
    return true;
  }

  /** Drop everything queued and refuse further bytes (the connection is closing at once). Idempotent. */
  discard(): void {
    this.refused = true;
    this.discardQueued();
  }

  private discardQueued(): void {
    this.queue = null;
    this.queuedBytes = 0;
  }

  /** @internal Write everything queued, one writev per batch, until the queue is empty. Never rejects. */
  async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue !== null && this.queue.length > 0 && !this.stream.closed) {
        const batch = this.queue;
        this.queue = null;
        this.queuedBytes = 0;
        await this.stream.writev(batch);
      }
      // A closed stream takes nothing more: what is left can never be written.
      if (this.stream.closed) this.discardQueued();
    } catch {
      // A vanished peer: the read loop sees it too and ends the session.
      this.discardQueued();
    } finally {
      this.writing = false;
    }
    this.owner.onDrained();
  }
}
