/**
 * Accounts as a core service: who may log in as which account (SASL, the plain text `/login`) and who may
 * become a server operator (OPER). The core only holds the service; checking a password is the backend's
 * work, off the event loop (scrypt on the thread pool, a database query), so `verify` is asynchronous
 * while everything else in the core stays synchronous. Backends are rows: the config file first
 * (accounts/config-backend.ts), a database next; a throttle wraps a backend in front of `verify`.
 */

/** What a caller knows about who is asking, for backends and throttles that care (per-IP limits, logs). */
export interface LoginContext {
  /** The client's IP address. */
  readonly ip: string;
  /** The protocol asking ('irc', 'plain', ...). */
  readonly protocol: string;
}

/**
 * Why `verify` refused: no such account, a wrong password, too many attempts (a throttle), or the backend
 * could not answer (a database down). Protocols may answer all alike (IRC 904) or tell them apart.
 */
export type VerifyFailure = 'NoSuchAccount' | 'BadPassword' | 'Throttled' | 'Unavailable';

/** The outcome of `verify`: the account's canonical name (as the backend spells it), or why not. */
export type VerifyResult =
  | { readonly ok: true; readonly account: string }
  /** `retryAfterMs`: with `Throttled`, how long until an attempt may be checked again. */
  | { readonly ok: false; readonly error: VerifyFailure; readonly retryAfterMs?: number };

/**
 * Where credentials live. `verify` resolves; it never rejects (a backend failure is `Unavailable`).
 * Names compare as the backend decides (the config backend: casefolded).
 */
export interface AccountBackend {
  verify(name: string, password: string, context: LoginContext): Promise<VerifyResult>;
}

/** The two credential sets the server checks: accounts (SASL, `/login`) and operators (OPER). */
export type CredentialRealm = 'account' | 'oper';

/** Accounts and operators, each behind its backend. One per core; swap a backend with `use`. */
export class Accounts {
  private readonly backends: Record<CredentialRealm, AccountBackend>;

  constructor(accounts: AccountBackend, opers: AccountBackend) {
    this.backends = { account: accounts, oper: opers };
  }

  /** Put `backend` (e.g. a throttle around the current one, see `backend`) in charge of `realm`. */
  use(realm: CredentialRealm, backend: AccountBackend): void {
    this.backends[realm] = backend;
  }

  /** The backend in charge of `realm` now. */
  backend(realm: CredentialRealm): AccountBackend {
    return this.backends[realm];
  }

  /**
   * Check `password` for `name` in `realm`. Resolves with the canonical name, or why not; never rejects
   * (a backend that throws counts as `Unavailable`).
   */
  async verify(realm: CredentialRealm, name: string, password: string, context: LoginContext): Promise<VerifyResult> {
    try {
      return await this.backends[realm].verify(name, password, context);
    } catch {
      return UNAVAILABLE;
    }
  }
}

const UNAVAILABLE: VerifyResult = Object.freeze({ ok: false, error: 'Unavailable' });

/** A backend that knows nobody (no accounts configured). */
export const noAccounts: AccountBackend = {
  verify: () => Promise.resolve(NO_SUCH_ACCOUNT),
};

const NO_SUCH_ACCOUNT: VerifyResult = Object.freeze({ ok: false, error: 'NoSuchAccount' });
