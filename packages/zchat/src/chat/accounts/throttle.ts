/**
 * Login throttling (issue 16): password guessing must cost the guesser time, not the server CPU. Attempts are
 * counted per account and per client address in a sliding window; once either has used its allowance, further
 * attempts are refused at once, before any hash is computed, with the time until the oldest attempt leaves the
 * window. An attempt is counted when it starts (so 50 connections guessing at once cannot all slip through
 * before the first failure is known) and forgiven when it succeeds. As ergo (3 attempts a minute per account).
 *
 * `ThrottledBackend` puts a throttle in front of any `AccountBackend` (the config file's, a database's): SASL, OPER
 * and the account commands all go through the core's accounts service, so one throttle covers them all.
 */
import type { AccountBackend, LoginContext, VerifyResult } from '../core/accounts.js';
import { casefold } from '../core/casemap.js';

/** The allowances. Read at every attempt, so a reload applies at once. */
export interface ThrottleLimits {
  /** Attempts on one account within `loginWindowMs` (from any address). */
  readonly loginAttemptsPerAccount: number;
  /** Attempts from one IP address within `loginWindowMs` (on any account). */
  readonly loginAttemptsPerIp: number;
  /** The sliding window, ms. */
  readonly loginWindowMs: number;
}

/** Keys tracked at most per kind; past it the oldest key is forgotten (a flood of names cannot grow memory). */
const maxKeys = 100_000;

/** Attempt times (ms) per key, oldest first, each list at most its allowance long. */
class Window {
  private readonly times = new Map<string, number[]>();
  private sweptAt = 0;

  /** Drop every key whose attempts have all left the window; run at most once per window, so O(keys) per window. */
  sweep(windowMs: number, now: number): void {
    if (now - this.sweptAt < windowMs) return;
    this.sweptAt = now;
    for (const [key, list] of this.times) if (list[list.length - 1]! + windowMs <= now) this.times.delete(key);
  }

  /** ms until `key` may try again (0: now), given `allowance` attempts per `windowMs`. */
  wait(key: string, allowance: number, windowMs: number, now: number): number {
    const list = this.prune(key, windowMs, now);
    if (list === undefined || list.length < allowance) return 0;
    return list[list.length - allowance]! + windowMs - now;
  }

  add(key: string, allowance: number, windowMs: number, now: number): void {
    let list = this.prune(key, windowMs, now);
    if (list === undefined) {
      if (this.times.size >= maxKeys) this.times.delete(this.times.keys().next().value!);
      list = [];
      this.times.set(key, list);
    }
    list.push(now);
    if (list.length > allowance) list.splice(0, list.length - allowance);
  }

  /** Forget the latest attempt of `key` (it succeeded). */
  forgive(key: string): void {
    const list = this.times.get(key);
    if (list === undefined) return;
    list.pop();
    if (list.length === 0) this.times.delete(key);
  }

  get size(): number {
    return this.times.size;
  }

  private prune(key: string, windowMs: number, now: number): number[] | undefined {
    const list = this.times.get(key);
    if (list === undefined) return undefined;
    let drop = 0;
    while (drop < list.length && list[drop]! + windowMs <= now) drop++;
    if (drop === list.length) {
      this.times.delete(key);
      return undefined;
    }
    if (drop > 0) list.splice(0, drop);
    return list;
  }
}

/** Per-account and per-address attempt counting. Pure state and arithmetic: the clock is passed in. */
export class LoginThrottle {
  private readonly accounts = new Window();
  private readonly ips = new Window();

  constructor(private readonly limits: () => ThrottleLimits, private readonly now: () => number) {}

  /**
   * Start an attempt on `account` (realm-qualified by the caller if it wishes) from `ip`: 0 when it may go ahead
   * (it is now counted), else the ms to wait before the next one may (nothing is counted).
   */
  begin(account: string, ip: string): number {
    const l = this.limits();
    const now = this.now();
    const key = casefold(account);
    this.accounts.sweep(l.loginWindowMs, now);
    this.ips.sweep(l.loginWindowMs, now);
    const wait = Math.max(this.accounts.wait(key, l.loginAttemptsPerAccount, l.loginWindowMs, now), this.ips.wait(ip, l.loginAttemptsPerIp, l.loginWindowMs, now));
    if (wait > 0) return wait;
    this.accounts.add(key, l.loginAttemptsPerAccount, l.loginWindowMs, now);
    this.ips.add(ip, l.loginAttemptsPerIp, l.loginWindowMs, now);
    return 0;
  }

  /** The attempt begun for `account` from `ip` succeeded: it no longer counts against either. */
  succeeded(account: string, ip: string): void {
    this.accounts.forgive(casefold(account));
    this.ips.forgive(ip);
  }

  /** Accounts and addresses with attempts in their window (for tests and memory checks). */
  get tracked(): { accounts: number; ips: number } {
    return { accounts: this.accounts.size, ips: this.ips.size };
  }
}

/** `backend` behind `throttle`: throttled attempts resolve `Throttled` with `retryAfterMs` and never reach it. */
export class ThrottledBackend implements AccountBackend {
  constructor(private readonly backend: AccountBackend, private readonly throttle: LoginThrottle, private readonly realm: string) {}

  async verify(name: string, password: string, context: LoginContext): Promise<VerifyResult> {
    const key = `${this.realm}:${name}`;
    const wait = this.throttle.begin(key, context.ip);
    if (wait > 0) return { ok: false, error: 'Throttled', retryAfterMs: wait };
    const result = await this.backend.verify(name, password, context);
    // A backend that could not answer (busy, down) was not a guess: it does not use up the allowance.
    if (result.ok || result.error === 'Unavailable') this.throttle.succeeded(key, context.ip);
    return result;
  }
}
