/**
 * The chat server: one `ChatCore` shared by N protocol gateways. Gateways are rows of `gatewaySpecs`
 * (gateways.ts), each started when its config enables it.
 */
import { guardedAccounts } from './accounts/guarded.js';
import { openStore } from './store/backends.js';
import type { ChatStore } from './store/types.js';
import { importConfigAccounts } from './accounts/store-backend.js';
import { historyRecorder } from './history/recorder.js';
import type { ChatConfig } from './config.js';
import { ClusterNode, defaultNodeId } from './cluster/node.js';
import { connectRedisBus } from './cluster/redis-bus.js';
import { ChatCore } from './core/core.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { gatewaySpecs } from './gateways.js';
import type { Gateway, GatewayContext, GatewaySpec } from './transport/gateway.js';
import { Address, type TlsServerOptions } from 'znet';
import { applyPaths, planReload, type ReloadResult } from './reload.js';

export type { Gateway, GatewayContext, GatewaySpec } from './transport/gateway.js';
export { gatewaySpecs } from './gateways.js';

/** Options for `startChatServer`. */
export interface ChatServerOptions {
  logger?: Logger;
  /** Gateway table to use instead of `gatewaySpecs` (tests, embedders). */
  gateways?: readonly GatewaySpec[];
  /** Clock for the core (tests). */
  now?: () => number;
  /**
   * Where a reload (`ChatServer.reload`, IRC REHASH) reads the new config: the CLI reads the config file again.
   * Without it, REHASH answers that there is nothing to reload.
   */
  loadConfig?: () => Promise<{ ok: true; config: ChatConfig } | { ok: false; errors: string[] }>;
  /** Called after each reload that was applied, with the running config (the CLI sets its log level). */
  onReload?: (config: ChatConfig) => void;
  /** A store to use instead of opening the one `config.dataDir` names; the caller keeps it (closes it). */
  store?: ChatStore;
  /** Aborts the start while it waits (for a cluster's Redis): `startChatServer` then rejects. */
  signal?: AbortSignal;
}

/** A running chat server. */
export interface ChatServer {
  readonly core: ChatCore;
  /** Accounts, registered rooms, history, read markers (memory when `dataDir` is null). */
  readonly store: ChatStore;
  /** Gateway name -> address actually bound (port 0 resolved), e.g. `{ plain: Address }`. */
  readonly addresses: Readonly<Record<string, Address>>;
  /**
   * Graceful shutdown: stop accepting everywhere, tell every client the server is shutting down, flush,
   * close; bounded by limits.shutdownTimeoutMs. Idempotent; never rejects.
   */
  close(reason?: string): Promise<void>;
  /**
   * Load the config again (`ChatServerOptions.loadConfig`) and apply what can change live: limits, MOTD, operators,
   * accounts, log level, the TLS key and certificate for new connections. Keys that need a restart are reported, not
   * applied. An invalid new config (or unreadable TLS files) is refused with the errors and changes nothing.
   * Never rejects.
   */
  reload(): Promise<ReloadResult>;
}

/**
 * Start the core and every enabled gateway on `config.host`. Port 0 picks a free port (see `addresses`).
 * Rejects with the first gateway's listen NetError (AddressInUse, AccessDenied, TlsInitializationFailed...),
 * after closing the gateways already started.
 */
export async function startChatServer(config: ChatConfig, options: ChatServerOptions = {}): Promise<ChatServer> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  // Opened before anything listens: a corrupt or unreadable database stops the start with its StoreError.
  const store = options.store ?? (await openStore(config, logger));
  const closeStore = async (): Promise<void> => {
    if (!options.store) await store.close();
  };
  try {
    await importConfigAccounts(store, config.accounts, now(), logger);
  } catch (err) {
    await closeStore();
    throw err;
  }
  const guard = guardedAccounts(config, now, store);
  // A cluster node: connect to the bus first (waits, retrying, while Redis is unreachable).
  let node: ClusterNode | null;
  try {
    const problem = clusterStoreProblem(config);
    if (problem !== null) throw new Error(problem);
    if (config.cluster.redis !== null) logger.info({}, "cluster node without a store (--data ''): accounts, history and read markers are not persisted");
    node = config.cluster.redis === null ? null : await joinCluster(config, logger, options.signal);
  } catch (err) {
    await closeStore();
    throw err;
  }
  const core = new ChatCore(config, {
    ...(options.now ? { now: options.now } : {}),
    ...(node !== null ? { nodeId: node.id, nickClaims: node } : {}),
    accounts: guard.accounts,
    onObserverError: (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'event observer failed'),
  });
  // History is persisted beside routing: the recorder only queues lines for the store's group commit.
  core.subscribe(historyRecorder(store, (nick) => core.findUser(nick)?.account ?? null));
  if (node !== null) {
    await node.start(core);
    logger.info({ node: node.id, redis: redactUrl(config.cluster.redis!) }, 'joined the cluster');
  }
  const running: { name: string; gateway: Gateway }[] = [];
  const context: GatewayContext = { rehash: () => reload() };
  const reload = async (): Promise<ReloadResult> => {
    const result = await reloadConfig(core, running.map((r) => r.gateway), options);
    if (result.ok) logger.info({ applied: result.applied, restartNeeded: result.restartNeeded }, 'config reloaded');
    else logger.error({ errors: result.errors }, 'config reload refused; the running config stays');
    return result;
  };
  try {
    for (const spec of options.gateways ?? gatewaySpecs) {
      const port = spec.port(config);
      if (port === null) continue;
      const gateway = await spec.start(core, Address.parseIp(config.host, port), config, logger, context);
      running.push({ name: spec.name, gateway });
      logger.info({ gateway: spec.name, address: gateway.address.toString() }, 'listening');
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.gateway.close('startup failed')));
    await node?.close('failed to start');
    await guard.pool.close();
    await closeStore();
    throw err;
  }
  const addresses: Record<string, Address> = {};
  for (const r of running) addresses[r.name] = r.gateway.address;
  let closed: Promise<void> | null = null;
  return {
    core,
    store,
    addresses: Object.freeze(addresses),
    reload,
    close(reason = ''): Promise<void> {
      closed ??= (async () => {
        logger.info({ reason }, 'shutting down');
        for (const r of running) r.gateway.stopAccepting();
        core.beginShutdown();
        const results = await Promise.allSettled(running.map((r) => r.gateway.close(reason)));
        for (const [i, res] of results.entries()) {
          if (res.status === 'rejected') logger.error({ gateway: running[i]!.name, err: String(res.reason) }, 'gateway close failed');
        }
        await node?.close('shut down');
        await guard.pool.close();
        // After the gateways: the last messages they carried are committed before the file is closed.
        await closeStore();
        logger.info({}, 'stopped');
      })();
      return closed;
    },
  };
}

/**
 * Why `config` cannot run as a cluster node, or null. A cluster needs a store every node shares: a SQLite
 * file is one node's, so `dataDir` must be unset ('' or null: nothing persisted).
 */
export function clusterStoreProblem(config: ChatConfig): string | null {
  if (config.cluster.redis === null || config.dataDir === null || config.dataDir === '') return null;
  return `a cluster (--cluster) needs a store every node shares, and ${config.store.backend} (--data ${config.dataDir}) is one node's file: run the nodes with --data '' (nothing persisted)`;
}

/** Connect to the cluster's Redis (retrying while it is unreachable) and make this node. */
async function joinCluster(config: ChatConfig, logger: Logger, signal?: AbortSignal): Promise<ClusterNode> {
  const nodeId = config.cluster.nodeId ?? defaultNodeId();
  const bus = await connectRedisBus({ url: config.cluster.redis!, prefix: config.cluster.prefix, logger }, signal);
  return new ClusterNode(bus, { nodeId, heartbeatMs: config.cluster.heartbeatMs, deadAfterMs: config.cluster.deadAfterMs }, logger);
}

/** The URL without a password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** One reload: load, check the TLS files, apply the live keys, re-key the TLS listeners. */
async function reloadConfig(core: ChatCore, gateways: readonly Gateway[], options: ChatServerOptions): Promise<ReloadResult> {
  if (!options.loadConfig) return { ok: false, errors: ['no config file to reload: the server was started without one'] };
  let loaded;
  try {
    loaded = await options.loadConfig();
  } catch (err) {
    return { ok: false, errors: [String(err)] };
  }
  if (!loaded.ok) return loaded;
  const next = loaded.config;
  const current = core.config;
  const tlsRunning = current.tls.key !== null && current.tls.cert !== null;
  let tls: TlsServerOptions | undefined;
  if (tlsRunning && next.tls.key !== null && next.tls.cert !== null) {
    // Read the files even when their names did not change: a renewed certificate keeps its path. The first TLS
    // listener loads and checks them; if they are bad it throws before anything has changed.
    tls = { keyFile: next.tls.key, certFile: next.tls.cert };
    try {
      for (const g of gateways) g.reloadTls?.(tls);
    } catch (err) {
      return { ok: false, errors: [`tls: ${err instanceof Error ? err.message : String(err)}`] };
    }
  }
  const report = planReload(current, next);
  // Turning TLS on or off opens or closes listeners: that waits for a restart.
  if (!tlsRunning && next.tls.key !== null && next.tls.cert !== null) {
    const toggled: string[] = report.applied.filter((p) => p === 'tls.key' || p === 'tls.cert');
    report.applied = report.applied.filter((p) => !toggled.includes(p));
    report.restartNeeded.push(...toggled);
  } else if (tlsRunning && tls === undefined) {
    report.applied = report.applied.filter((p) => p !== 'tls.key' && p !== 'tls.cert');
    report.restartNeeded.push('tls.key', 'tls.cert');
  }
  applyPaths(current, next, report.applied);
  if (tls) {
    for (const p of ['tls.key', 'tls.cert']) if (!report.applied.includes(p)) report.applied.push(p);
  }
  options.onReload?.(current);
  return { ok: true, ...report };
}
