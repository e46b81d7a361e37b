/**
 * A private Redis for a test: Debian's `redis-server --port P --save '' --appendonly no` on a free loopback port,
 * nothing on disk, never the system service. Stop it with `stop()` (the test process's exit kills it too).
 */
import type { ChildProcess } from 'node:child_process';
import { freeLoopbackPort, onPath, spawnTracked, stopChild, waitForOutput } from './engines.js';

/** A running private Redis. */
export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stop it (SIGTERM, then SIGKILL); idempotent. */
  stop(): Promise<void>;
  /** Kill it with SIGKILL (a crash: clients see the connection drop); idempotent. */
  kill(): Promise<void>;
  /** Start it again on the same port, empty (after `stop` or `kill`). */
  start(): Promise<void>;
}

/** Why a private Redis cannot run here, or null. */
export function redisSkipReason(): string | null {
  return onPath('redis-server') ? null : 'redis-server is not installed (Debian package redis-server)';
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawnTracked('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'notice', '--dir', '/tmp',
  ]);
  await waitForOutput(child, /Ready to accept connections/i, 10_000);
  return child;
}

/** Start a private Redis on `port`, or on a free loopback port (a port taken in the meantime is retried). */
export async function startRedis(port?: number): Promise<TestRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (port === undefined ? 5 : 1); attempt++) {
    const bound = port ?? (await freeLoopbackPort());
    try {
      let child: ChildProcess | null = await launch(bound);
      return {
        port: bound,
        url: `redis://127.0.0.1:${bound}`,
        async stop() {
          if (child !== null) await stopChild(child);
          child = null;
        },
        async kill() {
          if (child !== null) await stopChild(child, 'SIGKILL');
          child = null;
        },
        async start() {
          if (child === null) child = await launch(bound);
        },
      };
    } catch (err) {
      lastError = err;
      port = undefined;
    }
  }
  throw lastError;
}
