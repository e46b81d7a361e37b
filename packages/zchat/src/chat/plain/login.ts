/**
 * `/login account password`: the plain-text way into an account, through the core's accounts service
 * (the same backends and throttle as IRC SASL). The check runs off the event loop; its answer comes when
 * it is done, and later lines do not wait for it.
 */
import type { VerifyResult } from '../core/accounts.js';
import type { PlainContext } from './context.js';

/** The words for a refused login. */
function refusal(r: Extract<VerifyResult, { ok: false }>): string {
  switch (r.error) {
    case 'Throttled': return `Too many login attempts; try again in ${Math.max(1, Math.ceil((r.retryAfterMs ?? 1000) / 1000))} s.`;
    case 'Unavailable': return 'The server is busy; try again in a moment.';
    case 'NoSuchAccount': case 'BadPassword': return 'Wrong account name or password.';
  }
}

async function finishLogin(s: PlainContext, check: Promise<VerifyResult>): Promise<void> {
  const r = await check;
  if (s.ended) return;
  if (!r.ok) {
    s.error(refusal(r));
    return;
  }
  s.core.login(s.user, r.account);
  s.reply(`You are logged in as ${r.account}.`);
}

/** /login account password */
export function login(s: PlainContext, args: readonly string[]): 'done' {
  if (s.user.account !== null) {
    s.error(`You are already logged in as ${s.user.account}.`);
    return 'done';
  }
  void finishLogin(s, s.core.accounts.verify('account', args[0]!, args[1]!, { ip: s.user.ip, protocol: 'plain' }));
  return 'done';
}
