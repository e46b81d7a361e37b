/**
 * `zchat serve`: embedded defaults, then the config file, then command-line flags; one logger; start the server,
 * print where it listens and how to connect; on SIGINT/SIGTERM shut down gracefully within a bounded time.
 */
import { startChatServer } from '../chat/server.js';
import type { Address } from '../net/address.js';
import { NetError } from '../net/errors.js';
import type { CliIo, ParsedArgs } from './command.js';
import { resolveServeConfig } from './config-file.js';
import { createLogger } from './logger.js';
import { formatHostPort } from './values.js';

/** Extra time on top of `limits.shutdownTimeoutMs` before giving up on a graceful close. */
const shutdownGraceMs = 2_000;

/** Names for the listener keys of `server.addresses` in the start-up banner. */
const listenerLabels: Readonly<Record<string, string>> = {
  plain: 'plain text',
  irc: 'IRC',
  ircTls: 'IRC over TLS',
  plainTls: 'plain text over TLS',
};

/** Where a client on this machine should connect: a wildcard listen address means loopback. */
function connectHost(address: Address): string {
  if (address.ip === '0.0.0.0') return '127.0.0.1';
  if (address.ip === '::') return '::1';
  return address.ip;
}

/** The start-up banner: each listener's actual address (port 0 resolved) and how to connect to it. */
export function formatBanner(addresses: Readonly<Record<string, Address | undefined>>, version: string): string {
  const lines = [`zchat ${version} is running.`];
  for (const [key, address] of Object.entries(addresses)) {
    if (!address) continue;
    const host = connectHost(address);
    const port = address.getPort();
    lines.push(`  ${listenerLabels[key] ?? key}: listening on ${address.toString()}`);
    if (key === 'plain') {
      lines.push(`    zchat connect ${formatHostPort({ host, port })}`, `    nc ${host} ${port}`, `    telnet ${host} ${port}`);
    } else if (key === 'plainTls') {
      lines.push(`    zchat connect --tls ${formatHostPort({ host, port })}`, `    openssl s_client -quiet -connect ${formatHostPort({ host, port })}`);
    } else if (key === 'irc' || key === 'ircTls') {
      lines.push(`    any IRC client, e.g. irssi -c ${host} -p ${port}${key === 'ircTls' ? ' -tls' : ''}`);
    }
  }
  lines.push('Stop with Ctrl-C.');
  return `${lines.join('\n')}\n`;
}

/**
 * Run the server until SIGINT or SIGTERM. Resolves the exit code: 0 after a graceful shutdown, 1 when it could not
 * start (address in use, permission denied...) or the shutdown overran, 2 for an invalid config. A second signal
 * during shutdown exits at once (code 130).
 */
export async function runServe(values: ParsedArgs['values'], io: CliIo, version: string): Promise<number> {
  const resolved = await resolveServeConfig(values);
  if (!resolved.ok) {
    for (const e of resolved.errors) io.stderr.write(`zchat serve: ${e}\n`);
    return 2;
  }
  const { config } = resolved;
  const logger = createLogger({ level: config.logLevel, destination: io.stderr, env: io.env });
  // Signals are watched before anything listens: a signal that arrives while starting still means a clean stop.
  const signals = watchSignals();
  try {
    let server: Awaited<ReturnType<typeof startChatServer>>;
    try {
      server = await startChatServer(config, { logger });
    } catch (err) {
      const reason = err instanceof NetError ? err.message : String(err);
      logger.fatal({ err }, 'cannot start');
      io.stderr.write(`zchat serve: cannot listen on ${config.host}: ${reason}\n`);
      return 1;
    }
    io.stdout.write(formatBanner(server.addresses, version));
    logger.info({ signal: await signals.first }, 'signal received');
    const limitMs = config.limits.shutdownTimeoutMs + shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      server.close('Server shutting down').then(() => 0),
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(1), limitMs))),
      signals.second.then(() => 130),
    ]);
    clearTimeout(timer);
    if (code === 1) logger.error({ limitMs }, 'shutdown took too long; exiting');
    if (code === 130) logger.warn({}, 'second signal: exiting without waiting');
    return code;
  } finally {
    signals.dispose();
  }
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
