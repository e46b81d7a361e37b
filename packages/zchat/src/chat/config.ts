/**
 * The chat server's configuration: every bound is here, with the embedded default that `npm start` uses.
 * A config file (see src/cli) overrides any subset; validation lives in config-validate.ts.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** An operator (IRC OPER) or SASL account. `password` is a scrypt hash made by `zchat passwd` (see docs). */
export interface Credential {
  name: string;
  password: string;
}

export interface Limits {
  /** Longest input line in bytes, without the line ending. Longer lines are rejected, the connection kept. */
  maxLineBytes: number;
  /** Bytes queued for one client before it is disconnected as too slow ("SendQ exceeded"). */
  sendQueueBytes: number;
  /** Flood control token bucket: lines a client may send at once. */
  floodBurst: number;
  /** Flood control: lines per second sustained. 0 turns flood control off (benchmarks). */
  floodPerSecond: number;
  /** Messages a room takes at once from all its members together (see roomLinesPerSecond). */
  roomBurst: number;
  /** Messages per second a room takes once its burst is spent; past it a message is refused ("room is busy"). 0 = off. */
  roomLinesPerSecond: number;
  /** Lines waiting behind flood control before the client is disconnected ("Excess flood"). */
  floodMaxQueuedLines: number;
  /** Time to choose a name (plain) or register (IRC) before the connection is closed. */
  registrationTimeoutMs: number;
  /** Close connections silent for this long. 0 turns it off. */
  idleTimeoutMs: number;
  /** Plain text: after this much silence the user is warned, and dropped `plainIdleGraceMs` later. 0 = off. */
  plainIdleTimeoutMs: number;
  /** Plain text: time between the idle warning and the drop; any line (an empty one) in between keeps the session. */
  plainIdleGraceMs: number;
  /** IRC: send PING after this much silence; close if no reply within the same time again. 0 = off. */
  pingIntervalMs: number;
  /** Connections in total, across protocols. */
  maxConnections: number;
  /** Connections from one IP address, across protocols. */
  maxConnectionsPerIp: number;
  /** Rooms one user may be in at once. */
  maxRoomsPerUser: number;
  /** Nicks on one user's MONITOR list (IRC ISUPPORT MONITOR); ERR_MONLISTFULL past it. */
  monitorEntries: number;
  /** Entries in each of a room's ban, ban-exception and invite-exception lists (IRC MAXLIST); ERR_BANLISTFULL past it. */
  listEntries: number;
  /** Read markers (IRCv3 draft/read-marker) kept per user or account; past it the least recently set is forgotten. */
  readMarkers: number;
  /** Recent message ids remembered per room and per sender's private messages, so REDACT can check who sent one. */
  recentMessages: number;
  /** Longest nick, room name, topic, away message, kick/quit reason, in characters. */
  nickLength: number;
  roomLength: number;
  topicLength: number;
  awayLength: number;
  reasonLength: number;
  /** How long a graceful shutdown may take to flush goodbyes before sockets are destroyed. */
  shutdownTimeoutMs: number;
  /** A TLS client must finish its handshake within this time; until then it counts as a connection. */
  tlsHandshakeTimeoutMs: number;
  /** Login attempts (SASL, OPER, account commands) on one account per `loginWindowMs`, from anywhere. */
  loginAttemptsPerAccount: number;
  /** Login attempts from one IP address per `loginWindowMs`, on any account. */
  loginAttemptsPerIp: number;
  /** The sliding window of the login allowances. */
  loginWindowMs: number;
  /** Worker threads checking password hashes (each uses up to one core while it works). */
  passwordWorkers: number;
  /** Password checks that may wait for a worker; past it a login is refused as "busy". */
  passwordQueue: number;
}

export interface WebConfig {
  enabled: boolean;
  port: number;
  /**
   * Origins (`https://chat.example.org`) that may open a WebSocket; others get 403. Empty: the page's own
   * origin (matching the Host header) and loopback origins only. Requests without an Origin (non-browser
   * clients) are always allowed: Origin protects browsers' users, it authenticates nobody.
   */
  allowedOrigins: string[];
  /** Addresses of reverse proxies whose `X-Forwarded-For` names the client's IP; ignored from anyone else. */
  trustedProxies: string[];
  /** WebSocket permessage-deflate (costs memory and CPU per connection; off by default). */
  perMessageDeflate: boolean;
  /** WebSocket ping every this many ms; a client that has not answered the last ping by then is closed. 0 = off. */
  pingIntervalMs: number;
  /**
   * Largest WebSocket message read, in bytes: a bigger one closes the connection (1009). A message within it
   * but longer than an IRC line gets the IRC error for a long line (417), as on TCP.
   */
  maxMessageBytes: number;
  /** Folder of the web client's files; null serves the client shipped with zchat (package zchat-web). */
  root: string | null;
}

/** Where and how zchat keeps its data (src/chat/store). */
export interface StoreConfig {
  /** Backend used when `dataDir` is set: a row of `storeBackends` ('sqlite'). */
  backend: string;
  /** Group commit: the longest a chat write waits before its transaction (the durability window after kill -9). */
  commitWindowMs: number;
  /** A commit starts at once when this many writes wait. */
  maxBatch: number;
  /** Writes kept in memory while the disk fails; the oldest are dropped past it. */
  maxPendingWrites: number;
  /** Wait between attempts when a commit failed. */
  retryMs: number;
  /** How long a statement waits for another process's lock (a backup, `zchat account`). */
  busyTimeoutMs: number;
}

/** Running as one node of a cluster (chat/cluster): the shared Redis, this node's name, heartbeats. */
export interface ClusterConfig {
  /** `redis://HOST:PORT[/DB]` of the cluster's Redis; null runs a lone server. */
  redis: string | null;
  /** This node's name, unique in the cluster (1 to 16 letters and digits); null: host name and pid. */
  nodeId: string | null;
  /** How often this node records its heartbeat and looks for nodes that stopped. */
  heartbeatMs: number;
  /** A node silent this long is gone: its users leave with a quit naming it, its nicks are freed. */
  deadAfterMs: number;
  /** Prefix of the cluster's Redis keys and channel, so several clusters may share one Redis. */
  prefix: string;
}

export interface ChatConfig {
  /** The server's own name (IRC prefix, greeting). */
  serverName: string;
  /** Network name (IRC ISUPPORT NETWORK). */
  network: string;
  /** One line about the server: IRC WHOIS (312) and LINKS (364). */
  serverInfo: string;
  /** Interface to listen on. Loopback by default: opening to the network is a decision. */
  host: string;
  /** Message of the day, one entry per line. */
  motd: string[];
  plain: { enabled: boolean; port: number };
  irc: { enabled: boolean; port: number; password: string | null };
  /**
   * TLS listeners run only when both key and cert (PEM file paths) are set. `webPort`: HTTPS and WSS (the web
   * client and IRC over WebSocket), off unless set.
   */
  tls: { key: string | null; cert: string | null; ircPort: number; plainPort: number | null; webPort: number | null };
  /** The web listener: the web client's files over HTTP and IRC over WebSocket (chat/web). */
  web: WebConfig;
  /** `default`: the room new users are put in ('' for none). `topics`: initial topics by room. */
  rooms: { default: string; topics: Record<string, string> };
  limits: Limits;
  /** Directory of the database (DIR/zchat.db); null keeps everything in memory (nothing survives a restart). */
  dataDir: string | null;
  store: StoreConfig;
  cluster: ClusterConfig;
  opers: Credential[];
  accounts: Credential[];
  logLevel: LogLevel;
}

export const defaultConfig: Readonly<ChatConfig> = Object.freeze({
  serverName: 'zchat.local',
  network: 'zchat',
  serverInfo: 'zchat chat server',
  host: '127.0.0.1',
  motd: ['Welcome to zchat.'],
  plain: { enabled: true, port: 8888 },
  irc: { enabled: true, port: 6667, password: null },
  tls: { key: null, cert: null, ircPort: 6697, plainPort: null, webPort: null },
  web: { enabled: true, port: 8080, allowedOrigins: [], trustedProxies: [], perMessageDeflate: false, pingIntervalMs: 30_000, maxMessageBytes: 65_536, root: null },
  rooms: { default: '#lobby', topics: { '#lobby': 'Say hello.' } },
  cluster: { redis: null, nodeId: null, heartbeatMs: 2000, deadAfterMs: 10_000, prefix: 'zchat:' },
  limits: {
    maxLineBytes: 1024,
    sendQueueBytes: 1024 * 1024,
    // A paste of 120 lines passes at once and 1,000 more are delayed, not dropped (docs/ZCHAT.md says why).
    floodBurst: 120,
    floodPerSecond: 4,
    floodMaxQueuedLines: 1000,
    // Above one member's paste (floodBurst), far below what fills a member's send queue (300 x 512 B = 150 KB).
    roomBurst: 300,
    roomLinesPerSecond: 30,
    registrationTimeoutMs: 60_000,
    idleTimeoutMs: 0,
    plainIdleTimeoutMs: 3_600_000,
    plainIdleGraceMs: 60_000,
    pingIntervalMs: 120_000,
    maxConnections: 10_000,
    maxConnectionsPerIp: 100,
    maxRoomsPerUser: 50,
    monitorEntries: 100,
    listEntries: 100,
    readMarkers: 100,
    recentMessages: 100,
    nickLength: 30,
    roomLength: 50,
    topicLength: 390,
    awayLength: 200,
    reasonLength: 300,
    shutdownTimeoutMs: 5_000,
    tlsHandshakeTimeoutMs: 10_000,
    loginAttemptsPerAccount: 3,
    loginAttemptsPerIp: 10,
    loginWindowMs: 60_000,
    passwordWorkers: 1,
    passwordQueue: 16,
  },
  dataDir: null,
  store: { backend: 'sqlite', commitWindowMs: 50, maxBatch: 1000, maxPendingWrites: 100_000, retryMs: 1_000, busyTimeoutMs: 5_000 },
  opers: [],
  accounts: [],
  logLevel: 'info',
});

/** A deep copy of the defaults with `overrides` merged in (objects merge, arrays and scalars replace). */
export function makeConfig(overrides: DeepPartial<ChatConfig> = {}): ChatConfig {
  const base = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
  return mergeDeep(base, overrides as Record<string, unknown>) as unknown as ChatConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer _U)[] ? T[K] : T[K] extends object | null ? DeepPartial<T[K]> : T[K] };

function mergeDeep(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) mergeDeep(current, value);
    else target[key] = structuredClone(value);
  }
  return target;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
