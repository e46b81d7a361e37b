/**
 * What the server sees of a gateway, and the row that describes one: the listener's name, the config key
 * of its port, its command-line flag, and its lines in the start-up banner. The server starts every row
 * its config enables (gateways.ts holds the rows); a new listener is a new row.
 */
import type { ChatConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { Logger } from '../logger.js';
import type { ReloadResult } from '../reload.js';
import type { Address, TlsServerOptions } from 'znet';

/** A running gateway as the server sees it. */
export interface Gateway {
  /** The address actually bound. */
  readonly address: Address;
  /** Stop accepting new connections. Idempotent. */
  stopAccepting(): void;
  /** Tell clients the server is going down (with `reason`), flush, close; bounded by limits.shutdownTimeoutMs. */
  close(reason: string): Promise<void>;
  /** New TLS connections get this key and certificate (no-op for a gateway without TLS). Throws TlsInitializationFailed. */
  reloadTls?(tls: TlsServerOptions): void;
}

/** What the server offers its gateways: the operator's reload (IRC REHASH). */
export interface GatewayContext {
  /** Reload the config the way SIGHUP does; resolves the result, never rejects. */
  rehash(): Promise<ReloadResult>;
}

/** Where a banner line tells a client to connect. */
export interface BannerTarget {
  /** Host and port as a client on this machine reaches the listener (`host:port`, IPv6 bracketed). */
  readonly hostPort: string;
  readonly host: string;
  readonly port: number;
  /** The TLS certificate file as a shell word, for clients to trust a self-signed one; undefined without TLS. */
  readonly tlsCert: string | undefined;
  /** How the user runs the zchat command: `zchat`, or `npx zchat` when it is not on their PATH. */
  readonly cli: string;
}

/** One row of the gateway table: when it runs, where it listens, how it starts, how it is named and shown. */
export interface GatewaySpec {
  /** Key in `ChatServer.addresses` ('plain', 'irc', 'ircTls', 'plainTls', 'web', 'webTls'). */
  readonly name: string;
  /** The listener in words, for the banner ('IRC over TLS'). */
  readonly label?: string;
  /** The config key of its port ('tls.ircPort'). */
  readonly configKey?: string;
  /** The `zchat serve` flag that sets that port ('irc-tls-port'). */
  readonly cliFlag?: string;
  /** The port to listen on, or null when this gateway is off for `config`. */
  port(config: ChatConfig): number | null;
  start(core: ChatCore, address: Address, config: ChatConfig, logger: Logger, context: GatewayContext): Promise<Gateway>;
  /** The banner's hints under the "listening on" line: how to connect (indented by the banner). */
  hints?(target: BannerTarget): string[];
}
