/**
 * The IRC gateway: a `LineGateway` (transport/line-gateway.ts: accept loop over a znet StreamServer,
 * plain TCP or TLS alike, connection limits, one read loop per connection, the sweep timer, graceful
 * close) serving `IrcSession`s. Here: lines capped at 4096 bytes of tags + 512 of message, the IRC words
 * for refusals and shutdown, and the registration timeout, server PINGs with their timeout.
 */
import type { ChatConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { AdmitResult } from '../core/connections.js';
import type { Logger } from '../logger.js';
import type { ReloadResult } from '../reload.js';
import type { Transport } from '../transport/framing.js';
import { LineGateway } from '../transport/line-gateway.js';
import { Address, type StreamServer, type TlsServerOptions } from 'znet';
import { clientMessageLimits, formatLine } from './message.js';
import { noReload, sweepIrcSession, shutdownIrcSession } from './host.js';
import type { IrcHost } from './host.js';
import { IrcSession } from './session.js';
import { packageVersion } from '../version.js';

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
  /** Version shown in 002/004 and VERSION (default `zchat-<package version>`, e.g. zchat-0.2.0). */
  version?: string;
  /** TCP keepalive delay for idle connections (default 60 s). */
  keepAliveMs?: number;
  /** The operator's REHASH: reload the config (see `ChatServer.reload`). Without it REHASH says there is nothing to reload. */
  rehash?: () => Promise<ReloadResult>;
}

const encoder = new TextEncoder();



/** `ERROR :<text>` as a wire line. */
function errorLine(text: string): Uint8Array {
  return encoder.encode(formatLine(undefined, 'ERROR', [text], undefined, true) + '\r\n');
}

/** A listening IRC gateway (a `LineGateway`); implements the server's `Gateway` row contract. */
export class IrcGateway extends LineGateway<IrcSession> implements IrcHost {
  /** Shown in 002 and 004. */
  readonly version: string;
  /** When the gateway started (003), ms since the epoch. */
  readonly startedAt: number;
  /** Most registered users seen at once (265/266). */
  maxUsersSeen = 0;
  /** Whether connections are TLS. */
  readonly secure: boolean;
  /** The operator's REHASH (see `IrcGatewayOptions.rehash`). */
  readonly rehash: () => Promise<ReloadResult>;

  private constructor(core: ChatCore, server: StreamServer, options: IrcGatewayOptions) {
    const secure = options.tls !== undefined;
    super(core, server, { ...options, name: options.name ?? (secure ? 'ircTls' : 'irc') });
    this.secure = secure;
    this.version = options.version ?? `zchat-${packageVersion()}`;
    this.startedAt = core.now();
    this.rehash = options.rehash ?? noReload;
  }

  /**
   * Listen and start serving. Rejects with the listen NetError (AddressInUse, AccessDenied,
   * TlsInitializationFailed...). The caller owns the gateway and must `close` it.
   */
  static async start(core: ChatCore, config: ChatConfig, options: IrcGatewayOptions): Promise<IrcGateway> {
    const port = options.tls ? config.tls.ircPort : config.irc.port;
    const server = await LineGateway.listen(options.address ?? Address.parseIp(config.host, port), options.tls, core);
    const gateway = new IrcGateway(core, server, options);
    const l = core.limits;
    gateway.begin([l.registrationTimeoutMs, l.idleTimeoutMs, l.pingIntervalMs]);
    return gateway;
  }

  protected get maxLineBytes(): number {
    return maxIrcLineBytes;
  }

  protected refusal(verdict: Exclude<AdmitResult, 'ok'>, ip: string): Uint8Array {
    const why = verdict === 'TooManyConnections' ? 'Server is full' : 'Too many connections from your IP address';
    return errorLine(`Closing Link: ${ip} (${why})`);
  }

  protected createSession(transport: Transport, ip: string): IrcSession {
    return new IrcSession(this, transport, ip, this.secure);
  }

  /** Registration timeout, idle timeout, server PINGs and their timeout (host.ts, shared with WebSocket). */
  protected sweepSession(s: IrcSession, now: number): void {
    sweepIrcSession(s, now);
  }

  /** `ERROR :Closing Link: <host> (Server shutting down[: reason])`. */
  protected shutdownSession(s: IrcSession, reason: string): void {
    shutdownIrcSession(s, reason);
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
