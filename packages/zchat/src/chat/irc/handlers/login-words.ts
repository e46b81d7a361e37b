/**
 * What IRC tells a client whose login (SASL, OPER) was refused for a reason other than a wrong password: the words
 * after the numeric, shared so the two read alike.
 */
import type { VerifyResult } from '../../core/accounts.js';

/** "too many attempts, retry in N s" / "the server is busy, try again in a moment", or null for a plain failure. */
export function loginRefusal(r: Extract<VerifyResult, { ok: false }>): string | null {
  if (r.error === 'Throttled') return `too many attempts, retry in ${Math.max(1, Math.ceil((r.retryAfterMs ?? 1000) / 1000))} s`;
  if (r.error === 'Unavailable') return 'the server is busy, try again in a moment';
  return null;
}
