/**
 * MONITOR (ircv3.net "Monitor"): `+ nicks`, `- nicks`, `C`, `L`, `S`, and the 730/731 lines a watcher
 * gets when a watched nick comes online or goes offline. The watch lists live in the core
 * (core/monitor.ts); this file only turns them into numerics, split to fit 512-byte lines.
 */
import type { MonitorEvent } from '../../core/events.js';
import type { ChatUser } from '../../core/users.js';
import type { IrcMessage } from '../message.js';
import { formatLine } from '../message.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { commaList } from './channels.js';

/**
 * Comma-joined groups of `items`, each at most `budget` bytes (an item longer than that gets a group of
 * its own). No items: no groups.
 */
export function commaGroups(items: readonly string[], budget: number): string[] {
  const groups: string[] = [];
  let cur = '';
  for (const item of items) {
    if (cur !== '' && Buffer.byteLength(cur) + 1 + Buffer.byteLength(item) > budget) {
      groups.push(cur);
      cur = '';
    }
    cur = cur === '' ? item : `${cur},${item}`;
  }
  if (cur !== '') groups.push(cur);
  return groups;
}

/** Bytes left for the trailing list of `:<server> <code> <nick> [<extra> ]:` within 510. */
function budgetFor(s: IrcContext, code: string, extra = ''): number {
  return 510 - Buffer.byteLength(`:${s.config.serverName} ${code} ${s.user.nick} ${extra === '' ? '' : extra + ' '}:`);
}

/** One numeric per group of `items` (`730 <nick> :a,b`, always with the colon, as the spec writes it). */
function sendGrouped(s: IrcContext, code: string, items: readonly string[]): void {
  for (const group of commaGroups(items, budgetFor(s, code))) s.sendFromServer(code, [s.user.nick, group], true);
}

/** 730 for online users (`nick!user@host`), 731 for offline nicks. */
function sendStatus(s: IrcContext, online: readonly ChatUser[], offline: readonly string[]): void {
  sendGrouped(s, N.RPL_MONONLINE, online.map((u) => u.mask));
  sendGrouped(s, N.RPL_MONOFFLINE, offline);
}

/** MONITOR + <nick>{,<nick>} | - <nick>{,<nick>} | C | L | S */
export function monitor(s: IrcContext, msg: IrcMessage): CommandResult {
  const sub = msg.params[0]!.toUpperCase();
  const registry = s.core.monitors;
  switch (sub) {
    case '+':
    case '-': {
      const targets = commaList(msg.params[1]);
      if (targets.length === 0) {
        s.numericStd(N.ERR_NEEDMOREPARAMS, 'MONITOR');
        return 'done';
      }
      if (sub === '-') {
        registry.remove(s.user, targets);
        return 'done';
      }
      const r = registry.add(s.user, targets);
      sendStatus(s, r.online, r.offline);
      const limit = String(registry.limit);
      const budget = budgetFor(s, N.ERR_MONLISTFULL, limit) - Buffer.byteLength(' :Monitor list is full.');
      for (const group of commaGroups(r.full, budget)) s.numericStd(N.ERR_MONLISTFULL, limit, group);
      return 'done';
    }
    case 'C':
      registry.clear(s.user);
      return 'done';
    case 'L':
      sendGrouped(s, N.RPL_MONLIST, registry.list(s.user));
      s.numericStd(N.RPL_ENDOFMONLIST);
      return 'done';
    case 'S': {
      const st = registry.status(s.user);
      sendStatus(s, st.online, st.offline);
      return 'done';
    }
    default:
      // The spec names no error for an unknown subcommand: 400 (modern.ircdocs ERR_UNKNOWNERROR) says which exist.
      s.numeric(N.ERR_UNKNOWNERROR, 'MONITOR', msg.params[0]!, 'Unknown subcommand; use + <nicks>, - <nicks>, C, L or S');
      return 'done';
  }
}

/**
 * The line a watcher gets for `e`: `:<server> 730 <watcher> :nick!user@host` (online) or
 * `:<server> 731 <watcher> :nick` (offline), CRLF-terminated. Numerics name their recipient, so a
 * session writes these itself instead of sharing cached bytes.
 */
export function monitorEventLine(serverName: string, watcher: string, e: MonitorEvent): string {
  const code = e.online ? N.RPL_MONONLINE : N.RPL_MONOFFLINE;
  return formatLine(serverName, code, [watcher, e.online ? e.actor.mask : e.nick], undefined, true) + '\r\n';
}
