/**
 * What every line-protocol gateway does around its sessions: listen on a znet StreamServer, accept in a
 * loop, count connections (refusing past the core's limits), frame each connection (a `Framing`: CR LF
 * lines by default) and run one read loop per connection,
 * one shared sweep timer (the protocol's timeouts plus the bound on closing sessions), and a graceful,
 * bounded close. A protocol subclasses `LineGateway` and supplies the session, its timeouts and its words.
 * A reset, garbage or a vanished peer only ends that session; nothing here throws into the process.
 */
import type { AdmitResult } from '../core/connections.js';
import type { ChatCore } from '../core/core.js';
import type { ChatUser } from '../core/users.js';
import type { Logger } from '../logger.js';
import type { Gateway } from './gateway.js';
import { NetError, StreamServer, type Address, type Stream, type TlsServerOptions } from 'znet';
import { lineFraming } from './framing.js';
import type { FrameSink, Framing, Transport } from './framing.js';

/**
 * A session as its gateway sees it. The session owns the stream it was created with (the gateway reads it)
 * and tells the gateway when it ends and closes.
 */
export interface GatewaySession extends FrameSink {
  readonly user: ChatUser;
  /** When the session began ending (ms), 0 while it is open. */
  readonly endedAt: number;
  /** Begin ending with `reason` (the read loop stopped); idempotent. */
  end(reason: string): void;
  /** Close the stream now; idempotent. */
  close(): void;
}

/** Options every gateway takes. */
export interface LineGatewayOptions {
  logger: Logger;
  /** Listener name in logs and `ChatServer.addresses`. */
  name: string;
  /** TCP keepalive delay for idle connections (default 60 s). */
  keepAliveMs?: number;
  /** Whether `server` serves TLS. */
  tls?: TlsServerOptions;
  /** How each connection's bytes become messages (default `lineFraming`, CR LF lines). */
  framing?: Framing;
}

/** Connections accepted in a row before the accept loop lets other I/O run. */
const acceptBatch = 32;

function sweepTick(g: LineGateway<GatewaySession>): void {
  g.sweep();
}

/** Read one connection until it ends, then end its session (idempotent if it already ended). */
async function serve(s: GatewaySession, transport: Transport, maxLineBytes: number): Promise<void> {
  s.end(await transport.readMessages(maxLineBytes, s));
}

/** Tell a refused client why (`text`, a whole line), then close. Never rejects. */
async function refuse(stream: Stream, text: Uint8Array): Promise<void> {
  try {
    await stream.write(text);
    await stream.shutdown();
  } catch {
    // The client left first; nothing to tell.
  } finally {
    stream.close();
  }
}

/**
 * A listening gateway serving sessions of type `S`. A subclass starts it with `LineGateway.listen` then
 * `begin`; the owner stops it with `close` (graceful, bounded by limits.shutdownTimeoutMs).
 */
export abstract class LineGateway<S extends GatewaySession> implements Gateway {
  readonly core: ChatCore;
  readonly logger: Logger;
  readonly name: string;
  /** The address actually bound (port 0 resolved). */
  readonly address: Address;
  /** Open sessions (not yet ending). */
  readonly sessions = new Set<S>();
  private readonly closing = new Set<S>();
  private readonly server: StreamServer;
  private readonly keepAliveMs: number;
  private readonly tlsServed: boolean;
  private readonly framing: Framing;
  private stopping = false;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private whenEmpty: (() => void) | null = null;
  private acceptLoopDone: Promise<void> = Promise.resolve();

  /** `server` is listening; the gateway owns it from now on and deinits it in `close`. */
  protected constructor(core: ChatCore, server: StreamServer, options: LineGatewayOptions) {
    this.core = core;
    this.server = server;
    this.logger = options.logger;
    this.name = options.name;
    this.address = server.listenAddress;
    this.keepAliveMs = options.keepAliveMs ?? 60_000;
    this.tlsServed = options.tls !== undefined;
    this.framing = options.framing ?? lineFraming;
  }

  /**
   * A StreamServer listening on `address` (TLS when `tls` is given). Rejects with the listen NetError
   * (AddressInUse, AccessDenied, TlsInitializationFailed...) after releasing the server.
   */
  protected static async listen(address: Address, tls?: TlsServerOptions, core?: ChatCore): Promise<StreamServer> {
    // TLS connections are counted against the connection limits from accept, before their handshake (issue 16):
    // stalled handshakes from one address cannot pile up past limits.maxConnectionsPerIp.
    const admission = tls && core ? { tryAcquire: (ip: string) => core.connections.tryAcquire(ip) === 'ok', release: (ip: string) => core.connections.release(ip) } : undefined;
    const server = StreamServer.init({
      kernelBacklog: 511,
      ...(tls ? { tls, ...(core ? { tlsHandshakeTimeoutMs: core.limits.tlsHandshakeTimeoutMs } : {}) } : {}),
      ...(admission ? { admission } : {}),
    });
    try {
      await server.listen(address);
    } catch (err) {
      server.deinit();
      throw err;
    }
    return server;
  }

  /** Longest line a client may send (without CR LF); longer ones go to the session's `onTooLong`. */
  protected abstract get maxLineBytes(): number;
  /** The line that tells a refused client why (`verdict`), CR LF included. */
  protected abstract refusal(verdict: Exclude<AdmitResult, 'ok'>, ip: string): Uint8Array;
  /** A session for a new connection (framed by the gateway's framing); it may queue its greeting now. */
  protected abstract createSession(transport: Transport, ip: string): S;
  /** The protocol's timeouts for one open session at `now` (ending it as needed), run by the sweep. */
  protected abstract sweepSession(s: S, now: number): void;
  /** Tell `s` the server is going down (with `reason`, possibly '') and end it. */
  protected abstract shutdownSession(s: S, reason: string): void;

  /**
   * Start accepting, and the sweep timer: it runs often enough for the shortest of `timeouts` (ms; 0
   * means off) and of limits.shutdownTimeoutMs, between every 10 ms and every second.
   */
  protected begin(timeouts: readonly number[]): void {
    this.acceptLoopDone = this.acceptLoop();
    const bounds = [...timeouts, this.core.limits.shutdownTimeoutMs].filter((t) => t > 0);
    const every = Math.max(10, Math.min(1000, Math.floor(Math.min(...bounds) / 4)));
    this.sweepTimer = setInterval(sweepTick, every, this);
    this.sweepTimer.unref();
  }

  private async acceptLoop(): Promise<void> {
    for (let accepted = 0; ; accepted++) {
      // A storm of connections must not starve delivery: accepted connections already queued resolve without
      // a turn of the event loop, so after each batch the loop yields to I/O (issue 16).
      if (accepted % acceptBatch === acceptBatch - 1) await new Promise(setImmediate);
      let conn;
      try {
        conn = await this.server.accept();
      } catch (err) {
        if (err instanceof NetError && err.code === 'SocketNotListening') return;
        // Out of descriptors or an aborted handshake: log, breathe, keep serving.
        this.logger.warn({ gateway: this.name, err: err instanceof Error ? err.message : String(err) }, 'accept failed');
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      this.admit(conn.stream, conn.address.ip);
    }
  }

  private admit(stream: Stream, ip: string): void {
    // A TLS connection was counted when it arrived (listen's admission).
    const verdict = this.tlsServed ? 'ok' : this.core.connections.tryAcquire(ip);
    if (verdict !== 'ok') {
      this.logger.info({ gateway: this.name, ip, verdict }, 'connection refused');
      void refuse(stream, this.refusal(verdict, ip));
      return;
    }
    try {
      stream.setNoDelay(true);
      stream.setKeepAlive(true, this.keepAliveMs);
    } catch {
      // The peer may already be gone; the read loop will notice.
    }
    void this.framing.open(stream).then((transport) => this.framed(transport, ip), () => this.framed(null, ip));
  }

  /** The framing is in place (null: its handshake failed, the stream is closed): serve the connection. */
  private framed(transport: Transport | null, ip: string): void {
    if (transport === null || this.stopping) {
      transport?.close();
      this.core.connections.release(ip);
      return;
    }
    const session = this.createSession(transport, ip);
    this.sessions.add(session);
    this.logger.debug({ gateway: this.name, ip, user: session.user.id }, 'connected');
    void serve(session, transport, this.maxLineBytes);
  }

  /** @internal A session began ending (its user has quit); it stays tracked until it closes. */
  sessionEnding(s: S, reason: string): void {
    if (this.sessions.delete(s)) this.closing.add(s);
    this.logger.debug({ gateway: this.name, user: s.user.id, nick: s.user.nick, reason }, 'disconnecting');
  }

  /** @internal A session's stream is closed: its connection slot is free again. */
  sessionClosed(s: S): void {
    if (!this.sessions.delete(s) && !this.closing.delete(s)) return;
    this.core.connections.release(s.user.ip);
    if (this.whenEmpty !== null && this.sessions.size === 0 && this.closing.size === 0) this.whenEmpty();
  }

  /** @internal The sweep: each open session's timeouts, then a forced close of sessions slow to flush. */
  sweep(): void {
    const now = this.core.now();
    for (const s of this.sessions) this.sweepSession(s, now);
    const bound = this.core.limits.shutdownTimeoutMs;
    for (const s of this.closing) if (now - s.endedAt >= bound) s.close();
  }

  /** Whether this gateway serves TLS (so `reloadTls` applies). */
  get tls(): boolean {
    return this.tlsServed;
  }

  /** New connections get this key and certificate. Throws TlsInitializationFailed (nothing changes). */
  reloadTls(tls: TlsServerOptions): void {
    if (this.tlsServed) this.server.setTls(tls);
  }

  /** Stop accepting new connections (existing ones continue). Idempotent. */
  stopAccepting(): void {
    this.server.close();
  }

  /**
   * Graceful stop: stop accepting, tell every client the server is going down (with `reason`), let each
   * flush, close; whatever is still open after limits.shutdownTimeoutMs is closed at once. Resolves when
   * every connection is closed. Idempotent; never rejects.
   */
  async close(reason = ''): Promise<void> {
    this.stopping = true;
    this.stopAccepting();
    await this.acceptLoopDone;
    for (const s of [...this.sessions]) this.shutdownSession(s, reason);
    if (this.sessions.size + this.closing.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.core.limits.shutdownTimeoutMs);
        this.whenEmpty = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.whenEmpty = null;
      for (const s of [...this.closing, ...this.sessions]) s.close();
    }
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.server.deinit();
  }
}
