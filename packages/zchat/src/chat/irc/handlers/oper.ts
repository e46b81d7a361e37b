/**
 * Operator commands: OPER (credentials from config.opers, scrypt hashes checked off the event loop),
 * KILL, WALLOPS and REHASH (operOnly rows: dispatch already sent 481 to others).
 */
import type { ReloadResult } from '../../reload.js';
import { casefold } from '../../core/casemap.js';
import { verifyPassword } from '../../password.js';
import type { CommandResult } from '../commands.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import * as N from '../numerics.js';
import type { IrcSession } from '../session.js';

async function finishOper(s: IrcSession, check: Promise<boolean>): Promise<void> {
  const good = await check;
  if (!s.ended) {
    if (good) {
      s.core.grantOper(s.user);
      s.numericStd(N.RPL_YOUREOPER);
    } else {
      s.numericStd(N.ERR_PASSWDMISMATCH);
    }
  }
  s.resume();
}

/** OPER <name> <password> */
export function oper(s: IrcSession, msg: IrcMessage): CommandResult {
  const [name, password] = msg.params as [string, string];
  const entry = s.config.opers.find((o) => casefold(o.name) === casefold(name));
  if (entry === undefined) {
    s.numericStd(N.ERR_NOOPERHOST);
    return 'done';
  }
  void finishOper(s, verifyPassword(password, entry.password));
  return 'async';
}

/** KILL <nick> <reason> */
export function kill(s: IrcSession, msg: IrcMessage): CommandResult {
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
export function wallops(s: IrcSession, msg: IrcMessage): CommandResult {
  const r = s.core.wallops(s.user, msg.params[0]!);
  if (!r.ok) sendError(s, r.error);
  return 'done';
}

async function finishRehash(s: IrcSession, result: Promise<ReloadResult>): Promise<void> {
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
export function rehash(s: IrcSession): CommandResult {
  s.numericStd(N.RPL_REHASHING, 'config');
  void finishRehash(s, s.gateway.rehash());
  return 'async';
}
