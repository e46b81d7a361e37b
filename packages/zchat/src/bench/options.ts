/**
 * `zchat bench` options: the scenario names, every option with its default per scenario, and the checks
 * that span several options (loopback only unless --allow-remote, window vs rate, message size). Pure:
 * `resolveBenchOptions` takes the flag values the command line parsed and returns options or problems.
 */
import { MIN_MESSAGE_SIZE } from './payload.js';

export const scenarios = ['idle', 'fanout', 'rooms', 'churn'] as const;
/** What to measure (see docs/BENCH-TOOL.md). */
export type Scenario = (typeof scenarios)[number];
export const protocols = ['plain', 'irc', 'ws'] as const;
/** Which wire protocol the clients speak (ws: IRC over WebSocket). */
export type Protocol = (typeof protocols)[number];

/** Everything a run needs, resolved (no undefined fields). */
export interface BenchOptions {
  scenario: Scenario;
  protocol: Protocol;
  host: string;
  port: number;
  /** idle: connections; fanout: room members; rooms: clients; churn: concurrent connect/quit loops. */
  clients: number;
  /** fanout: members that send. */
  senders: number;
  /** rooms: rooms the clients are spread over. */
  rooms: number;
  /** Room (channel) name; rooms add a number. */
  room: string;
  /** Sending (fanout, rooms, churn) lasts this long. */
  durationMs: number;
  /** Messages per second over all senders; 0 = closed loop bounded by `window`. */
  rate: number;
  /** Closed loop: messages per sender not yet received by every member in its shard. */
  window: number;
  /** Characters of message text. */
  size: number;
  /** Shards beside the coordinator: 0 runs every client in this thread. */
  workers: number;
  /** Shards are child processes (own fd limit and CPU accounting) instead of worker threads. */
  fork: boolean;
  /** Bind shard k's connections to 127.0.0.(2+k) (IPv4 loopback targets only). */
  sourceAddresses: boolean;
  /** Connects in flight per shard during setup. */
  concurrency: number;
  /** Server process to sample (RSS, CPU) from /proc. */
  serverPid: number | null;
  /** idle: keep the connections open this long after the PING round. */
  holdMs: number;
  /** Bound on each waiting phase: setup, PING round, drain. */
  timeoutMs: number;
  json: boolean;
  plot: string | null;
  allowRemote: boolean;
  /** Progress line on stderr (only when stderr is a TTY, never with --json or --quiet). */
  progress: boolean;
}

/** The flag values as the command line parsed them (numbers already checked for range). */
export type FlagValues = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Clients per loopback source address when spreading (`sourceAddresses`): half of zchat's default per-address limit,
 * so a benchmark never meets it, nor squeezes out a real user on another address.
 */
export const clientsPerSource = 50;

/** Default clients per scenario. */
export const defaultClients: Readonly<Record<Scenario, number>> = { idle: 1000, fanout: 100, rooms: 1000, churn: 50 };
/** Above this many connections a shard is its own process by default (the fd limit is per process). */
const connectionsPerProcess = 8000;

/** True for loopback hosts: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `host:port`, `[v6]:port` or `:port`; undefined when malformed. */
export function parseTarget(raw: string, defaultPort: number): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(raw);
  if (!m) return undefined;
  const host = m[1] ?? (m[2] === '' || m[2] === undefined ? '127.0.0.1' : m[2]);
  const port = m[3] === undefined ? defaultPort : Number(m[3]);
  return port >= 1 && port <= 65_535 ? { host, port } : undefined;
}

function num(v: FlagValues[string], fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/**
 * Resolve a run from parsed flags: `scenario` is the positional, `values` the flags by long name. Returns the
 * options, or the problems in words (each names its flag), for the command to print with exit code 2.
 */
export function resolveBenchOptions(scenario: string, values: FlagValues, stderrIsTty = false): { options: BenchOptions } | { problems: string[] } {
  const problems: string[] = [];
  if (!(scenarios as readonly string[]).includes(scenario)) problems.push(`scenario: expected one of ${scenarios.join(', ')}, got "${scenario}"`);
  const sc = (scenarios as readonly string[]).includes(scenario) ? (scenario as Scenario) : 'fanout';
  const protocol = (values.protocol ?? 'plain') as string;
  if (!(protocols as readonly string[]).includes(protocol)) problems.push(`--protocol: expected plain, irc or ws, got "${protocol}"`);
  const defaultPort = protocol === 'irc' ? 6667 : protocol === 'ws' ? 8080 : 8888;
  const target = parseTarget(typeof values.target === 'string' ? values.target : '', defaultPort);
  if (!target) problems.push(`--target: expected host:port, got "${String(values.target)}"`);
  const allowRemote = values['allow-remote'] === true;
  if (target && !allowRemote && !isLoopback(target.host)) {
    problems.push(`--target: ${target.host} is not a loopback address; pass --allow-remote to load a server over the network`);
  }
  const clients = num(values.clients, defaultClients[sc]);
  const senders = num(values.senders, Math.min(10, clients));
  const rooms = num(values.rooms, sc === 'rooms' ? 10 : 1);
  const rate = num(values.rate, sc === 'rooms' ? 1000 : 0);
  const size = num(values.size, 64);
  if (sc === 'fanout' && senders > clients) problems.push(`--senders: ${senders} senders need at least as many clients (--clients ${clients})`);
  if ((sc === 'fanout' || sc === 'rooms') && clients < 2) problems.push('--clients: a room needs at least 2 clients to deliver anything');
  if (sc === 'rooms' && rooms > clients) problems.push(`--rooms: ${rooms} rooms need at least as many clients (--clients ${clients})`);
  if (size < MIN_MESSAGE_SIZE) problems.push(`--size: at least ${MIN_MESSAGE_SIZE} characters (the header), got ${size}`);
  const room = typeof values.room === 'string' ? values.room : '#bench';
  if (!/^[#&][^\s,]{1,40}$/.test(room)) problems.push(`--room: expected a channel name like #bench, got "${room}"`);
  const fork = values.fork === true || (values.fork === undefined && sc === 'idle');
  const autoWorkers = sc === 'idle' ? Math.ceil(clients / connectionsPerProcess) : 0;
  const workers = num(values.workers, autoWorkers === 1 ? 0 : autoWorkers);
  if (problems.length > 0 || !target) return { problems };
  return {
    options: {
      scenario: sc,
      protocol: protocol as Protocol,
      host: target.host,
      port: target.port,
      clients,
      senders: sc === 'fanout' ? senders : sc === 'rooms' ? clients : 0,
      rooms,
      room,
      durationMs: num(values.duration, 10) * 1000,
      rate,
      window: num(values.window, 8),
      size,
      workers,
      fork,
      // On by default against 127.x: a server's per-address connection limit would otherwise refuse the run.
      sourceAddresses: values['source-addresses'] === true || (values['source-addresses'] === undefined && /^127\./.test(target.host)),
      concurrency: num(values.concurrency, 200),
      serverPid: typeof values['server-pid'] === 'number' ? values['server-pid'] : null,
      holdMs: num(values.hold, 0) * 1000,
      timeoutMs: num(values.timeout, 60) * 1000,
      json: values.json === true,
      plot: typeof values.plot === 'string' ? values.plot : null,
      allowRemote,
      progress: values.quiet !== true && stderrIsTty && values.json !== true,
    },
  };
}
