/**
 * `zchat serve`: embedded defaults, then the config file, then command-line flags; one logger; start the server,
 * print where it listens and how to connect; on SIGINT/SIGTERM shut down gracefully within a bounded time.
 */
import { readFile } from 'node:fs/promises';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve as resolvePath } from 'node:path';
import type { ChatConfig } from '../chat/config.js';
import { gatewaySpecs } from '../chat/gateways.js';
import { clusterStoreProblem, startChatServer } from '../chat/server.js';
import { Address } from 'znet';
import { StoreError } from '../chat/store/types.js';
import type { CliIo, ParsedArgs } from './command.js';
import { shellWord } from './cert.js';
import { resolveServeConfig } from './config-file.js';
import { describeListenError } from './listen-errors.js';
import { createLogger } from './logger.js';
import { formatHostPort } from './values.js';
import { guardInspector, type InspectorGuard } from './inspector-guard.js';

/** Extra time on top of `limits.shutdownTimeoutMs` before giving up on a graceful close. */
const shutdownGraceMs = 2_000;

/** Where a client on this machine should connect: a wildcard listen address means loopback. */
function connectHost(address: Address): string {
  if (address.ip === '0.0.0.0') return '127.0.0.1';
  if (address.ip === '::') return '::1';
  return address.ip;
}

/**
 * How the user runs zchat from their shell: `zchat` when it is on their PATH, else `npx zchat` (a checkout, or an
 * `npm install` without -g). npm and npx put node_modules/.bin on the PATH of what they run, and the user's shell
 * does not have it, so those entries do not count.
 */
export function zchatCommand(env: Readonly<Record<string, string | undefined>>): 'zchat' | 'npx zchat' {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '' && !/node_modules[\\/]\.bin[\\/]?$/.test(d));
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'zchat'), constants.X_OK);
      return 'zchat';
    } catch {
      // not here
    }
  }
  return 'npx zchat';
}

/**
 * The start-up banner: each listener's actual address (port 0 resolved) and how to connect to it. `tlsCert` is the
 * certificate file (as a shell word), named in the TLS hints so that clients can trust a self-signed one. `cli` is
 * how the user runs zchat (`zchatCommand`); with `npx zchat`, a last line says how to install the command.
 */
export function formatBanner(addresses: Readonly<Record<string, Address | undefined>>, version: string, tlsCert?: string, cli: 'zchat' | 'npx zchat' = 'zchat'): string {
  const lines = [`zchat ${version} is running.`];
  for (const [key, address] of Object.entries(addresses)) {
    if (!address) continue;
    const host = connectHost(address);
    const port = address.getPort();
    const row = gatewaySpecs.find((r) => r.name === key);
    lines.push(`  ${row?.label ?? key}: listening on ${address.toString()}`);
    for (const hint of row?.hints?.({ host, port, hostPort: formatHostPort({ host, port }), tlsCert, cli }) ?? []) lines.push(`    ${hint}`);
  }
  if (cli === 'npx zchat') lines.push('(zchat is not on your PATH: npx zchat runs it here; npm install -g zchat installs the command, or from a checkout npm install -g ./packages/zchat)');
  lines.push('Stop with Ctrl-C.');
  return `${lines.join('\n')}\n`;
}

/**
 * Run the server until SIGINT or SIGTERM. Resolves the exit code: 0 after a graceful shutdown, 1 when it could not
 * start (address in use, permission denied...) or the shutdown overran, 2 for an invalid config. A second signal
 * during shutdown exits at once (code 130).
 */
export async function runServe(values: ParsedArgs['values'], io: CliIo, version: string): Promise<number> {
  const resolved = await loadServeConfig(values);
  if (!resolved.ok) {
    for (const e of resolved.errors) io.stderr.write(`zchat serve: ${e}\n`);
    return 2;
  }
  const { config } = resolved;
  const clusterProblem = clusterStoreProblem(config);
  if (clusterProblem !== null) {
    io.stderr.write(`zchat serve: ${clusterProblem}\n`);
    return 2;
  }
  if (values['check-config'] === true) return checkConfig(config, values, io);
  const logger = createLogger({ level: config.logLevel, destination: io.stderr, env: io.env });
  // Signals are watched before anything listens: a signal that arrives while starting still means a clean stop.
  const signals = watchSignals();
  let guard: InspectorGuard | undefined;
  const onUsr1 = (): void => logger.warn({ signal: 'SIGUSR1' }, 'signal ignored: the inspector stays closed');
  process.on('SIGUSR1', onUsr1);
  // SIGHUP (a closed terminal, or an operator's `kill -HUP`) reloads the config instead of ending the process.
  let running: Awaited<ReturnType<typeof startChatServer>> | undefined;
  const onHup = (): void => {
    logger.info({ signal: 'SIGHUP' }, 'signal received: reloading the config');
    if (running) void running.reload();
    else logger.warn({ signal: 'SIGHUP' }, 'still starting: nothing reloaded');
  };
  process.on('SIGHUP', onHup);
  try {
    try {
      guard = await guardInspector();
    } catch (err) {
      logger.warn({ err: String(err) }, 'cannot guard the inspector port: SIGUSR1 would open the inspector');
    }
    let server: Awaited<ReturnType<typeof startChatServer>>;
    // A signal while still waiting for a cluster's Redis stops the wait.
    const starting = new AbortController();
    void signals.first.then(() => starting.abort());
    try {
      server = await startChatServer(config, {
        logger,
        signal: starting.signal,
        loadConfig: () => loadServeConfig(values),
        onReload: (c) => {
          logger.level = c.logLevel;
        },
      });
      running = server;
    } catch (err) {
      if (starting.signal.aborted) {
        logger.info({}, 'stopped before the server started');
        return 0;
      }
      if (err instanceof StoreError) {
        logger.debug({ err }, 'cannot start');
        io.stderr.write(`zchat serve: ${err.message}\n`);
        return 1;
      }
      // One line says it all; the trace is for debugging (--log-level debug).
      logger.debug({ err }, 'cannot start');
      io.stderr.write(`zchat serve: ${describeListenError(err, config)}\n`);
      return 1;
    }
    io.stdout.write(formatBanner(server.addresses, version, config.tls.cert === null ? undefined : shellWord(resolvePath(config.tls.cert)), zchatCommand(io.env)));
    logger.info({ signal: await signals.first }, 'signal received');
    const limitMs = config.limits.shutdownTimeoutMs + shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      // No reason: each gateway already says the server is shutting down, in its own protocol's words.
      server.close().then(() => 0),
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(1), limitMs))),
      signals.second.then(() => 130),
    ]);
    clearTimeout(timer);
    if (code === 1) logger.error({ limitMs }, 'shutdown took too long; exiting');
    if (code === 130) logger.warn({}, 'second signal: exiting without waiting');
    return code;
  } finally {
    signals.dispose();
    process.off('SIGUSR1', onUsr1);
    process.off('SIGHUP', onHup);
    guard?.release();
  }
}

/** The config as `serve` builds it at start-up (file, flags, TLS flags): what a reload reads again. */
async function loadServeConfig(values: ParsedArgs['values']): Promise<{ ok: true; config: ChatConfig } | { ok: false; errors: string[] }> {
  const resolved = await resolveServeConfig(values);
  if (!resolved.ok) return resolved;
  const problems = applyTlsFlags(resolved.config, values);
  return problems.length > 0 ? { ok: false, errors: problems } : resolved;
}

/**
 * `serve --check-config`: the config is valid (it got here); check that the TLS files can be read, then say what
 * would listen where. 0 when the server could start with it, 2 otherwise. Nothing listens.
 */
async function checkConfig(config: ChatConfig, values: ParsedArgs['values'], io: CliIo): Promise<number> {
  const problems: string[] = [];
  try {
    Address.parseIp(config.host, 0);
  } catch {
    problems.push(`host: must be an IP address of this machine (127.0.0.1, 0.0.0.0, ::), not "${config.host}"`);
  }
  for (const [key, path] of [['tls.key', config.tls.key], ['tls.cert', config.tls.cert]] as const) {
    if (path === null) continue;
    try {
      await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(`${key}: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code)}`);
    }
  }
  for (const p of problems) io.stderr.write(`zchat serve: ${p}\n`);
  if (problems.length > 0) return 2;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const listeners = [
    config.plain.enabled ? `plain text ${host}:${config.plain.port}` : null,
    config.irc.enabled ? `IRC ${host}:${config.irc.port}` : null,
    config.irc.enabled && config.tls.key !== null ? `IRC over TLS ${host}:${config.tls.ircPort}` : null,
    config.plain.enabled && config.tls.key !== null && config.tls.plainPort !== null ? `plain text over TLS ${host}:${config.tls.plainPort}` : null,
    config.web.enabled ? `web ${host}:${config.web.port}` : null,
    config.web.enabled && config.tls.key !== null && config.tls.webPort !== null ? `web over TLS ${host}:${config.tls.webPort}` : null,
  ].filter((l) => l !== null);
  const source = typeof values.config === 'string' ? values.config : 'the built-in defaults';
  io.stdout.write(`zchat serve: ${source} is valid; would listen on ${listeners.join(', ')}\n`);
  return 0;
}

/**
 * Lay the TLS flags over `config` (in place): --tls-key, --tls-cert, --irc-tls-port, --plain-tls-port, --web-tls-port. Returns the
 * problems: a key without a certificate (or the reverse, counting the config file's), a TLS port flag with no key
 * and certificate to serve it, or two listeners on one port.
 */
export function applyTlsFlags(config: ChatConfig, values: ParsedArgs['values']): string[] {
  if (typeof values['tls-key'] === 'string') config.tls.key = values['tls-key'];
  if (typeof values['tls-cert'] === 'string') config.tls.cert = values['tls-cert'];
  if (typeof values['irc-tls-port'] === 'number') config.tls.ircPort = values['irc-tls-port'];
  if (typeof values['plain-tls-port'] === 'number') config.tls.plainPort = values['plain-tls-port'];
  if (typeof values['web-tls-port'] === 'number') config.tls.webPort = values['web-tls-port'];
  const { key, cert } = config.tls;
  if ((key === null) !== (cert === null)) return [`TLS needs both a key and a certificate: add ${key === null ? '--tls-key' : '--tls-cert'} (or tls.${key === null ? 'key' : 'cert'} in the config file)`];
  if (key === null) {
    const portFlag = ['irc-tls-port', 'plain-tls-port', 'web-tls-port'].find((f) => values[f] !== undefined);
    return portFlag ? [`--${portFlag} needs --tls-key and --tls-cert (make a pair with zchat cert)`] : [];
  }
  const ports: [string, number | null][] = [
    ['plain text', config.plain.enabled ? config.plain.port : null],
    ['IRC', config.irc.enabled ? config.irc.port : null],
    ['IRC over TLS', config.irc.enabled ? config.tls.ircPort : null],
    ['plain text over TLS', config.plain.enabled ? config.tls.plainPort : null],
    ['web', config.web.enabled ? config.web.port : null],
    ['web over TLS', config.web.enabled ? config.tls.webPort : null],
  ];
  const seen = new Map<number, string>();
  for (const [label, port] of ports) {
    if (port === null || port === 0) continue;
    const other = seen.get(port);
    if (other) return [`${other} and ${label} listeners both on port ${port}: give each its own port`];
    seen.set(port, label);
  }
  return [];
}

/** SIGINT/SIGTERM as promises: the first asks for a graceful stop, the second for an immediate exit. */
function watchSignals(): { first: Promise<NodeJS.Signals>; second: Promise<NodeJS.Signals>; dispose(): void } {
  const received: NodeJS.Signals[] = [];
  let waiters: { n: number; resolve: (signal: NodeJS.Signals) => void }[] = [];
  const nth = (n: number): Promise<NodeJS.Signals> =>
    new Promise((resolve) => (received.length > n ? resolve(received[n]!) : waiters.push({ n, resolve })));
  const onSignal = (signal: NodeJS.Signals): void => {
    received.push(signal);
    const ready = waiters.filter((w) => w.n < received.length);
    waiters = waiters.filter((w) => w.n >= received.length);
    for (const w of ready) w.resolve(received[w.n]!);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    first: nth(0),
    second: nth(1),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
