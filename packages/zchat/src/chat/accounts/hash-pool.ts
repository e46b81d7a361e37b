/**
 * Password checks off the event loop with a bound (issue 16). scrypt is the expensive part of a login; node's own
 * async scrypt runs on the libuv thread pool, shared with file and DNS work and sized 4, so 50 guessing connections
 * could take every core from the event loop. Here a fixed number of worker threads (`limits.passwordWorkers`) derive
 * keys one at a time each, and at most `limits.passwordQueue` checks wait; past that a check is refused at once
 * (`HashPoolBusy`), so a flood of guesses costs at most that many cores and that much memory.
 */
import { timingSafeEqual } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { parsePasswordHash } from '../password.js';
import type { HashAnswer, HashJob } from './hash-worker.js';

/** The pool's sizes. Read at each check, so a reload applies (extra workers stop as they finish). */
export interface HashPoolLimits {
  /** Worker threads deriving keys (each uses one core while it works). */
  readonly passwordWorkers: number;
  /** Checks waiting for a worker; past it `verify` rejects with HashPoolBusy. */
  readonly passwordQueue: number;
}

/** Thrown (as a rejection) by `verify` when the queue is full or the pool is closed. */
export class HashPoolBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashPoolBusy';
  }
}

interface Pending {
  job: HashJob;
  expected: Buffer;
  resolve: (match: boolean) => void;
  reject: (err: Error) => void;
}

const workerUrl = new URL('./hash-worker.js', import.meta.url);

/** A pool of scrypt worker threads. Threads start on demand and are unref'd; `close` ends them. */
export class HashPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Keys derived so far (tests and the fault suite count them). */
  derived = 0;

  constructor(private readonly limits: () => HashPoolLimits) {}

  /** Checks running and waiting now. */
  get load(): { running: number; queued: number } {
    return { running: this.busy.size, queued: this.queue.length };
  }

  /**
   * Check `plain` against a stored `scrypt$...` hash. Resolves true or false (false also for a malformed hash or a
   * failed derivation); rejects with HashPoolBusy when `passwordQueue` checks already wait, or after `close`.
   */
  verify(plain: string, stored: string): Promise<boolean> {
    const parsed = parsePasswordHash(stored);
    if (!parsed) return Promise.resolve(false);
    if (this.closed) return Promise.reject(new HashPoolBusy('the password checker is closed'));
    const l = this.limits();
    const job: HashJob = { id: this.nextId++, plain, salt: parsed.salt, keyBytes: parsed.hash.length, N: parsed.N, r: parsed.r, p: parsed.p };
    return new Promise<boolean>((resolve, reject) => {
      const pending: Pending = { job, expected: parsed.hash, resolve, reject };
      const worker = this.idle.pop() ?? (this.busy.size < l.passwordWorkers ? this.spawn() : undefined);
      if (worker !== undefined) this.run(worker, pending);
      else if (this.queue.length < l.passwordQueue) this.queue.push(pending);
      else reject(new HashPoolBusy(`too many password checks waiting (${l.passwordQueue})`));
    });
  }

  /** End every worker; waiting and running checks reject with HashPoolBusy. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    for (const p of [...this.queue, ...this.busy.values()]) p.reject(new HashPoolBusy('the password checker is closed'));
    this.queue.length = 0;
    this.busy.clear();
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.on('message', (answer: HashAnswer) => this.onAnswer(worker, answer));
    worker.on('error', () => this.onExit(worker));
    worker.on('exit', () => this.onExit(worker));
    return worker;
  }

  private run(worker: Worker, pending: Pending): void {
    this.busy.set(worker, pending);
    worker.postMessage(pending.job);
  }

  private onAnswer(worker: Worker, answer: HashAnswer): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    if (pending !== undefined && pending.job.id === answer.id) {
      this.derived++;
      pending.resolve('key' in answer && answer.key.length === pending.expected.length && timingSafeEqual(answer.key, pending.expected));
    }
    if (this.closed) return;
    const next = this.queue.shift();
    if (next !== undefined) this.run(worker, next);
    else if (this.idle.length + this.busy.size < this.limits().passwordWorkers) this.idle.push(worker);
    else void worker.terminate();
  }

  /** A worker died (out of memory, terminated): its check fails as unavailable; a new one starts on demand. */
  private onExit(worker: Worker): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    pending?.reject(new HashPoolBusy('the password checker stopped'));
    if (this.closed) return;
    const next = this.queue.shift();
    if (next !== undefined) this.run(this.spawn(), next);
  }
}
