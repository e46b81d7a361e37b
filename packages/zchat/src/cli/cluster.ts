/**
 * `zchat cluster status`: the nodes of a cluster as its Redis records them (one read, no waiting): each node's
 * users and last heartbeat, and the nodes whose heartbeat expired (lost, not yet reaped by a live node).
 */
import { Redis } from 'ioredis';
import type { NodeRecord } from '../chat/cluster/bus.js';
import { redactUrl } from '../chat/server.js';
import type { CliIo } from './command.js';

/** Print the table; 0 when Redis answered, 1 (with one line on stderr) when it did not. */
export async function runClusterStatus(url: string, prefix: string, io: CliIo, now = Date.now()): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000, enableOfflineQueue: false });
  let failure = '';
  redis.on('error', (err: NodeJS.ErrnoException) => (failure = err.code ?? err.message));
  try {
    await redis.connect();
    const ids = (await redis.smembers(`${prefix}nodes`)).sort();
    const values = ids.length === 0 ? [] : await redis.mget(ids.map((id) => `${prefix}node:${id}`));
    const rows: string[][] = [['node', 'users', 'last heartbeat', 'up since', 'about']];
    let live = 0;
    let users = 0;
    ids.forEach((id, i) => {
      const v = values[i];
      if (typeof v !== 'string') {
        rows.push([id, '-', 'lost (no heartbeat)', '-', '']);
        return;
      }
      const r = JSON.parse(v) as NodeRecord;
      live++;
      users += r.users;
      rows.push([id, String(r.users), `${((now - r.beatAt) / 1000).toFixed(1)} s ago`, new Date(r.startedAt).toISOString(), r.about]);
    });
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    io.stdout.write(`cluster at ${redactUrl(url)} (prefix ${prefix}): ${live} node${live === 1 ? '' : 's'}, ${users} user${users === 1 ? '' : 's'}\n`);
    for (const r of rows) io.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`zchat cluster status: cannot reach Redis at ${redactUrl(url)} (${failure || (err instanceof Error ? err.message : String(err))})\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
}
