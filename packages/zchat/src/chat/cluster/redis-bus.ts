/**
 * The cluster bus on Redis: frames on one pub/sub channel (Redis runs commands one at a time, so every
 * subscriber gets the frames in one order), nicks as keys set with NX and the owner's user id (scripts
 * compare the owner before they delete), and each node's heartbeat as a key that expires. Keys:
 * `<prefix>bus` (channel), `<prefix>nick:<folded>`, `<prefix>nicks:<node>` (a node's nick keys),
 * `<prefix>node:<node>` (heartbeat), `<prefix>nodes` (every node registered).
 */
import { Redis } from 'ioredis';
import type { UserId } from '../core/users.js';
import type { Logger } from '../logger.js';
import type { ClusterBus, NodeRecord } from './bus.js';
import { nodeOf } from './frames.js';

const ACQUIRE = `local cur = redis.call('GET', KEYS[1])
if cur == false then redis.call('SET', KEYS[1], ARGV[1]); redis.call('SADD', KEYS[2], KEYS[1]); return 1 end
if cur == ARGV[1] then return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]); redis.call('SREM', KEYS[2], KEYS[1]) end
return 0`;
const REAP = `local keys = redis.call('SMEMBERS', KEYS[1])
for _, k in ipairs(keys) do
  local v = redis.call('GET', k)
  if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then redis.call('DEL', k) end
end
redis.call('DEL', KEYS[1], KEYS[2]); redis.call('SREM', KEYS[3], ARGV[2])
return #keys`;

/** Options for `connectRedisBus`. */
export interface RedisBusOptions {
  /** `redis://HOST:PORT[/DB]` (or rediss://). */
  url: string;
  /** Key and channel prefix, so several clusters may share one Redis. */
  prefix: string;
  logger: Logger;
  /** Longest wait between two connection attempts (backoff doubles up to it). */
  maxRetryDelayMs?: number;
}

/** Redis says why it cannot be reached, in one line (no stack). */
function why(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}

/**
 * Connect to Redis and subscribe; resolves once both connections are up. While Redis cannot be reached it
 * logs one line per attempt ('cannot reach Redis at URL (ECONNREFUSED); retrying in N ms') and keeps
 * trying with backoff: it never rejects for an unreachable Redis. `signal` aborts the wait (rejects).
 */
export async function connectRedisBus(options: RedisBusOptions, signal?: AbortSignal): Promise<ClusterBus> {
  const { url, prefix, logger } = options;
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  const retryStrategy = (times: number): number => Math.min(100 * 2 ** Math.min(times - 1, 10), maxDelay);
  const common = { lazyConnect: true, retryStrategy, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: 'zchat' };
  const cmd = new Redis(url, common);
  const sub = new Redis(url, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null });
  let lastLogged = '';
  let everReady = false;
  for (const [client, role] of [[cmd, 'commands'], [sub, 'bus']] as const) {
    client.on('error', (err: unknown) => {
      const text = `cannot reach Redis at ${url} (${why(err)}); retrying`;
      if (text === lastLogged) return;
      lastLogged = text;
      logger.error({ role }, text);
    });
  }
  const ready = (client: Redis): Promise<void> =>
    new Promise((resolve, reject) => {
      if (client.status === 'ready') return resolve();
      const onAbort = (): void => reject(new Error('aborted while waiting for Redis'));
      signal?.addEventListener('abort', onAbort, { once: true });
      client.once('ready', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  void cmd.connect().catch(() => undefined);
  void sub.connect().catch(() => undefined);
  try {
    await Promise.all([ready(cmd), ready(sub)]);
  } catch (err) {
    cmd.disconnect();
    sub.disconnect();
    throw err;
  }
  const channel = `${prefix}bus`;
  await sub.subscribe(channel);
  everReady = true;
  lastLogged = '';
  return new RedisBus(cmd, sub, channel, prefix, logger, () => everReady);
}

class RedisBus implements ClusterBus {
  private frameListener: ((frame: string) => void) | null = null;
  private reconnectListeners: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly cmd: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    everReady: () => boolean,
  ) {
    sub.on('message', (ch: string, message: string) => {
      if (ch === channel) this.frameListener?.(message);
    });
    // After a loss, 'ready' comes again (ioredis resubscribes by itself): tell the node to re-assert.
    let lost = false;
    cmd.on('close', () => (lost = everReady()));
    cmd.on('ready', () => {
      if (!lost || this.closed) return;
      lost = false;
      logger.warn({ channel }, 'Redis is reachable again; re-asserting this node\'s nicks and heartbeat');
      for (const l of this.reconnectListeners) l();
    });
  }

  get connected(): boolean {
    return this.cmd.status === 'ready' && this.sub.status === 'ready';
  }

  async publish(frame: string): Promise<void> {
    await this.cmd.publish(this.channel, frame);
  }

  onFrame(listener: (frame: string) => void): void {
    this.frameListener = listener;
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async reserve(folded: string, owner: UserId): Promise<boolean> {
    try {
      const r = await this.cmd.eval(ACQUIRE, 2, `${this.prefix}nick:${folded}`, `${this.prefix}nicks:${nodeOf(owner)}`, owner);
      return r === 1;
    } catch (err) {
      this.logger.error({ err: why(err) }, 'cluster: nick reservation failed (Redis unreachable); refused');
      return false;
    }
  }

  async release(folded: string, owner: UserId): Promise<void> {
    await this.cmd.eval(RELEASE, 2, `${this.prefix}nick:${folded}`, `${this.prefix}nicks:${nodeOf(owner)}`, owner);
  }

  async beat(record: NodeRecord, ttlMs: number): Promise<void> {
    await this.cmd.multi().set(`${this.prefix}node:${record.id}`, JSON.stringify(record), 'PX', ttlMs).sadd(`${this.prefix}nodes`, record.id).exec();
  }

  async nodes(): Promise<Map<string, NodeRecord | null>> {
    const ids = (await this.cmd.smembers(`${this.prefix}nodes`)).sort();
    const out = new Map<string, NodeRecord | null>();
    if (ids.length === 0) return out;
    const values = await this.cmd.mget(ids.map((id) => `${this.prefix}node:${id}`));
    ids.forEach((id, i) => {
      const v = values[i];
      let record: NodeRecord | null = null;
      if (typeof v === 'string') {
        try {
          record = JSON.parse(v) as NodeRecord;
        } catch {
          record = null;
        }
      }
      out.set(id, record);
    });
    return out;
  }

  async reap(id: string): Promise<void> {
    await this.cmd.eval(REAP, 3, `${this.prefix}nicks:${id}`, `${this.prefix}node:${id}`, `${this.prefix}nodes`, `${id}:`, id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sub.quit().catch(() => this.sub.disconnect());
    await this.cmd.quit().catch(() => this.cmd.disconnect());
  }
}
