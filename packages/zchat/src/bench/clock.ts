/**
 * The generator's clock: microseconds of the system-wide monotonic clock (CLOCK_MONOTONIC via
 * `process.hrtime`). Every thread and process on the machine reads the same clock, so a send timestamp
 * taken in one worker and a receive time taken in another can be subtracted directly, which
 * `performance.now()` (one origin per thread) does not allow.
 */

/** Monotonic time in whole microseconds, comparable across threads and processes of this machine. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Resolve after `ms` milliseconds (timer unref'd so a pending sleep never keeps the process alive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** CPU time (user + system, µs) this process has used since it started, all threads included. */
export function cpuTotal(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
