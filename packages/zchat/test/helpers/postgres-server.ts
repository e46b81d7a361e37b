/**
 * A private PostgreSQL for a test: Debian's `initdb` into a fresh temporary directory and `pg_ctl start` on a
 * free loopback port, never the system cluster. PostgreSQL refuses to run as root, so as root both run as the
 * `postgres` user through `runuser`, and the directory is handed to that user. Trust authentication on
 * 127.0.0.1 only; fsync off (throw-away data). Stop it with `stop()`, which also removes the directory.
 */
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort, onPath, postgresBinDir, run } from './engines.js';

/** A running private PostgreSQL; database `postgres`, superuser `postgres`, no password. */
export interface TestPostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** A connection URL for database `name` (see `createDatabase`). */
  urlFor(name: string): string;
  /** Create an empty database `name` (letters, digits, underscore). */
  createDatabase(name: string): Promise<void>;
  /** Stop the server (fast shutdown) and remove its directory; idempotent. */
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

// Data directories of servers still running: pg_ctl daemonizes them, so a test process that dies before
// `stop()` stops them here, synchronously, on its way out.
const running = new Set<string>();
let exitHookInstalled = false;
function stopOnExit(data: string): void {
  running.add(data);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const d of running) {
      const bin = postgresBinDir();
      const ctl = bin === null ? 'pg_ctl' : join(bin, 'pg_ctl');
      const [cmd, args] = isRoot ? ['runuser', ['-u', 'postgres', '--', ctl, '-D', d, '-m', 'immediate', 'stop']] : [ctl, ['-D', d, '-m', 'immediate', 'stop']];
      try {
        execFileSync(cmd as string, args as string[], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // Already gone.
      }
    }
  });
}

/** Why a private PostgreSQL cannot run here, or null. */
export function postgresSkipReason(): string | null {
  if (postgresBinDir() === null && !onPath('initdb')) return 'PostgreSQL is not installed (Debian package postgresql)';
  if (isRoot && !onPath('runuser')) return 'runuser is missing (PostgreSQL refuses to run as root)';
  if (isRoot) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'there is no postgres user to run PostgreSQL as';
    }
  }
  return null;
}

function ids(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Run one of PostgreSQL's programs, as `postgres` when we are root. */
function pg(program: string, args: readonly string[]): Promise<string> {
  const bin = postgresBinDir();
  const path = bin === null ? program : join(bin, program);
  return isRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
}

/** Start a private PostgreSQL (initdb, then pg_ctl start on a free port; a taken port is retried). */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'zchat-pg-'));
  if (isRoot) {
    const { uid, gid } = ids('postgres');
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freeLoopbackPort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`;
      try {
        await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
      } catch (err) {
        lastError = err;
        continue;
      }
      let stopped = false;
      stopOnExit(data);
      const base = `postgres://postgres@127.0.0.1:${port}`;
      return {
        port,
        url: `${base}/postgres`,
        urlFor: (name) => `${base}/${name}`,
        async createDatabase(name) {
          if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`bad database name ${name}`);
          await pg('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`]);
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
          running.delete(data);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    throw lastError;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
