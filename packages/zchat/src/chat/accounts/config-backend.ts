/**
 * The first account backend: the `accounts` (or `opers`) list of the config file, scrypt hashes made by
 * `zchat passwd`, checked on the thread pool (password.ts). Names compare casefolded.
 */
import type { ChatConfig, Credential } from '../config.js';
import { Accounts } from '../core/accounts.js';
import type { AccountBackend, LoginContext, VerifyResult } from '../core/accounts.js';
import { casefold } from '../core/casemap.js';
import { verifyPassword } from '../password.js';

const NO_SUCH_ACCOUNT: VerifyResult = Object.freeze({ ok: false, error: 'NoSuchAccount' });
const BAD_PASSWORD: VerifyResult = Object.freeze({ ok: false, error: 'BadPassword' });

/** Credentials from a config list. The list is read at each call, so a reloaded config takes effect. */
export class ConfigAccountBackend implements AccountBackend {
  /** `check` compares a password with a stored hash (default: scrypt on the thread pool; the server passes its HashPool). */
  constructor(private readonly list: () => readonly Credential[], private readonly check: (plain: string, stored: string) => Promise<boolean> = verifyPassword) {}

  /** An unknown name resolves at once (no hash is computed); a known one after the scrypt check. */
  async verify(name: string, password: string, _context: LoginContext): Promise<VerifyResult> {
    const folded = casefold(name);
    const entry = this.list().find((c) => casefold(c.name) === folded);
    if (entry === undefined) return NO_SUCH_ACCOUNT;
    return (await this.check(password, entry.password)) ? { ok: true, account: entry.name } : BAD_PASSWORD;
  }
}

/** The core's accounts service over `config.accounts` and `config.opers`. */
export function configAccounts(config: ChatConfig): Accounts {
  return new Accounts(new ConfigAccountBackend(() => config.accounts), new ConfigAccountBackend(() => config.opers));
}
