/**
 * The plain-text gateway: a `LineGateway` (transport/line-gateway.ts: accept loop, connection limits,
 * one read loop per connection, the sweep timer, graceful close) serving `PlainSession`s. Here: the
 * plain words for refusals and shutdown, and the name and idle timeouts.
 */
import type { AdmitResult } from '../core/connections.js';
import type { ChatCore } from '../core/core.js';
import type { Logger } from '../logger.js';
import type { Framing, Transport } from '../transport/framing.js';
import { LineGateway } from '../transport/line-gateway.js';
import type { Address, TlsServerOptions } from 'znet';
import { encodeLine } from './format.js';
import { PlainSession } from './session.js';
import { telnetLineFraming } from './telnet-framing.js';

/** Options for `PlainGateway.start`. */
export interface PlainGatewayOptions {
  logger: Logger;
  /** Listener name in logs and `ChatServer.addresses` (default 'plain'). */
  name?: string;
  /** Serve plain text over TLS. */
  tls?: TlsServerOptions;
  /** TCP keepalive delay for idle connections (default 60 s). */
  keepAliveMs?: number;
  /** How connections are framed (default CR LF lines with telnet commands taken out). */
  framing?: Framing;
}

/** A listening plain-text gateway. Create with `PlainGateway.start`; stop with `close`. */
export class PlainGateway extends LineGateway<PlainSession> {
  /**
   * Listen on `address` and start serving. Rejects with the listen NetError (AddressInUse, AccessDenied,
   * TlsInitializationFailed...). The caller owns the gateway and must `close` it.
   */
  static async start(core: ChatCore, address: Address, options: PlainGatewayOptions): Promise<PlainGateway> {
    const server = await LineGateway.listen(address, options.tls, core);
    const gateway = new PlainGateway(core, server, { ...options, name: options.name ?? 'plain', framing: options.framing ?? telnetLineFraming });
    const l = core.limits;
    gateway.begin([l.registrationTimeoutMs, l.idleTimeoutMs, l.plainIdleTimeoutMs, l.plainIdleGraceMs]);
    return gateway;
  }

  protected get maxLineBytes(): number {
    return this.core.limits.maxLineBytes;
  }

  protected refusal(verdict: Exclude<AdmitResult, 'ok'>): Uint8Array {
    const limits = this.core.limits;
    return encodeLine(verdict === 'TooManyConnections'
      ? `error: The server is full (${limits.maxConnections} connections); try again later.`
      : `error: Too many connections from your address (limit ${limits.maxConnectionsPerIp}).`);
  }

  protected createSession(transport: Transport, ip: string): PlainSession {
    const session = new PlainSession(this, transport, ip);
    session.greet();
    return session;
  }

  /**
   * The name timeout; an unfinished line held longer than the registration timeout (a trickle without LF);
   * the idle timeout; then the plain keep-alive: a warning after limits.plainIdleTimeoutMs of silence, the drop
   * limits.plainIdleGraceMs later unless any line (an empty one will do) arrives.
   */
  protected sweepSession(s: PlainSession, now: number): void {
    const l = this.core.limits;
    if (s.pendingBytes() === 0) s.partialSince = 0;
    else if (s.partialSince === 0) s.partialSince = now;
    if (!s.user.registered && now - s.connectedAt >= l.registrationTimeoutMs) {
      s.end('Name timeout', 'error: No name chosen in time; disconnecting.');
    } else if (s.partialSince !== 0 && now - s.partialSince >= l.registrationTimeoutMs) {
      s.end('Unfinished line', 'error: A line was left unfinished (no newline) for too long; disconnecting.');
    } else if (l.idleTimeoutMs > 0 && now - s.lastInput >= l.idleTimeoutMs) {
      s.end('Idle timeout', 'error: Idle for too long; disconnecting.');
    } else if (l.plainIdleTimeoutMs > 0 && now - s.lastInput >= l.plainIdleTimeoutMs) {
      if (s.idleWarnedAt === 0) {
        s.idleWarnedAt = now;
        const idle = Math.round((now - s.lastInput) / 60_000);
        s.reply(`*** You have been idle for ${idle} minute${idle === 1 ? '' : 's'}. Press Enter (or send any line) within ${Math.ceil(l.plainIdleGraceMs / 1000)} s to stay connected.`);
      } else if (now - s.idleWarnedAt >= l.plainIdleGraceMs) {
        s.end('Idle timeout', 'error: Idle for too long; disconnecting.');
      }
    }
  }

  protected shutdownSession(s: PlainSession, reason: string): void {
    s.end('Server shutting down', `*** Server is shutting down${reason ? ` (${reason})` : ''}.`);
  }
}
