/**
 * Operator commands: OPER (credentials from config.opers, scrypt hashes checked off the event loop),
 * KILL, WALLOPS and REHASH (operOnly rows: dispatch already sent 481 to others).
 */
import type { ReloadResult } from '../../reload.js';
import { casefold } from '../../core/casemap.js';
import type { VerifyResult } from '../../core/accounts.js';
import { loginRefusal } from './login-words.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';

async function finishOper(s: IrcContext, check: Promise<VerifyResult>): Promise<void> {
  const r = await check;
  if (!s.ended) {
    if (r.ok) {
      s.core.grantOper(s.user);
      s.numericStd(N.RPL_YOUREOPER);
    } else if (r.error === 'NoSuchAccount') {
      s.numericStd(N.ERR_NOOPERHOST);
    } else {
      const why = loginRefusal(r);
      if (why === null) s.numericStd(N.ERR_PASSWDMISMATCH);
      else s.numeric(N.ERR_PASSWDMISMATCH, `${why[0]!.toUpperCase()}${why.slice(1)}`);
    }
  }
  s.resume();
}

/** OPER <name> <password>: through the accounts service (throttled, hashed off the event loop). */
export function oper(s: IrcContext, msg: IrcMessage): CommandResult {
  const [name, password] = msg.params as [string, string];
  void finishOper(s, s.core.accounts.verify('oper', name, password, { ip: s.user.ip, protocol: 'irc' }));
  return 'async';
}

/** KILL <nick> <reason> */
export function kill(s: IrcContext, msg: IrcMessage): CommandResult {
  const [target, reason] = msg.params as [string, string];
  if (casefold(target) === casefold(s.config.serverName)) {
    s.numericStd(N.ERR_CANTKILLSERVER);
    return 'done';
  }
  const r = s.core.kill(s.user, target, reason);
  if (!r.ok) sendError(s, r.error, ...(r.error === 'NoSuchNick' ? [target] : []));
  return 'done';
}

/** WALLOPS <text> */
export function wallops(s: IrcContext, msg: IrcMessage): CommandResult {
  const r = s.core.wallops(s.user, msg.params[0]!);
  if (!r.ok) sendError(s, r.error);
  return 'done';
}

async function finishRehash(s: IrcContext, result: Promise<ReloadResult>): Promise<void> {
  const r = await result;
  if (!s.ended) {
    if (r.ok) {
      const applied = r.applied.length > 0 ? r.applied.join(', ') : 'nothing changed';
      s.sendFromServer('NOTICE', [s.user.nick, `REHASH: applied: ${applied}`]);
      if (r.restartNeeded.length > 0) s.sendFromServer('NOTICE', [s.user.nick, `REHASH: needs a restart: ${r.restartNeeded.join(', ')}`]);
    } else {
      for (const e of r.errors) s.sendFromServer('NOTICE', [s.user.nick, `REHASH refused, the running config stays: ${e.replace(/[\r\n\0]/g, ' ')}`]);
    }
  }
  s.resume();
}

/** REHASH: reload the config file as SIGHUP does; 382, then a NOTICE with what changed or why it was refused. */
export function rehash(s: IrcContext): CommandResult {
  s.numericStd(N.RPL_REHASHING, 'config');
  void finishRehash(s, s.rehash());
  return 'async';
}
