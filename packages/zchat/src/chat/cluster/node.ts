/**
 * A cluster node: this server's core joined to the others through a `ClusterBus`.
 * - Every event this core emits goes on the bus; every other node applies it (replica.ts). Room and peer
 *   deliveries here wait for the bus too (the core's `hold` hook), except the actor's own copy, so every
 *   member, on every node, sees a room's events in the bus's one order, each once. The actor's own copy
 *   is immediate: labeled responses and JOIN replies need it inside the command.
 * - Nicks are held on the bus before the core gives them out (`core.nickClaims` is the bus); this node
 *   releases a nick when its user changes away from it or quits, and re-checks what it holds each beat.
 * - Heartbeats: every `heartbeatMs` the node records itself (valid `deadAfterMs`) and looks for nodes
 *   whose record expired; their users leave every room with a quit naming the node, their nicks are freed.
 */
import { hostname } from 'node:os';
import type { ClusterHooks, NickClaims } from '../core/cluster-seam.js';
import type { ChatCore } from '../core/core.js';
import type { Audience } from '../core/emit.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import { casefold } from '../core/casemap.js';
import type { ChatUser, UserId } from '../core/users.js';
import type { Logger } from '../logger.js';
import type { ClusterBus, NodeRecord } from './bus.js';
import { decodeFrame, encodeFrame, nodeOf } from './frames.js';
import type { Frame } from './frames.js';
import { Replica, isRemote, snapshotUser } from './replica.js';

/** Cluster settings (config `cluster`). */
export interface ClusterSettings {
  readonly nodeId: string;
  readonly heartbeatMs: number;
  readonly deadAfterMs: number;
  /** One line about this node for `zchat cluster status`. */
  readonly about?: string;
}

interface Held {
  readonly event: ChatEvent;
  readonly recipients: ChatUser[];
  readonly wire: WireCache;
  readonly at: number;
}

/** The default node id: letters and digits of the host name, then the pid (at most 16 characters). */
export function defaultNodeId(): string {
  const pid = process.pid.toString(36);
  const host = hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 15 - pid.length) || 'node';
  return `${host}${pid}`.slice(0, 16);
}

export class ClusterNode implements ClusterHooks, NickClaims {
  readonly id: string;
  private replica: Replica | null = null;
  private core: ChatCore | null = null;
  private readonly held = new Map<string, Held>();
  /** Nicks this node holds on the bus: folded -> owner, and when it was taken. */
  private readonly owned = new Map<string, { owner: UserId; at: number }>();
  private readonly startedAt = Date.now();
  private applying = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private closed = false;
  private unsubscribe: () => void = () => {};

  /** Make the core with this node as its `nickClaims`, then `start` it. */
  constructor(
    private readonly bus: ClusterBus,
    private readonly settings: ClusterSettings,
    private readonly logger: Logger,
  ) {
    this.id = settings.nodeId;
  }

  /** Attach to `core` (made with this node as its nickClaims) and the bus, say hello, start heartbeats. */
  async start(core: ChatCore): Promise<void> {
    this.core = core;
    this.replica = new Replica(core, this.logger);
    core.state.cluster = this;
    this.unsubscribe = core.subscribe((event, audience) => this.onLocalEvent(event, audience));
    this.bus.onFrame((text) => this.onFrame(text));
    // Frames sent while the bus was going down never come back: deliver them late rather than never.
    this.bus.onReconnect(() => {
      this.releaseAll();
      void this.reassert();
    });
    await this.beat();
    await this.send({ t: 'hello', n: this.id });
    this.timer = setInterval(() => void this.tick(), this.settings.heartbeatMs);
    this.timer.unref();
  }

  /** Whether `user` is this node's own (not a copy of another node's). */
  isLocal(user: ChatUser): boolean {
    return !isRemote(user);
  }

  // ---- ClusterHooks ---------------------------------------------------------------------------------

  registered(user: ChatUser): void {
    if (this.applying || isRemote(user)) return;
    this.owned.set(user.folded, { owner: user.id, at: Date.now() });
    void this.send({ t: 'user', n: this.id, u: snapshotUser(user) });
  }

  hold(event: ChatEvent, _audience: Audience, recipients: ChatUser[], wire: WireCache): boolean {
    if (this.applying || !this.bus.connected || this.closed) return false;
    const later: ChatUser[] = [];
    for (const u of recipients) {
      if (u.id === event.actor.id) u.sink.deliver(event, wire);
      else if (!isRemote(u)) later.push(u);
    }
    if (later.length > 0) this.held.set(event.id, { event, recipients: later, wire, at: Date.now() });
    return true;
  }

  // ---- frames ---------------------------------------------------------------------------------------

  private onLocalEvent(event: ChatEvent, audience: Audience): void {
    if (this.applying || this.closed) return;
    if (event.kind === 'nick' && casefold(event.actor.nick) !== casefold(event.newNick)) {
      void this.releaseNick(casefold(event.actor.nick), event.actor.id);
      this.owned.set(casefold(event.newNick), { owner: event.actor.id, at: Date.now() });
    } else if (event.kind === 'quit' && nodeOf(event.actor.id) === this.id) {
      void this.releaseNick(casefold(event.actor.nick), event.actor.id);
    }
    void this.send({ t: 'ev', n: this.id, e: event, a: audience }).catch(() => undefined);
  }

  private async send(frame: Frame): Promise<void> {
    try {
      await this.bus.publish(encodeFrame(frame));
    } catch (err) {
      // Unreachable bus: what this node held for bus order goes out now, unordered but not lost.
      if (frame.t === 'ev') this.release(frame.e.id);
      this.logger.warn({ err: err instanceof Error ? err.message : String(err), frame: frame.t }, 'cluster: a frame could not be sent');
    }
  }

  private release(eventId: string): void {
    const h = this.held.get(eventId);
    if (h === undefined) return;
    this.held.delete(eventId);
    for (const u of h.recipients) if (!u.quit) u.sink.deliver(h.event, h.wire);
  }

  private releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
  }

  private onFrame(text: string): void {
    const frame = decodeFrame(text);
    if (frame === null) {
      this.logger.warn({ bytes: text.length }, 'cluster: an unreadable frame was dropped');
      return;
    }
    if (frame.n === this.id) {
      if (frame.t === 'ev') this.release(frame.e.id);
      return;
    }
    this.applying = true;
    try {
      this.apply(frame);
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err), frame: frame.t, node: frame.n }, 'cluster: a frame could not be applied');
    } finally {
      this.applying = false;
    }
  }

  private apply(frame: Frame): void {
    switch (frame.t) {
      case 'ev':
        this.replica!.applyEvent(frame.e, frame.a);
        return;
      case 'user':
        this.replica!.addUser(frame.u);
        return;
      case 'hello': {
        const { users, rooms } = this.replica!.snapshot((u) => !isRemote(u));
        void this.send({ t: 'state', n: this.id, to: frame.n, users, rooms });
        return;
      }
      case 'state':
        if (frame.to === this.id) this.replica!.applyState(frame.users, frame.rooms);
        return;
      case 'bye': {
        const n = this.replica!.dropNode(frame.n, frame.reason);
        this.logger.info({ node: frame.n, users: n }, 'cluster: a node left');
        return;
      }
    }
  }

  // ---- nicks ----------------------------------------------------------------------------------------

  /** NickClaims: hold `folded` for `owner` on the bus (recorded, so a user that never registers frees it). */
  async reserve(folded: string, owner: UserId): Promise<boolean> {
    const ok = await this.bus.reserve(folded, owner);
    if (ok) this.owned.set(folded, { owner, at: Date.now() });
    return ok;
  }

  private async releaseNick(folded: string, owner: UserId): Promise<void> {
    if (this.owned.get(folded)?.owner === owner) this.owned.delete(folded);
    try {
      await this.bus.release(folded, owner);
    } catch {
      // The next beat's reconciliation or the node's reaping frees it.
    }
  }

  /** Local users' nicks as the bus should hold them: gone or changed ones released, taken ones recorded. */
  private async reconcile(): Promise<void> {
    const state = this.core!.state;
    const now = Date.now();
    for (const u of state.users.values()) if (!isRemote(u) && u.folded !== '' && !this.owned.has(u.folded)) this.owned.set(u.folded, { owner: u.id, at: now });
    // A reservation younger than a beat may still be on its way into the core (the gateway's await).
    const settled = now - this.settings.heartbeatMs;
    for (const [folded, { owner, at }] of [...this.owned]) {
      const user = state.users.get(owner);
      if (at < settled && (user === undefined || user.folded !== folded)) await this.releaseNick(folded, owner);
    }
  }

  /** After Redis came back empty (restarted): take every local nick again, beat, and say hello. */
  private async reassert(): Promise<void> {
    for (const [folded, { owner }] of this.owned) {
      if (!(await this.bus.reserve(folded, owner))) this.logger.warn({ nick: folded }, 'cluster: a nick this node held is now held elsewhere');
    }
    await this.beat().catch(() => undefined);
  }

  // ---- heartbeats -----------------------------------------------------------------------------------

  private record(): NodeRecord {
    let users = 0;
    for (const u of this.core!.state.users.values()) if (u.registered && !isRemote(u)) users++;
    return { id: this.id, users, startedAt: this.startedAt, beatAt: Date.now(), about: this.settings.about ?? `pid ${process.pid} on ${hostname()}` };
  }

  private async beat(): Promise<void> {
    await this.bus.beat(this.record(), this.settings.deadAfterMs);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      // While the bus is down nothing comes back: deliver what waits, late rather than never.
      if (!this.bus.connected) this.releaseAll();
      await this.beat();
      await this.reconcile();
      for (const [id, record] of await this.bus.nodes()) {
        if (id === this.id || record !== null) continue;
        await this.bus.reap(id);
        const reason = `${id} is gone (no heartbeat for ${this.settings.deadAfterMs} ms)`;
        this.applying = true;
        let n = 0;
        try {
          n = this.replica!.dropNode(id, reason);
        } finally {
          this.applying = false;
        }
        this.logger.warn({ node: id, users: n }, 'cluster: a node stopped answering; its users left');
      }
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'cluster: heartbeat failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Leave the cluster: other nodes drop this node's users with `reason`, its nicks and record go. */
  async close(reason = 'shut down'): Promise<void> {
    if (this.closed) return;
    if (this.timer !== null) clearInterval(this.timer);
    this.releaseAll();
    await this.send({ t: 'bye', n: this.id, reason: `${this.id} ${reason}` });
    this.closed = true;
    this.unsubscribe();
    if (this.core !== null && this.core.state.cluster === this) this.core.state.cluster = null;
    await this.bus.reap(this.id).catch(() => undefined);
    await this.bus.close();
  }
}
