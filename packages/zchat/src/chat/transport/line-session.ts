/**
 * The session base every line protocol shares (plain text, IRC over TCP, TLS or WebSocket): the user in
 * the core, the coalescing writer (SendQueue), flood control (FloodQueue: delayed, not dropped), input
 * bookkeeping, and the lifecycle open -> ending (flushing a goodbye) -> closed. A protocol subclasses it
 * and supplies its parser, its command runner and its words; its transport (framing.ts) is what the
 * session writes to, whatever the framing.
 */
import type { ChatCore } from '../core/core.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import type { ChatUser, NewUser, SessionSink } from '../core/users.js';
import { FloodQueue } from './flood.js';
import type { FloodQueueOwner } from './flood.js';
import type { FrameSink, Transport } from './framing.js';
import { SendQueue } from './send-queue.js';
import type { SendQueueOwner } from './send-queue.js';

/**
 * Where a session writes its bytes: the output half of a framing `Transport`, which a znet `Stream` also
 * is (CR LF lines as they are); a WebSocket transport sends one line per message.
 */
export type SessionStream = Pick<Transport, 'writev' | 'writableLength' | 'closed' | 'close'>;

/** Whoever accepted the connection: told when the session begins ending and when it is closed. */
export interface SessionOwner<S> {
  /** The session began ending (its user has quit); it stays tracked until it closes. */
  sessionEnding(s: S, reason: string): void;
  /** The session's connection is closed: its connection slot is free again. */
  sessionClosed(s: S): void;
}

/** open: serving; ending: the user has quit, a goodbye is flushing; closed: the stream is closed. */
export type SessionState = 'open' | 'ending' | 'closed';

/** One connection of a line protocol; `L` is what its parser makes of one line. */
export abstract class LineSession<L> implements SessionSink, FrameSink, SendQueueOwner, FloodQueueOwner<L> {
  readonly core: ChatCore;
  /** The connection; the session owns it and closes it. */
  readonly stream: SessionStream;
  readonly user: ChatUser;
  /** When the connection was accepted and when it last sent a line (ms). */
  readonly connectedAt: number;
  lastInput: number;
  /** When `end` began (ms), for the gateway's forced close of sessions that do not flush. */
  endedAt = 0;
  protected state: SessionState = 'open';
  protected readonly out: SendQueue;
  protected readonly flood: FloodQueue<L>;
  private readonly owner: SessionOwner<LineSession<L>>;

  /** A session for `stream`, with a new core user made from `user` (this session is its sink). */
  constructor(core: ChatCore, owner: SessionOwner<LineSession<L>>, stream: SessionStream, user: Omit<NewUser, 'sink'>) {
    this.core = core;
    this.owner = owner;
    this.stream = stream;
    this.connectedAt = this.lastInput = core.now();
    this.flood = new FloodQueue(core.limits, core, this);
    this.out = new SendQueue(stream, core.limits.sendQueueBytes, this);
    this.user = core.createUser({ ...user, sink: this });
  }

  /** SessionSink: the core's events for this user. */
  abstract deliver(event: ChatEvent, wire: WireCache): void;
  /** FloodQueueOwner: run one parsed line (now, or when flood control lets it through). */
  abstract runLine(line: L): void;
  /** FrameSink: a line over the framing's limit was dropped; tell the client. */
  abstract onTooLong(): void;
  /** The parsed form of one line, or null for a line to ignore (empty). */
  protected abstract parse(bytes: Uint8Array): L | null;
  /** Too many lines wait behind flood control: end the session in the protocol's words. */
  protected abstract floodExceeded(): void;
  /** `end` is starting: finish pending output, and queue `farewell` (the protocol's goodbye) when given. */
  protected abstract beforeEnd(farewell: string | null): void;

  /** True once the session is ending or closed: further input and deliveries are ignored. */
  get ended(): boolean {
    return this.state !== 'open';
  }

  /** FloodQueueOwner: waiting lines run only while the session is open. */
  get acceptsLines(): boolean {
    return this.state === 'open';
  }

  /** FrameSink: one line (without its framing). Parsed now; run now or behind flood control. */
  onLine(bytes: Uint8Array): void {
    if (this.state !== 'open') return;
    this.lastInput = this.core.now();
    this.inputSeen();
    const parsed = this.parse(bytes);
    if (parsed === null) return;
    if (!this.flood.offer(parsed, this.lastInput, this.takesNoToken(parsed))) this.floodExceeded();
  }

  /** Whether `parsed` runs without a flood-control token (it still waits its turn behind queued lines). */
  protected takesNoToken(_parsed: L): boolean {
    return false;
  }

  /** Any line arrived (before parsing): a protocol's keep-alive bookkeeping. */
  protected inputSeen(): void {}

  /** Hand output gathered outside the send queue to it (no-op when none is kept). */
  protected flushPending(): void {}

  /** True when no output waits outside the send queue. */
  protected get pendingEmpty(): boolean {
    return true;
  }

  /**
   * End the session: `beforeEnd(farewell)`, the user quits with `reason`, the queue is flushed and the
   * stream closed (at once when `immediate`, e.g. for a peer that does not read). Idempotent. The
   * gateway forces the close if the flush does not finish within limits.shutdownTimeoutMs.
   */
  end(reason: string, farewell: string | null = null, immediate = false): void {
    if (this.endedAt !== 0 || this.state === 'closed') return;
    this.beforeEnd(farewell);
    this.state = 'ending';
    this.endedAt = this.core.now();
    this.flood.clear();
    this.core.quit(this.user, reason);
    this.owner.sessionEnding(this, reason);
    if (!immediate) this.flushPending();
    if (immediate || this.out.idle || this.stream.closed) this.close();
  }

  /** SendQueueOwner: the bound was crossed (told on a later tick): drop the peer at once. */
  onSendQueueExceeded(): void {
    this.end('SendQ exceeded', null, true);
  }

  /** SendQueueOwner: everything queued is written; a session that is ending can close now. */
  onDrained(): void {
    if (this.state === 'ending' && this.endedAt !== 0 && this.pendingEmpty && (this.out.idle || this.stream.closed)) this.close();
  }

  /** Drop output gathered outside the send queue (the stream is closing). */
  protected discardPending(): void {}

  /** Close the stream now (idempotent); the user quits if it has not yet; the owner forgets the session. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.discardPending();
    this.out.discard();
    this.flood.clear();
    this.core.quit(this.user, 'Connection closed');
    this.stream.close();
    this.owner.sessionClosed(this);
  }
}
