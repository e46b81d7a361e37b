/**
 * The web gateway: one HTTP (or HTTPS) listener that serves the web client's files and takes WebSocket
 * upgrades at `/` for IRC (ircv3.net/specs/extensions/websocket). Each WebSocket is one more `IrcSession`
 * (registration, caps, flood control, send queue, limits and core are the IRC code's, not copies): only
 * the framing differs: ws-stream.ts is the WebSocket `Transport` (transport/framing.ts).
 *
 * Where the sockets are: the listener is node:http's (node:https's), and WebSocket framing is the ws
 * library's, both of which own their sockets; zchat code here imports neither node:net nor node:tls (the
 * layering test holds), and a znet `Stream`, a pull reader of bytes, would only stand between HTTP parsing
 * and ws. Connection limits, per-IP limits and shutdown are those of the other gateways.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import type { ChatConfig, WebConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { Logger } from '../logger.js';
import type { Gateway } from '../transport/gateway.js';
import { sweepIrcSession, shutdownIrcSession } from '../irc/host.js';
import { noReload, type IrcHost } from '../irc/host.js';
import type { ReloadResult } from '../reload.js';
import { maxIrcLineBytes } from '../irc/gateway.js';
import { IrcSession } from '../irc/session.js';
import { Address } from 'znet';
import { canonicalIp, chooseSubprotocol, clientIp, originAllowed } from './request-policy.js';
import { serveStatic } from './static-files.js';
import { WsStream } from './ws-stream.js';

/** Options for `WebGateway.start`. */
export interface WebGatewayOptions {
  logger: Logger;
  /** Listener name in logs and `ChatServer.addresses` (default 'web', or 'webTls' with `tls`). */
  name?: string;
  /** HTTPS and WSS with this key and certificate (PEM file paths). */
  tls?: { keyFile: string; certFile: string };
  /** Folder of the web client's files (default: `config.web.root`, else the built client in this package). */
  root?: string | null;
  /** Version shown in 002 and 004 (default 'zchat'). */
  version?: string;
  /** The operator's REHASH (see `ChatServer.reload`). */
  rehash?: () => Promise<ReloadResult>;
}

/**
 * The built web client shipped in this package (`web/`, written there by the zchat-web package's build), or
 * null when absent (a checkout that was never built).
 */
export function shippedClientRoot(): string | null {
  try {
    return realpathSync(new URL('../../../../web', import.meta.url));
  } catch {
    return null;
  }
}

/** An IRC session over a WebSocket, with the WebSocket-level keep-alive. */
class WebSession extends IrcSession {
  /** Whether the last ping was answered. */
  alive = true;
  constructor(host: IrcHost, readonly ws: WebSocket, readonly transport: WsStream, ip: string, secure: boolean) {
    super(host, transport, ip, secure);
  }
}

const kSession = Symbol('zchat.session');
function wsOnPong(this: WebSocket & { [kSession]: WebSession }): void {
  this[kSession].alive = true;
}

/** Read a session's messages until its WebSocket closes, then end it and let it go. */
async function serve(s: WebSession): Promise<void> {
  s.end(await s.transport.readMessages(maxIrcLineBytes, s));
  s.close();
}

/** A plain HTTP answer on a socket that asked to upgrade, then close it. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** A listening web gateway (HTTP files + IRC over WebSocket); implements the server's `Gateway` contract. */
export class WebGateway implements Gateway, IrcHost {
  readonly core: ChatCore;
  readonly name: string;
  readonly version: string;
  /** IrcHost: the operator's REHASH. */
  readonly rehash: () => Promise<ReloadResult>;
  readonly startedAt: number;
  maxUsersSeen = 0;
  /** The address actually bound (port 0 resolved). */
  address: Address = Address.parseIp('127.0.0.1', 0);
  /** Open sessions (not yet ending). */
  readonly sessions = new Set<WebSession>();
  private readonly closing = new Set<WebSession>();
  private readonly logger: Logger;
  private readonly web: WebConfig;
  private readonly secure: boolean;
  private readonly root: string | null;
  private readonly trusted: ReadonlySet<string>;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private lastPing = 0;
  private whenEmpty: (() => void) | null = null;

  private constructor(core: ChatCore, config: ChatConfig, options: WebGatewayOptions) {
    this.core = core;
    this.web = config.web;
    this.logger = options.logger;
    this.secure = options.tls !== undefined;
    this.name = options.name ?? (this.secure ? 'webTls' : 'web');
    this.version = options.version ?? 'zchat';
    this.rehash = options.rehash ?? noReload;
    this.startedAt = core.now();
    const root = options.root !== undefined ? options.root : config.web.root;
    this.root = root === null ? shippedClientRoot() : realpathSync(root);
    this.trusted = new Set(config.web.trustedProxies.map((ip) => canonicalIp(ip) ?? ip));
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => void serveStatic(this.root, req, res);
    this.http = options.tls
      ? createHttpsServer({ key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) }, onRequest)
      : createHttpServer(onRequest);
    this.http.maxConnections = core.limits.maxConnections;
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('clientError', (_err, socket: Duplex) => socket.destroy());
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.web.maxMessageBytes,
      perMessageDeflate: config.web.perMessageDeflate,
      clientTracking: false,
      handleProtocols: (offered) => chooseSubprotocol(offered) ?? false,
    });
  }

  /**
   * Listen on `address` and start serving. Rejects with the listen error (EADDRINUSE, EACCES) or a bad key
   * or certificate. The caller owns the gateway and must `close` it.
   */
  static async start(core: ChatCore, address: Address, config: ChatConfig, options: WebGatewayOptions): Promise<WebGateway> {
    const g = new WebGateway(core, config, options);
    await new Promise<void>((resolve, reject) => {
      g.http.once('error', reject);
      g.http.listen(address.getPort(), address.ip, () => {
        g.http.off('error', reject);
        resolve();
      });
    });
    const bound = g.http.address();
    if (bound !== null && typeof bound === 'object') g.address = Address.parseIp(bound.address, bound.port);
    const l = core.limits;
    const bounds = [l.registrationTimeoutMs, l.idleTimeoutMs, l.pingIntervalMs, config.web.pingIntervalMs, l.shutdownTimeoutMs].filter((t) => t > 0);
    g.sweepTimer = setInterval(() => g.sweep(), Math.max(10, Math.min(1000, Math.floor(Math.min(...bounds) / 4))));
    g.sweepTimer.unref();
    return g;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/') return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host, this.web.allowedOrigins)) {
      this.logger.info({ gateway: this.name, origin: req.headers.origin }, 'websocket origin refused');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const ip = clientIp(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], this.trusted);
    const verdict = this.core.connections.tryAcquire(ip);
    if (verdict !== 'ok') {
      this.logger.info({ gateway: this.name, ip, verdict }, 'connection refused');
      return refuseUpgrade(socket, 503, verdict === 'TooManyConnections' ? 'Server is full' : 'Too many connections from your IP address');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.admit(ws, ip));
  }

  private admit(ws: WebSocket, ip: string): void {
    const session = new WebSession(this, ws, new WsStream(ws, ws.protocol === 'binary.ircv3.net'), ip, this.secure);
    (ws as WebSocket & { [kSession]: WebSession })[kSession] = session;
    ws.on('pong', wsOnPong as (this: WebSocket) => void);
    this.sessions.add(session);
    void serve(session);
    this.logger.debug({ gateway: this.name, ip, user: session.user.id, protocol: ws.protocol }, 'connected');
  }

  /** IrcHost: a session began ending. */
  sessionEnding(s: IrcSession, reason: string): void {
    const w = s as WebSession;
    if (this.sessions.delete(w)) this.closing.add(w);
    this.logger.debug({ gateway: this.name, user: s.user.id, nick: s.user.nick, reason }, 'disconnecting');
  }

  /** IrcHost: a session's WebSocket is closed; its connection slot is free again. */
  sessionClosed(s: IrcSession): void {
    const w = s as WebSession;
    if (!this.sessions.delete(w) && !this.closing.delete(w)) return;
    this.core.connections.release(s.user.ip);
    if (this.whenEmpty !== null && this.sessions.size === 0 && this.closing.size === 0) this.whenEmpty();
  }

  /** IRC timeouts, WebSocket pings (closing who missed the last one), forced close of slow goodbyes. */
  private sweep(): void {
    const now = this.core.now();
    const pingEvery = this.web.pingIntervalMs;
    const pingNow = pingEvery > 0 && now - this.lastPing >= pingEvery;
    if (pingNow) this.lastPing = now;
    for (const s of this.sessions) {
      sweepIrcSession(s, now);
      if (!pingNow || s.ended) continue;
      if (!s.alive) {
        s.end('Ping timeout (WebSocket)');
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
    const bound = this.core.limits.shutdownTimeoutMs;
    for (const s of this.closing) if (now - s.endedAt >= bound) s.close();
  }

  /** Stop accepting new connections (open ones continue). Idempotent. */
  stopAccepting(): void {
    if (this.http.listening) this.http.close();
  }

  /**
   * Graceful stop: stop accepting, tell every client the server is going down, let each flush, close;
   * whatever is still open after limits.shutdownTimeoutMs is dropped. Idempotent; never rejects.
   */
  async close(reason = ''): Promise<void> {
    this.stopAccepting();
    for (const s of [...this.sessions]) shutdownIrcSession(s, reason);
    if (this.sessions.size + this.closing.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.core.limits.shutdownTimeoutMs);
        this.whenEmpty = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.whenEmpty = null;
      for (const s of [...this.closing, ...this.sessions]) s.ws.terminate();
    }
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.http.closeAllConnections();
  }
}
