/**
 * The IRC gateway: serves a znet StreamServer (plain TCP or TLS alike: accepted streams are plaintext),
 * one `IrcSession` per connection and one read loop each (transport/read-lines.ts, lines capped at
 * 4096 bytes of tags + 512 of message), connection limits through the core's counter, and one shared
 * timer for the registration timeout, server PINGs with their timeout, and the bound on closing sessions.
 * A reset, garbage or a vanished peer only ends that session; nothing here throws into the process.
 */
import type { ChatConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { Logger } from '../logger.js';
import type { Gateway } from '../server.js';
import { readLines } from '../transport/read-lines.js';
import { Address } from '../../net/address.js';
import { NetError } from '../../net/errors.js';
import { StreamServer } from '../../net/server.js';
import type { Stream } from '../../net/stream.js';
import type { TlsServerOptions } from '../../net/tls-options.js';
import { clientMessageLimits, formatLine } from './message.js';
import { IrcSession } from './session.js';

/** Longest line read from a client: the client tag section plus a 512-byte message (CRLF counted there). */
export const maxIrcLineBytes = clientMessageLimits.tagBytes + clientMessageLimits.bodyBytes;

/** Options for `startIrcGateway`. */
export interface IrcGatewayOptions {
  logger: Logger;
  /** Listener name in logs (default 'irc', or 'ircTls' with `tls`). */
  name?: string;
  /** Where to listen; default `config.host` on `config.irc.port` (`config.tls.ircPort` with `tls`). */
  address?: Address;
  /** Serve IRC over TLS (key and certificate). */
  tls?: TlsServerOptions;
  /** Version shown in 002/004 (default 'zchat'). */
  version?: string;
  /** TCP keepalive delay for idle connections (default 60 s). */
  keepAliveMs?: number;
}

const encoder = new TextEncoder();

/** Read one connection until it ends, then end its session (idempotent if it already ended). */
async function serve(s: IrcSession): Promise<void> {
  const reason = await readLines(s.stream, maxIrcLineBytes, s);
  s.end(reason);
}

function sweepTick(g: IrcGateway): void {
  g.sweep();
}

/** A listening IRC gateway; implements the server's `Gateway` row contract. */
export class IrcGateway implements Gateway {
  readonly core: ChatCore;
  readonly logger: Logger;
  readonly name: string;
  /** The address actually bound (port 0 resolved). */
  readonly address: Address;
  /** Shown in 002 and 004. */
  readonly version: string;
  /** When the gateway started (003), ms since the epoch. */
  readonly startedAt: number;
  /** Most registered users seen at once (265/266). */
  maxUsersSeen = 0;
  /** Whether connections are TLS. */
  readonly secure: boolean;
  /** Open sessions. */
  readonly sessions = new Set<IrcSession>();
  private readonly closing = new Set<IrcSession>();
  private readonly server: StreamServer;
  private readonly keepAliveMs: number;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private whenEmpty: (() => void) | null = null;
  private acceptLoopDone: Promise<void> = Promise.resolve();

  private constructor(core: ChatCore, server: StreamServer, options: IrcGatewayOptions) {
    this.core = core;
    this.server = server;
    this.logger = options.logger;
    this.secure = options.tls !== undefined;
    this.name = options.name ?? (this.secure ? 'ircTls' : 'irc');
    this.address = server.listenAddress;
    this.version = options.version ?? 'zchat';
    this.keepAliveMs = options.keepAliveMs ?? 60_000;
    this.startedAt = core.now();
  }

  /**
   * Listen and start serving. Rejects with the listen NetError (AddressInUse, AccessDenied,
   * TlsInitializationFailed...). The caller owns the gateway and must `close` it.
   */
  static async start(core: ChatCore, config: ChatConfig, options: IrcGatewayOptions): Promise<IrcGateway> {
    const port = options.tls ? config.tls.ircPort : config.irc.port;
    const address = options.address ?? Address.parseIp(config.host, port);
    const server = StreamServer.init({ kernelBacklog: 511, ...(options.tls ? { tls: options.tls } : {}) });
    try {
      await server.listen(address);
    } catch (err) {
      server.deinit();
      throw err;
    }
    const gateway = new IrcGateway(core, server, options);
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
      const why = verdict === 'TooManyConnections' ? 'Server is full' : 'Too many connections from your IP address';
      this.logger.info({ gateway: this.name, ip, verdict }, 'connection refused');
      void refuse(stream, `Closing Link: ${ip} (${why})`);
      return;
    }
    try {
      stream.setNoDelay(true);
      stream.setKeepAlive(true, this.keepAliveMs);
    } catch {
      // The peer may already be gone; the read loop will notice.
    }
    const session = new IrcSession(this, stream, ip, this.secure);
    this.sessions.add(session);
    this.logger.debug({ gateway: this.name, ip, user: session.user.id }, 'connected');
    void serve(session);
  }

  /** @internal A session began ending (its user has quit). */
  sessionEnding(s: IrcSession, reason: string): void {
    if (this.sessions.delete(s)) this.closing.add(s);
    this.logger.debug({ gateway: this.name, user: s.user.id, nick: s.user.nick, reason }, 'disconnecting');
  }

  /** @internal A session's stream is closed. */
  sessionClosed(s: IrcSession): void {
    if (!this.sessions.delete(s) && !this.closing.delete(s)) return;
    this.core.connections.release(s.user.ip);
    if (this.whenEmpty !== null && this.sessions.size === 0 && this.closing.size === 0) this.whenEmpty();
  }

  private startSweep(): void {
    const l = this.core.limits;
    const bounds = [l.registrationTimeoutMs, l.idleTimeoutMs, l.pingIntervalMs, l.shutdownTimeoutMs].filter((t) => t > 0);
    const every = Math.max(10, Math.min(1000, Math.floor(Math.min(...bounds) / 4)));
    this.sweepTimer = setInterval(sweepTick, every, this);
    this.sweepTimer.unref();
  }

  /** @internal Registration timeout, server PINGs and their timeout, idle timeout, forced closes. */
  sweep(): void {
    const now = this.core.now();
    const l = this.core.limits;
    for (const s of this.sessions) {
      const host = s.user.host;
      if (!s.user.registered && now - s.connectedAt >= l.registrationTimeoutMs) {
        s.end('Registration timed out', `Closing Link: ${host} (Registration timed out)`);
      } else if (l.idleTimeoutMs > 0 && now - s.lastInput >= l.idleTimeoutMs) {
        s.end('Idle timeout', `Closing Link: ${host} (Idle timeout)`);
      } else if (l.pingIntervalMs > 0) {
        if (s.pingSentAt !== 0 && now - s.pingSentAt >= l.pingIntervalMs) {
          const secs = Math.round((now - s.lastInput) / 1000);
          s.end(`Ping timeout: ${secs} seconds`, `Closing Link: ${host} (Ping timeout: ${secs} seconds)`);
        } else if (s.pingSentAt === 0 && now - s.lastInput >= l.pingIntervalMs) {
          s.pingSentAt = now;
          s.send(formatLine(undefined, 'PING', [this.core.config.serverName], undefined, true));
        }
      }
    }
    for (const s of this.closing) if (now - s.endedAt >= l.shutdownTimeoutMs) s.close();
  }

  /** Stop accepting new connections (existing ones continue). Idempotent. */
  stopAccepting(): void {
    this.server.close();
  }

  /**
   * Graceful stop: stop accepting, send every client `ERROR :Closing Link: ... (Server shutting down)`,
   * let each flush, close; whatever is still open after limits.shutdownTimeoutMs is closed at once.
   * Resolves when every connection is closed. Idempotent; never rejects.
   */
  async close(reason = ''): Promise<void> {
    this.stopAccepting();
    await this.acceptLoopDone;
    const why = `Server shutting down${reason ? `: ${reason}` : ''}`;
    for (const s of [...this.sessions]) s.end(why, `Closing Link: ${s.user.host} (${why})`);
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

/** Tell a refused client why (`ERROR :<text>`), then close. Never rejects. */
async function refuse(stream: Stream, text: string): Promise<void> {
  try {
    await stream.write(encoder.encode(formatLine(undefined, 'ERROR', [text], undefined, true) + '\r\n'));
    await stream.shutdown();
  } catch {
    // The client left first; nothing to tell.
  } finally {
    stream.close();
  }
}

/**
 * Start an IRC gateway on `core`: listens on `options.address`, else `config.host` and `config.irc.port`
 * (or `config.tls.ircPort` when `options.tls` is given). Rejects with the listen NetError. The caller
 * owns the result and stops it with `close(reason)` (graceful, bounded by limits.shutdownTimeoutMs).
 */
export function startIrcGateway(core: ChatCore, config: ChatConfig, options: IrcGatewayOptions): Promise<IrcGateway> {
  return IrcGateway.start(core, config, options);
}
