/**
 * The accounts service the server runs (issue 16): the config file's accounts and operators, each behind one shared
 * login throttle (throttle.ts), with password hashes checked on a bounded worker pool (hash-pool.ts). Other account
 * sources (a database) go behind the same throttle and pool.
 */
import type { ChatConfig } from '../config.js';
import { Accounts } from '../core/accounts.js';
import { ConfigAccountBackend } from './config-backend.js';
import { HashPool } from './hash-pool.js';
import { StoreAccountBackend } from './store-backend.js';
import type { ChatStore } from '../store/types.js';
import { LoginThrottle, ThrottledBackend } from './throttle.js';

/** The service and the parts a server owns: close `pool` when the server stops. */
export interface GuardedAccounts {
  readonly accounts: Accounts;
  readonly throttle: LoginThrottle;
  readonly pool: HashPool;
}

/**
 * Accounts and operators from `config` (read at each login, so a reload applies), throttled, hashed off the loop.
 * With a `store`, accounts come from it instead (accounts registered at runtime; the config's are imported into it
 * on its first start); operators stay in the config.
 */
export function guardedAccounts(config: ChatConfig, now: () => number, store?: ChatStore): GuardedAccounts {
  const throttle = new LoginThrottle(() => config.limits, now);
  const pool = new HashPool(() => config.limits);
  const check = (plain: string, stored: string): Promise<boolean> => pool.verify(plain, stored);
  const accounts = new Accounts(
    new ThrottledBackend(store ? new StoreAccountBackend(store, now, check) : new ConfigAccountBackend(() => config.accounts, check), throttle, 'account'),
    new ThrottledBackend(new ConfigAccountBackend(() => config.opers, check), throttle, 'oper'),
  );
  return { accounts, throttle, pool };
}
