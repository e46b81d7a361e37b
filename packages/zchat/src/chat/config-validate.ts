/**
 * Validation of a config file's contents (already parsed from YAML or JSON) against the shape of `ChatConfig`.
 * Driven by one schema table: each key has a rule (what it must be, said in words for the error), so a new key is
 * one row. Every error names the key path (`limits.maxLineBytes`, `opers[0].password`); unknown keys are errors with
 * a did-you-mean. Valid input is merged over the embedded defaults.
 */
import { makeConfig, type ChatConfig, type DeepPartial } from './config.js';
import { isPasswordHash } from './password.js';
import { storeBackendNames } from './store/backends.js';
import { Address } from 'znet';

function isIpLiteral(v: string): boolean {
  try {
    Address.parseIp(v, 0);
    return true;
  } catch {
    return false;
  }
}

/** A value rule: `expected` completes "expected ..."; `test` says whether a value fits. */
interface Leaf {
  kind: 'leaf';
  expected: string;
  test: (v: unknown) => boolean;
}
interface ObjectNode {
  kind: 'object';
  fields: Readonly<Record<string, SchemaNode>>;
  /** Keys that must be present (list entries such as a credential have no defaults to fall back on). */
  required?: readonly string[];
}
/** A mapping with free keys (room name -> topic). */
interface RecordNode {
  kind: 'record';
  key: Leaf;
  value: SchemaNode;
}
interface ArrayNode {
  kind: 'array';
  item: SchemaNode;
  maxItems: number;
}
type SchemaNode = Leaf | ObjectNode | RecordNode | ArrayNode;

const leaf = (expected: string, test: (v: unknown) => boolean): Leaf => ({ kind: 'leaf', expected, test });
const object = (fields: Record<string, SchemaNode>, required?: readonly string[]): ObjectNode => ({ kind: 'object', fields, ...(required ? { required } : {}) });
const array = (item: SchemaNode, maxItems = 10_000): ArrayNode => ({ kind: 'array', item, maxItems });

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const int = (min: number, max = Number.MAX_SAFE_INTEGER): Leaf =>
  leaf(max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`, (v) => isInt(v) && v >= min && v <= max);
const num = (min: number): Leaf => leaf(`a number >= ${min}`, (v) => typeof v === 'number' && Number.isFinite(v) && v >= min);
const bool = leaf('true or false', (v) => typeof v === 'boolean');
const text = (maxLength: number): Leaf =>
  // eslint-disable-next-line no-control-regex
  leaf(`a string of 1 to ${maxLength} characters without control characters`, (v) => typeof v === 'string' && v.length > 0 && v.length <= maxLength && !/[\x00-\x1f\x7f]/.test(v));
// '' for rooms.default means "no room to put new users in" (load tests, servers with no lobby).
const orEmpty = (rule: Leaf): Leaf => leaf(`${rule.expected}, or "" for none`, (v) => v === '' || rule.test(v));
const orNull = (rule: Leaf): Leaf => leaf(`${rule.expected}, or null`, (v) => v === null || rule.test(v));
const oneOf = (values: readonly string[]): Leaf => leaf(`one of ${values.map((s) => JSON.stringify(s)).join(', ')}`, (v) => typeof v === 'string' && values.includes(v));

const port = int(0, 65_535);
// IP literal (v4, v6 with optional %scope) or DNS name; resolving it is the listener's job.
const host = leaf('an IP address or host name', (v) => typeof v === 'string' && /^[A-Za-z0-9.:%_-]{1,253}$/.test(v));
// eslint-disable-next-line no-control-regex
const roomName = leaf('a room name: "#" then 1 to 49 characters, no spaces, commas or control characters', (v) => typeof v === 'string' && /^#[^\s,\x00-\x1f\x7f]{1,49}$/.test(v));
const filePath = text(4096);
// scheme://host[:port], as browsers send it in Origin.
const origin = leaf('an origin: http:// or https://, a host and an optional port, no path (e.g. "https://chat.example.org")', (v) => typeof v === 'string' && /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(v));
const ipLiteral = leaf('an IP address (e.g. "127.0.0.1" or "::1")', (v) => typeof v === 'string' && isIpLiteral(v));
const nickName = leaf('a name of 1 to 30 letters, digits or -_[]{}\\|^`, not starting with a digit or "-"', (v) => typeof v === 'string' && /^[A-Za-z_[\]{}\\|^`][A-Za-z0-9_[\]{}\\|^`-]{0,29}$/.test(v));
const passwordHash = leaf('a scrypt hash "scrypt$N$r$p$salt$hash" (make one with `zchat passwd`)', (v) => typeof v === 'string' && isPasswordHash(v));
const credential = object({ name: nickName, password: passwordHash }, ['name', 'password']);

/** The shape of a config file: every key `ChatConfig` has, with what it may hold. */
const schema: ObjectNode = object({
  serverName: leaf('a host-like name (letters, digits, ".", "-"), 1 to 63 characters', (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(v)),
  network: leaf('a name of 1 to 30 letters, digits, "-" or "_"', (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,30}$/.test(v)),
  serverInfo: text(100),
  host,
  motd: array(leaf('a line of text (a string without line breaks)', (v) => typeof v === 'string' && !/[\r\n\0]/.test(v)), 1000),
  plain: object({ enabled: bool, port }),
  irc: object({ enabled: bool, port, password: orNull(text(200)) }),
  tls: object({ key: orNull(filePath), cert: orNull(filePath), ircPort: port, plainPort: orNull(port), webPort: orNull(port) }),
  web: object({
    enabled: bool,
    port,
    allowedOrigins: array(origin, 1000),
    trustedProxies: array(ipLiteral, 1000),
    perMessageDeflate: bool,
    pingIntervalMs: int(0, 3_600_000),
    // Room for the longest IRC line (4096 + 512) and more, so that a line a little too long gets 417, not a close.
    maxMessageBytes: int(8192, 16 * 1024 * 1024),
    root: orNull(filePath),
  }),
  rooms: object({ default: orEmpty(roomName), topics: { kind: 'record', key: roomName, value: text(390) } }),
  limits: object({
    maxLineBytes: int(64, 1024 * 1024),
    // Below a few KiB the IRC welcome burst alone (~1.5 KB) would overflow it and drop clients as they register.
    sendQueueBytes: int(8192),
    floodBurst: int(1),
    floodPerSecond: num(0),
    floodMaxQueuedLines: int(1),
    roomBurst: int(1, 100_000),
    roomLinesPerSecond: num(0),
    registrationTimeoutMs: int(1),
    idleTimeoutMs: int(0),
    plainIdleTimeoutMs: int(0),
    plainIdleGraceMs: int(1000, 3_600_000),
    pingIntervalMs: int(0),
    maxConnections: int(1),
    maxConnectionsPerIp: int(1),
    maxRoomsPerUser: int(1),
    monitorEntries: int(1, 100_000),
    listEntries: int(1, 100_000),
    readMarkers: int(1, 100_000),
    recentMessages: int(1, 100_000),
    nickLength: int(1, 30),
    roomLength: int(2, 50),
    topicLength: int(1, 390),
    awayLength: int(1, 390),
    reasonLength: int(1, 390),
    shutdownTimeoutMs: int(0, 600_000),
    tlsHandshakeTimeoutMs: int(100, 600_000),
    loginAttemptsPerAccount: int(1, 1000),
    loginAttemptsPerIp: int(1, 100_000),
    loginWindowMs: int(1000, 86_400_000),
    passwordWorkers: int(1, 64),
    passwordQueue: int(0, 100_000),
  }),
  dataDir: orNull(filePath),
  store: object({
    backend: oneOf(storeBackendNames),
    commitWindowMs: int(1, 1_000),
    maxBatch: int(1, 100_000),
    maxPendingWrites: int(100, 10_000_000),
    retryMs: int(10, 600_000),
    busyTimeoutMs: int(0, 600_000),
  }),
  cluster: object({
    redis: orNull(leaf('a Redis URL: redis:// or rediss://, a host and an optional port and database (e.g. "redis://10.0.0.5:6379")', (v) => typeof v === 'string' && /^rediss?:\/\/(?:[^\s/@]*@)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/\d{1,2})?$/.test(v))),
    nodeId: orNull(leaf('a node name of 1 to 16 letters and digits', (v) => typeof v === 'string' && /^[A-Za-z0-9]{1,16}$/.test(v))),
    heartbeatMs: int(100, 60_000),
    deadAfterMs: int(300, 3_600_000),
    prefix: leaf('a key prefix of 1 to 32 letters, digits or ._:-', (v) => typeof v === 'string' && /^[A-Za-z0-9._:-]{1,32}$/.test(v)),
  }),
  opers: array(credential),
  accounts: array(credential),
  logLevel: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
});

/** Rules that relate several keys, checked on the merged config once every single key is valid. */
const crossRules: readonly { path: string; problem: (c: ChatConfig) => string | undefined }[] = [
  { path: 'tls', problem: (c) => ((c.tls.key === null) !== (c.tls.cert === null) ? 'set both key and cert, or neither' : undefined) },
  { path: 'plain.enabled', problem: (c) => (!c.plain.enabled && !c.irc.enabled ? 'at least one of plain.enabled and irc.enabled must be true' : undefined) },
  { path: 'irc.port', problem: (c) => (c.plain.enabled && c.irc.enabled && c.irc.port !== 0 && c.irc.port === c.plain.port ? `same port as plain.port (${c.plain.port})` : undefined) },
  { path: 'web.port', problem: (c) => (c.web.enabled && c.web.port !== 0 && ((c.plain.enabled && c.web.port === c.plain.port) || (c.irc.enabled && c.web.port === c.irc.port)) ? 'same port as another listener (plain.port or irc.port)' : undefined) },
  { path: 'rooms.default', problem: (c) => (c.rooms.default.length > c.limits.roomLength ? `longer than limits.roomLength (${c.limits.roomLength})` : undefined) },
  { path: 'cluster.deadAfterMs', problem: (c) => (c.cluster.deadAfterMs < 2 * c.cluster.heartbeatMs ? `must be at least twice cluster.heartbeatMs (${c.cluster.heartbeatMs}), or one late beat would look like a dead node` : undefined) },
  { path: 'opers', problem: (c) => duplicateName(c.opers) },
  { path: 'accounts', problem: (c) => duplicateName(c.accounts) },
];

function duplicateName(list: readonly { name: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const { name } of list) {
    const key = name.toLowerCase();
    if (seen.has(key)) return `name ${JSON.stringify(name)} appears twice`;
    seen.add(key);
  }
  return undefined;
}

/** The result of `validateConfig`: the full config (defaults filled in), or every problem found. */
export type ValidateResult = { ok: true; config: ChatConfig } | { ok: false; errors: string[] };

/**
 * Check a parsed config file and merge it over the defaults. `raw` must be a mapping (an empty file should be passed
 * as `{}`). Each error reads `<key path>: <problem>`, e.g. `limits.maxLineBytes: expected an integer from 64 to
 * 1048576, got "x"`. Pure; never throws.
 */
export function validateConfig(raw: unknown): ValidateResult {
  const errors: string[] = [];
  check(schema, raw, '', errors);
  if (errors.length > 0) return { ok: false, errors };
  const config = makeConfig(raw as DeepPartial<ChatConfig>);
  for (const rule of crossRules) {
    const problem = rule.problem(config);
    if (problem) errors.push(`${rule.path}: ${problem}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/** Every key path the schema knows, with what it expects: the source of the table in docs/CLI.md. */
export function describeConfigKeys(): { path: string; expected: string }[] {
  const out: { path: string; expected: string }[] = [];
  const walk = (node: SchemaNode, path: string): void => {
    if (node.kind === 'leaf') out.push({ path, expected: node.expected });
    else if (node.kind === 'object') for (const [k, child] of Object.entries(node.fields)) walk(child, path ? `${path}.${k}` : k);
    else if (node.kind === 'record') walk(node.value, `${path}.<${node.key.expected.split(':')[0]}>`);
    else walk(node.item, `${path}[]`);
  };
  walk(schema, '');
  return out;
}

function check(node: SchemaNode, value: unknown, path: string, errors: string[]): void {
  const where = path === '' ? 'config' : path;
  switch (node.kind) {
    case 'leaf':
      if (!node.test(value)) errors.push(`${where}: expected ${node.expected}, got ${describe(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${where}: expected a list, got ${describe(value)}`);
      else if (value.length > node.maxItems) errors.push(`${where}: expected at most ${node.maxItems} entries, got ${value.length}`);
      else value.forEach((item, i) => check(node.item, item, `${path}[${i}]`, errors));
      return;
    case 'record':
      if (!isMapping(value)) {
        errors.push(`${where}: expected a mapping, got ${describe(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (!node.key.test(k)) errors.push(`${where}: key ${JSON.stringify(k)} is not ${node.key.expected}`);
        else check(node.value, v, `${path}[${JSON.stringify(k)}]`, errors);
      }
      return;
    case 'object': {
      if (!isMapping(value)) {
        errors.push(`${where}: expected a mapping, got ${describe(value)}`);
        return;
      }
      const known = Object.keys(node.fields);
      for (const k of node.required ?? []) if (!Object.hasOwn(value, k)) errors.push(`${path ? `${path}.` : ''}${k}: missing (${node.fields[k] && node.fields[k].kind === 'leaf' ? `expected ${node.fields[k].expected}` : 'required'})`);
      for (const [k, v] of Object.entries(value)) {
        const child = Object.hasOwn(node.fields, k) ? node.fields[k] : undefined;
        const childPath = path ? `${path}.${k}` : k;
        if (child === undefined) {
          const guess = didYouMean(k, known);
          errors.push(`${childPath}: unknown key${guess ? ` (did you mean "${path ? `${path}.` : ''}${guess}"?)` : ''}`);
        } else check(child, v, childPath, errors);
      }
      return;
    }
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a bad value is shown in an error: strings quoted, containers by kind, long text cut. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isMapping(v)) return 'a mapping';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The closest known key within a small edit distance (case-insensitive), if any. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
