/**
 * The body of a `HashPool` worker thread: derive one scrypt key per message, synchronously (this thread does nothing
 * else), and post it back. The comparison with the stored hash happens on the main thread.
 */
import { scryptSync } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** A job as the pool posts it. */
export interface HashJob {
  id: number;
  plain: string;
  salt: Uint8Array;
  keyBytes: number;
  N: number;
  r: number;
  p: number;
}

/** The answer: the derived key, or why scrypt failed. */
export type HashAnswer = { id: number; key: Uint8Array } | { id: number; error: string };

function workerOnMessage(job: HashJob): void {
  let answer: HashAnswer;
  try {
    // scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) is below the bounds password.ts accepts.
    const maxmem = 256 * job.N * job.r + 1024 * 1024;
    const key = scryptSync(job.plain.normalize('NFC'), job.salt, job.keyBytes, { N: job.N, r: job.r, p: job.p, maxmem });
    answer = { id: job.id, key };
  } catch (err) {
    answer = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(answer);
}

parentPort?.on('message', workerOnMessage);
