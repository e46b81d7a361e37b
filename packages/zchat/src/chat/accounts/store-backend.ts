/**
 * Accounts kept in the store (src/chat/store): the backend the server puts behind the core's Accounts
 * service once a store is open, so accounts registered at runtime can log in. The config file's accounts
 * are copied into the store on its first start (`importConfigAccounts`); after that the store is the truth
 * (an account deleted with `zchat account delete` stays deleted).
 */
import type { Credential } from '../config.js';
import type { AccountBackend, LoginContext, VerifyResult } from '../core/accounts.js';
import type { Logger } from '../logger.js';
import { verifyPassword } from '../password.js';
import type { ChatStore } from '../store/types.js';

const NO_SUCH_ACCOUNT: VerifyResult = Object.freeze({ ok: false, error: 'NoSuchAccount' });
const BAD_PASSWORD: VerifyResult = Object.freeze({ ok: false, error: 'BadPassword' });
const UNAVAILABLE: VerifyResult = Object.freeze({ ok: false, error: 'Unavailable' });

/** The setting that records the first start's import, so it happens once per store. */
export const configImportSetting = 'configAccountsImported';

/** Verify against the store's accounts; a successful login updates the account's last-seen time. */
export class StoreAccountBackend implements AccountBackend {
  /** `check` compares a password with a stored hash (the server passes its hashing pool's). */
  constructor(
    private readonly store: ChatStore,
    private readonly now: () => number = Date.now,
    private readonly check: (plain: string, stored: string) => Promise<boolean> = verifyPassword,
  ) {}

  /** An unknown name resolves without computing a hash; a store that fails to answer is `Unavailable`. */
  async verify(name: string, password: string, _context: LoginContext): Promise<VerifyResult> {
    let record;
    try {
      record = await this.store.account(name);
    } catch {
      return UNAVAILABLE;
    }
    if (record === null) return NO_SUCH_ACCOUNT;
    if (!(await this.check(password, record.passwordHash))) return BAD_PASSWORD;
    // Last seen is informative: a failing write must not refuse a correct password.
    this.store.updateAccount(record.name, { lastSeenAt: this.now() }).catch(() => {});
    return { ok: true, account: record.name };
  }
}

/**
 * Copy `accounts` (config file credentials, scrypt hashes) into `store` unless a previous start did.
 * Accounts whose name is already taken in the store are left as stored. Resolves how many were added.
 */
export async function importConfigAccounts(store: ChatStore, accounts: readonly Credential[], now: number, logger: Logger): Promise<number> {
  if ((await store.setting(configImportSetting)) !== null) return 0;
  let added = 0;
  for (const c of accounts) {
    if (await store.createAccount({ name: c.name, passwordHash: c.password, scram: null, email: null, createdAt: now, lastSeenAt: null })) added++;
  }
  await store.saveSetting(configImportSetting, String(now));
  if (added > 0) logger.info({ added }, 'config accounts imported into the store');
  return added;
}
