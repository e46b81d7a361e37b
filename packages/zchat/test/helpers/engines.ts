/**
 * What the private-engine helpers (redis-server.ts, postgres-server.ts) share: a free loopback port, a child
 * process that is always stopped (at `stop()`, or at the latest when the test process exits), and the
 * lookup of Debian's binaries.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Address, StreamServer } from 'znet';

/** A port free on 127.0.0.1 a moment ago (bound to port 0, then closed); callers retry if it was taken since. */
export async function freeLoopbackPort(): Promise<number> {
  const server = StreamServer.init();
  await server.listen(Address.parseIp4('127.0.0.1', 0));
  const port = server.listenAddress.getPort();
  server.deinit();
  return port;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Spawn `cmd`, killed with SIGKILL when the test process exits if nobody stopped it before. */
export function spawnTracked(cmd: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Resolve once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stop `child`: `signal`, then SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/**
 * Resolve when `child`'s stdout or stderr has printed text matching `ready`; reject with everything it printed
 * if it exits first or `timeoutMs` passes.
 */
export function waitForOutput(child: ChildProcess, ready: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      if (ready.test(seen)) finish(null);
    };
    const onExit = (): void => finish(new Error(`exited before it was ready:\n${seen}`));
    const timer = setTimeout(() => finish(new Error(`not ready after ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    function finish(err: Error | null): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err === null) resolve();
      else reject(err);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Run `cmd` to completion; resolves its output, rejects with it on a non-zero exit. */
export async function run(cmd: string, args: readonly string[], options: SpawnOptions = {}): Promise<string> {
  const child = spawnTracked(cmd, args, options);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`);
  return out;
}

/** Debian installs PostgreSQL's programs under /usr/lib/postgresql/<major>/bin, off the PATH: the newest one. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const m of majors) {
    const bin = join(root, m, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return null;
}

/** Whether `name` is an executable on the PATH. */
export function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, name)));
}
