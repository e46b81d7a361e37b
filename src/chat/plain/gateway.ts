/**
 * The plain-text gateway: serves a znet StreamServer, one `PlainSession` per connection, one read loop
 * each (transport/read-lines.ts, lines capped at limits.maxLineBytes), and one shared timer that enforces
 * the name and idle timeouts and bounds how long a closing session may take to flush. A reset, garbage or a vanished peer only ends that session; nothing here
 * throws into the process.
 */
import type { ChatCore } from '../core/core.js';
import type { Logger } from '../logger.js';
import { readLines } from '../transport/read-lines.js';
import type { Address } from '../../net/address.js';
import { NetError } from '../../net/errors.js';
import { StreamServer } from '../../net/server.js';
import type { Stream } from '../../net/stream.js';
import type { TlsServerOptions } from '../../net/tls-options.js';
import { encodeLine } from './format.js';
import { PlainSession } from './session.js';

/** Options for `PlainGateway.start`. */
export interface PlainGatewayOptions {
  logger: Logger;
  /** Listener name in logs and `ChatServer.addresses` (default 'plain'). */
  name?: string;
  /** Serve plain text over TLS. */
  tls?: TlsServerOptions;
  /** TCP keepalive delay for idle connections (default 60 s). */
  keepAliveMs?: number;
}

/** Read one connection until it ends, then end its session (idempotent if it already ended). */
async function serve(s: PlainSession): Promise<void> {
  s.end(await readLines(s.stream, s.core.limits.maxLineBytes, s));
}

/** A listening plain-text gateway. Create with `PlainGateway.start`; stop with `close`. */
export class PlainGateway {
  readonly core: ChatCore;
  readonly logger: Logger;
  readonly name: string;
  /** The address actually bound (port 0 resolved). */
  readonly address: Address;
  /** Open sessions, and sessions flushing their last lines. */
  readonly sessions = new Set<PlainSession>();
  private readonly closing = new Set<PlainSession>();
  private readonly server: StreamServer;
  private readonly keepAliveMs: number;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private whenEmpty: (() => void) | null = null;
  private acceptLoopDone: Promise<void> = Promise.resolve();

  private constructor(core: ChatCore, server: StreamServer, options: PlainGatewayOptions) {
    this.core = core;
    this.server = server;
    this.logger = options.logger;
    this.name = options.name ?? 'plain';
    this.address = server.listenAddress;
    this.keepAliveMs = options.keepAliveMs ?? 60_000;
  }

  /**
   * Listen on `address` and start serving. Rejects with the listen NetError (AddressInUse, AccessDenied,
   * TlsInitializationFailed...). The caller owns the gateway and must `close` it.
   */
  static async start(core: ChatCore, address: Address, options: PlainGatewayOptions): Promise<PlainGateway> {
    const server = StreamServer.init({ kernelBacklog: 511, ...(options.tls ? { tls: options.tls } : {}) });
    await server.listen(address);
    const gateway = new PlainGateway(core, server, options);
    gateway.acceptLoopDone = gateway.acceptLoop();
    gateway.startSweep();
    return gateway;
  }

  private async acceptLoop(): Promise<void> {
    for (;;) {
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
    const verdict = this.core.connections.tryAcquire(ip);
    if (verdict !== 'ok') {
      const limits = this.core.limits;
      const text = verdict === 'TooManyConnections'
        ? `error: The server is full (${limits.maxConnections} connections); try again later.`
        : `error: Too many connections from your address (limit ${limits.maxConnectionsPerIp}).`;
      this.logger.info({ gateway: this.name, ip, verdict }, 'connection refused');
      void refuse(stream, text);
      return;
    }
    try {
      stream.setNoDelay(true);
      stream.setKeepAlive(true, this.keepAliveMs);
    } catch {
      // The peer may already be gone; the read loop will notice.
    }
    const session = new PlainSession(this, stream, ip);
    this.sessions.add(session);
    this.logger.debug({ gateway: this.name, ip, user: session.user.id }, 'connected');
    session.greet();
    void serve(session);
  }

  /** @internal A session began ending (its user has quit). */
  sessionEnding(s: PlainSession, reason: string): void {
    this.sessions.delete(s);
    this.closing.add(s);
    this.logger.debug({ gateway: this.name, user: s.user.id, nick: s.user.nick, reason }, 'disconnecting');
  }

  /** @internal A session's stream is closed. */
  sessionClosed(s: PlainSession): void {
    if (!this.sessions.delete(s) && !this.closing.delete(s)) return;
    this.core.connections.release(s.user.ip);
    if (this.whenEmpty !== null && this.sessions.size === 0 && this.closing.size === 0) this.whenEmpty();
  }

  private startSweep(): void {
    const l = this.core.limits;
    const bounds = [l.registrationTimeoutMs, l.idleTimeoutMs, l.shutdownTimeoutMs].filter((t) => t > 0);
    const every = Math.max(10, Math.min(1000, Math.floor(Math.min(...bounds) / 4)));
    this.sweepTimer = setInterval(sweep, every, this);
    this.sweepTimer.unref();
  }

  /** @internal Enforce the name timeout, idle timeout, and the bound on closing sessions. */
  sweep(): void {
    const now = this.core.now();
    const l = this.core.limits;
    for (const s of this.sessions) {
      if (!s.user.registered && now - s.connectedAt >= l.registrationTimeoutMs) {
        s.end('Name timeout', 'error: No name chosen in time; disconnecting.');
      } else if (l.idleTimeoutMs > 0 && now - s.lastInput >= l.idleTimeoutMs) {
        s.end('Idle timeout', 'error: Idle for too long; disconnecting.');
      }
    }
    for (const s of this.closing) if (now - s.endedAt >= l.shutdownTimeoutMs) s.close();
  }

  /** Stop accepting new connections (existing ones continue). Idempotent. */
  stopAccepting(): void {
    this.server.close();
  }

  /**
   * Graceful stop: stop accepting, tell every client "Server is shutting down" (with `reason`), let each
   * flush, close; whatever is still open after limits.shutdownTimeoutMs is closed at once. Resolves when
   * every connection is closed. Idempotent.
   */
  async close(reason = ''): Promise<void> {
    this.stopAccepting();
    await this.acceptLoopDone;
    const farewell = `*** Server is shutting down${reason ? ` (${reason})` : ''}.`;
    for (const s of [...this.sessions]) s.end('Server shutting down', farewell);
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

function sweep(g: PlainGateway): void {
  g.sweep();
}

/** Tell a refused client why, then close. Never rejects. */
async function refuse(stream: Stream, text: string): Promise<void> {
  try {
    await stream.write(encodeLine(text));
    await stream.shutdown();
  } catch {
    // The client left first; nothing to tell.
  } finally {
    stream.close();
  }
}
