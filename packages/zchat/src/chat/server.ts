/**
 * The chat server: one `ChatCore` shared by N protocol gateways. Gateways are rows of `gatewaySpecs`
 * (plain text now; IRC and the TLS listeners are added as rows), each started when its config enables it.
 */
import { configAccounts } from './accounts/config-backend.js';
import type { ChatConfig } from './config.js';
import { ChatCore } from './core/core.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { PlainGateway } from './plain/gateway.js';
import { startIrcGateway } from './irc/gateway.js';
import { Address } from 'znet';
import { WebGateway } from './web/gateway.js';


/** A running gateway as the server sees it. */
export interface Gateway {
  /** The address actually bound. */
  readonly address: Address;
  /** Stop accepting new connections. Idempotent. */
  stopAccepting(): void;
  /** Tell clients the server is going down (with `reason`), flush, close; bounded by limits.shutdownTimeoutMs. */
  close(reason: string): Promise<void>;
}

/** One row of the gateway table: when it runs, where it listens, how it starts. */
export interface GatewaySpec {
  /** Key in `ChatServer.addresses` ('plain', 'irc', 'ircTls', 'plainTls', 'web', 'webTls'). */
  readonly name: string;
  /** The port to listen on, or null when this gateway is off for `config`. */
  port(config: ChatConfig): number | null;
  start(core: ChatCore, address: Address, config: ChatConfig, logger: Logger): Promise<Gateway>;
}

function tlsConfigured(config: ChatConfig): boolean {
  return config.tls.key !== null && config.tls.cert !== null;
}

/** The gateways zchat runs, in start order. */
export const gatewaySpecs: GatewaySpec[] = [
  {
    name: 'plain',
    port: (config) => (config.plain.enabled ? config.plain.port : null),
    start: (core, address, _config, logger) => PlainGateway.start(core, address, { logger, name: 'plain' }),
  },
  {
    name: 'plainTls',
    port: (config) => (config.plain.enabled && tlsConfigured(config) ? config.tls.plainPort : null),
    start: (core, address, config, logger) =>
      PlainGateway.start(core, address, { logger, name: 'plainTls', tls: { keyFile: config.tls.key!, certFile: config.tls.cert! } }),
  },
  {
    name: 'irc',
    port: (config) => (config.irc.enabled ? config.irc.port : null),
    start: (core, address, config, logger) => startIrcGateway(core, config, { logger, address }),
  },
  {
    name: 'ircTls',
    port: (config) => (config.irc.enabled && tlsConfigured(config) ? config.tls.ircPort : null),
    start: (core, address, config, logger) =>
      startIrcGateway(core, config, { logger, address, name: 'ircTls', tls: { keyFile: config.tls.key!, certFile: config.tls.cert! } }),
  },
  {
    name: 'web',
    port: (config) => (config.web.enabled ? config.web.port : null),
    start: (core, address, config, logger) => WebGateway.start(core, address, config, { logger }),
  },
  {
    name: 'webTls',
    port: (config) => (config.web.enabled && tlsConfigured(config) ? config.tls.webPort : null),
    start: (core, address, config, logger) =>
      WebGateway.start(core, address, config, { logger, name: 'webTls', tls: { keyFile: config.tls.key!, certFile: config.tls.cert! } }),
  },
];

/** Options for `startChatServer`. */
export interface ChatServerOptions {
  logger?: Logger;
  /** Gateway table to use instead of `gatewaySpecs` (tests, embedders). */
  gateways?: readonly GatewaySpec[];
  /** Clock for the core (tests). */
  now?: () => number;
}

/** A running chat server. */
export interface ChatServer {
  readonly core: ChatCore;
  /** Gateway name -> address actually bound (port 0 resolved), e.g. `{ plain: Address }`. */
  readonly addresses: Readonly<Record<string, Address>>;
  /**
   * Graceful shutdown: stop accepting everywhere, tell every client the server is shutting down, flush,
   * close; bounded by limits.shutdownTimeoutMs. Idempotent; never rejects.
   */
  close(reason?: string): Promise<void>;
}

/**
 * Start the core and every enabled gateway on `config.host`. Port 0 picks a free port (see `addresses`).
 * Rejects with the first gateway's listen NetError (AddressInUse, AccessDenied, TlsInitializationFailed...),
 * after closing the gateways already started.
 */
export async function startChatServer(config: ChatConfig, options: ChatServerOptions = {}): Promise<ChatServer> {
  const logger = options.logger ?? silentLogger;
  const core = new ChatCore(config, {
    ...(options.now ? { now: options.now } : {}),
    accounts: configAccounts(config),
    onObserverError: (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event observer failed'),
  });
  const running: { name: string; gateway: Gateway }[] = [];
  try {
    for (const spec of options.gateways ?? gatewaySpecs) {
      const port = spec.port(config);
      if (port === null) continue;
      const gateway = await spec.start(core, Address.parseIp(config.host, port), config, logger);
      running.push({ name: spec.name, gateway });
      logger.info({ gateway: spec.name, address: gateway.address.toString() }, 'listening');
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.gateway.close('startup failed')));
    throw err;
  }
  const addresses: Record<string, Address> = {};
  for (const r of running) addresses[r.name] = r.gateway.address;
  let closed: Promise<void> | null = null;
  return {
    core,
    addresses: Object.freeze(addresses),
    close(reason = ''): Promise<void> {
      closed ??= (async () => {
        logger.info({ reason }, 'shutting down');
        for (const r of running) r.gateway.stopAccepting();
        core.beginShutdown();
        const results = await Promise.allSettled(running.map((r) => r.gateway.close(reason)));
        for (const [i, res] of results.entries()) {
          if (res.status === 'rejected') logger.error({ gateway: running[i]!.name, err: String(res.reason) }, 'gateway close failed');
        }
        logger.info({}, 'stopped');
      })();
      return closed;
    },
  };
}
