/**
 * Where shards run: in the coordinator's thread ('inline'), in a worker thread, or in a forked child
 * process (its own file-descriptor limit and CPU). All three give the coordinator the same `ShardApi`;
 * for the last two, calls travel as `{ id, method, arg }` messages to shard-main.js and replies come back
 * by id, with progress posted in between.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChatShard } from './chat-shard.js';
import { ChurnShard } from './churn-shard.js';
import type { Progress, ShardApi, ShardTask } from './shard-types.js';

export type ShardKind = 'inline' | 'thread' | 'process';

/** A call from the coordinator to a shard. */
export interface Call {
  id: number;
  method: keyof ShardApi;
  arg?: unknown;
}

/** A shard's answer to call `id` (value or error message), or a progress report. */
export type Reply = { id: number; value?: unknown; error?: string } | { progress: Progress; id?: undefined };

/** Build the shard for `task` in this thread. */
export function createShard(task: ShardTask): { api: ShardApi; progress: Progress } {
  const shard = task.kind === 'churn' ? new ChurnShard(task) : new ChatShard(task);
  return { api: shard, progress: shard.progress };
}

/** A running shard as the coordinator holds it. */
export interface ShardHandle {
  readonly api: ShardApi;
  /** The latest totals it reported (live object for inline shards). */
  progress(): Progress;
  /** Stop it at once (after an error); idempotent. */
  kill(): void;
}

const shardMain = fileURLToPath(new URL('./shard-main.js', import.meta.url));

/**
 * Start a shard for `task` of `kind`. Calls reject with the shard's error message, or when the thread or
 * process dies. The caller ends a shard with `api.close()` (or `kill()` after a failure).
 */
export function spawnShard(task: ShardTask, kind: ShardKind): ShardHandle {
  if (kind === 'inline') {
    const { api, progress } = createShard(task);
    return { api, progress: () => progress, kill: () => void api.close() };
  }
  let latest: Progress = { ready: 0, sent: 0, delivered: 0, cycles: 0 };
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: Error | null = null;
  const onReply = (msg: Reply): void => {
    if (msg.id === undefined) {
      latest = msg.progress;
      return;
    }
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (!p) return;
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.value);
  };
  const onExit = (why: string): void => {
    dead = new Error(`shard ${why}`);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  let post: (call: Call) => void;
  let kill: () => void;
  if (kind === 'thread') {
    const worker = new Worker(shardMain, { workerData: task });
    worker.on('message', onReply);
    worker.on('error', (err) => onExit(`failed: ${err.message}`));
    worker.on('exit', (code) => onExit(`exited (code ${code})`));
    post = (call) => worker.postMessage(call);
    kill = () => void worker.terminate();
  } else {
    const child: ChildProcess = fork(shardMain, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => onReply(m as Reply));
    child.on('exit', (code, signal) => onExit(`process exited (${signal ?? `code ${code}`})`));
    child.send({ task });
    post = (call) => child.send(call);
    kill = () => child.kill();
  }
  const call = (method: keyof ShardApi) => (arg?: unknown): Promise<never> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      post({ id, method, arg });
    });
  };
  const api: ShardApi = {
    setup: call('setup'),
    probeRound: call('probeRound'),
    go: call('go'),
    stop: call('stop'),
    finish: call('finish'),
    close: call('close'),
  };
  return { api, progress: () => latest, kill };
}
