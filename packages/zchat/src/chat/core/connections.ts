/**
 * Connection accounting shared by every gateway: the total and per-IP counts checked against
 * limits.maxConnections and limits.maxConnectionsPerIp.
 */
import type { Limits } from '../config.js';

/** Why a connection was refused, or 'ok'. */
export type AdmitResult = 'ok' | 'TooManyConnections' | 'TooManyFromIp';

/** Counts live connections. Pair every successful `tryAcquire` with exactly one `release`. */
export class ConnectionCounter {
  private count = 0;
  private readonly byIp = new Map<string, number>();

  constructor(private readonly limits: Limits) {}

  /** Live connections in total. */
  get total(): number {
    return this.count;
  }

  /** Live connections from `ip`. */
  fromIp(ip: string): number {
    return this.byIp.get(ip) ?? 0;
  }

  /** Count a new connection from `ip` if the limits allow it; otherwise say which limit refused it. */
  tryAcquire(ip: string): AdmitResult {
    if (this.count >= this.limits.maxConnections) return 'TooManyConnections';
    const n = this.byIp.get(ip) ?? 0;
    if (n >= this.limits.maxConnectionsPerIp) return 'TooManyFromIp';
    this.count++;
    this.byIp.set(ip, n + 1);
    return 'ok';
  }

  /** Forget one connection from `ip` (one acquired with `tryAcquire`). */
  release(ip: string): void {
    const n = this.byIp.get(ip);
    if (n === undefined) return;
    this.count--;
    if (n <= 1) this.byIp.delete(ip);
    else this.byIp.set(ip, n - 1);
  }
}
