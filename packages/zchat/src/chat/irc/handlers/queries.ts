/**
 * Queries and presence: WHO (with WHOX %fields), WHOIS, WHOWAS, ISON, USERHOST, LUSERS, MOTD, AWAY and
 * SETNAME. Visibility rules (invisible users, secret rooms) are the core's; these build the numerics.
 */
import { matchMask } from '../../core/masks.js';
import type { WhoEntry } from '../../core/queries.js';
import type { MemberPrivilege } from '../../core/rooms.js';
import type { ChatUser } from '../../core/users.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { isupportParams } from '../isupport.js';
import { sendLusers, sendMotd } from '../welcome.js';
import { memberPrefix } from './channels.js';

const noPrivileges: ReadonlySet<MemberPrivilege> = new Set();

/** WHO flags: H/G (here/gone), `*` for opers, B for bots, then the member's status prefixes. */
function whoFlags(u: ChatUser, privileges: ReadonlySet<MemberPrivilege> | null, multi: boolean): string {
  let f = u.away === null ? 'H' : 'G';
  if (u.flags.has('oper')) f += '*';
  if (u.flags.has('bot')) f += 'B';
  return f + memberPrefix(privileges ?? noPrivileges, multi);
}

/** WHOX fields in the order RPL_WHOSPCRPL sends them (ircv3 whox: t c u i h s n f d l a o r). */
const WHOX_ORDER = 'tcuihsnfdlaor';

function whoxReply(s: IrcContext, e: WhoEntry, fields: string, token: string, multi: boolean): void {
  const u = e.user;
  const params: string[] = [];
  for (const f of WHOX_ORDER) {
    if (!fields.includes(f)) continue;
    switch (f) {
      case 't': params.push(token); break;
      case 'c': params.push(e.room?.name ?? '*'); break;
      case 'u': params.push(u.actor.username); break;
      case 'i': params.push(u.ip.startsWith(':') ? `0${u.ip}` : u.ip); break;
      case 'h': params.push(u.host); break;
      case 's': params.push(s.config.serverName); break;
      case 'n': params.push(u.nick); break;
      case 'f': params.push(whoFlags(u, e.privileges, multi)); break;
      case 'd': params.push('0'); break;
      case 'l': params.push(String(Math.floor(Math.max(0, s.core.now() - u.lastActivity) / 1000))); break;
      case 'a': params.push(u.account ?? '0'); break;
      case 'o': params.push('n/a'); break;
      case 'r': params.push(u.actor.realname); break;
    }
  }
  s.sendFromServer(N.RPL_WHOSPCRPL, [s.user.nick, ...params], fields.endsWith('r'));
}

/** WHO's matches: an exact nick is always shown (invisibility hides users from masks only, Modern WHO). */
function whoEntries(s: IrcContext, mask: string, opersOnly: boolean): WhoEntry[] {
  if (!/[*?#]/.test(mask)) {
    const u = s.core.findUser(mask);
    if (u !== undefined && u.registered && (!opersOnly || u.flags.has('oper'))) return [{ user: u, room: null, privileges: null }];
  }
  return s.core.who(s.user, mask, opersOnly);
}

/** WHO [<mask> [<flags>[%<fields>[,<token>]]]] */
export function who(s: IrcContext, msg: IrcMessage): CommandResult {
  const mask = msg.params[0] || '*';
  const options = msg.params[1] ?? '';
  const pct = options.indexOf('%');
  const flags = pct === -1 ? options : options.slice(0, pct);
  const multi = s.caps.has('multi-prefix');
  const entries = whoEntries(s, mask, flags.includes('o'));
  if (pct !== -1) {
    const [fields = '', token = ''] = options.slice(pct + 1).split(',');
    for (const e of entries) whoxReply(s, e, fields, token, multi);
  } else {
    for (const e of entries) {
      const u = e.user;
      s.numeric(N.RPL_WHOREPLY, e.room?.name ?? '*', u.actor.username, u.host, s.config.serverName, u.nick,
        whoFlags(u, e.privileges, multi), `0 ${u.actor.realname}`);
    }
  }
  s.numericStd(N.RPL_ENDOFWHO, mask);
  return 'done';
}

/** WHOIS [<server>] <nick> */
export function whois(s: IrcContext, msg: IrcMessage): CommandResult {
  const nick = (msg.params.length >= 2 ? msg.params[1]! : msg.params[0]!).split(',')[0]!;
  const r = s.core.whois(s.user, nick);
  if (!r.ok) {
    sendError(s, r.error, nick);
    s.numericStd(N.RPL_ENDOFWHOIS, nick);
    return 'done';
  }
  const { user: u, rooms, idleMs } = r.value;
  const a = u.actor;
  s.numeric(N.RPL_WHOISUSER, u.nick, a.username, u.host, '*', a.realname);
  if (rooms.length > 0) {
    const multi = s.caps.has('multi-prefix');
    s.numeric(N.RPL_WHOISCHANNELS, u.nick, rooms.map((x) => memberPrefix(x.privileges, multi) + x.room.name).join(' '));
  }
  s.numeric(N.RPL_WHOISSERVER, u.nick, s.config.serverName, s.config.serverInfo);
  if (u.flags.has('oper')) s.numericStd(N.RPL_WHOISOPERATOR, u.nick);
  if (u.flags.has('bot')) s.numericStd(N.RPL_WHOISBOT, u.nick);
  if (u.account !== null) s.numericStd(N.RPL_WHOISACCOUNT, u.nick, u.account);
  if (u === s.user || s.user.flags.has('oper')) s.numeric(N.RPL_WHOISACTUALLY, u.nick, u.ip, 'Is actually using host');
  if (u === s.user && s.secure) s.numericStd(N.RPL_WHOISSECURE, u.nick);
  if (u.away !== null) s.numeric(N.RPL_AWAY, u.nick, u.away);
  s.numericStd(N.RPL_WHOISIDLE, u.nick, String(Math.floor(idleMs / 1000)), String(Math.floor(u.signonTime / 1000)));
  s.numericStd(N.RPL_ENDOFWHOIS, u.nick);
  return 'done';
}

/** WHOWAS <nick> [<count>] */
export function whowas(s: IrcContext, msg: IrcMessage): CommandResult {
  const nick = (msg.params[0] ?? '').split(',')[0]!;
  if (nick === '') {
    s.numericStd(N.ERR_NONICKNAMEGIVEN);
    return 'done';
  }
  const count = Number(msg.params[1] ?? 0);
  const r = s.core.whowas(nick, Number.isInteger(count) && count > 0 ? count : 0);
  if (!r.ok) sendError(s, r.error, nick);
  else {
    for (const e of r.value) {
      s.numeric(N.RPL_WHOWASUSER, e.nick, e.username, e.host, '*', e.realname);
      s.numeric(N.RPL_WHOISSERVER, e.nick, s.config.serverName, new Date(e.time).toUTCString());
    }
  }
  s.numericStd(N.RPL_ENDOFWHOWAS, nick);
  return 'done';
}

/** Every space-separated word of every parameter (ISON and USERHOST take nicks either way). */
function words(params: readonly string[]): string[] {
  return params.flatMap((p) => p.split(' ')).filter((w) => w !== '');
}

/** ISON <nick>{ <nick>} */
export function ison(s: IrcContext, msg: IrcMessage): CommandResult {
  const online: string[] = [];
  for (const n of words(msg.params)) {
    const u = s.core.findUser(n);
    if (u !== undefined && u.registered) online.push(u.nick);
  }
  s.numeric(N.RPL_ISON, online.join(' '));
  return 'done';
}

/** USERHOST <nick>{ <nick>}  (at most 5) */
export function userhost(s: IrcContext, msg: IrcMessage): CommandResult {
  const out: string[] = [];
  for (const n of words(msg.params).slice(0, 5)) {
    const u = s.core.findUser(n);
    if (u === undefined || !u.registered) continue;
    out.push(`${u.nick}${u.flags.has('oper') ? '*' : ''}=${u.away === null ? '+' : '-'}${u.actor.username}@${u.host}`);
  }
  s.numeric(N.RPL_USERHOST, out.join(' '));
  return 'done';
}

/** LUSERS */
export function lusers(s: IrcContext): CommandResult {
  sendLusers(s);
  return 'done';
}

/** MOTD */
export function motd(s: IrcContext): CommandResult {
  sendMotd(s);
  return 'done';
}

/** INFO */
export function info(s: IrcContext, msg: IrcMessage): CommandResult {
  // RFC 2812 3.4.10: the target is a server mask, or a nick meaning that user's server (always this one).
  const target = msg.params[0];
  if (target !== undefined && !matchMask(target, s.config.serverName) && s.core.findUser(target) === undefined) {
    s.numericStd(N.ERR_NOSUCHSERVER, target);
    return 'done';
  }
  s.numeric(N.RPL_INFO, `${s.server.version}: a chat server speaking IRC and plain text, on znet.`);
  s.numeric(N.RPL_INFO, `Started ${new Date(s.server.startedAt).toUTCString()}.`);
  s.numericStd(N.RPL_ENDOFINFO);
  return 'done';
}

/** TIME */
export function time(s: IrcContext): CommandResult {
  s.numeric(N.RPL_TIME, s.config.serverName, new Date(s.core.now()).toString());
  return 'done';
}

/** VERSION */
/** LINKS [[<remote server>] <server mask>]: zchat is a network of one server, so the list is itself or empty. */
export function links(s: IrcContext, msg: IrcMessage): CommandResult {
  const mask = msg.params[msg.params.length - 1] ?? '*';
  if (matchMask(mask, s.config.serverName)) s.numeric(N.RPL_LINKS, s.config.serverName, s.config.serverName, `0 ${s.config.serverInfo}`);
  s.numericStd(N.RPL_ENDOFLINKS, mask);
  return 'done';
}

export function version(s: IrcContext): CommandResult {
  s.numeric(N.RPL_VERSION, s.server.version, s.config.serverName, 'zchat IRC gateway');
  for (const params of isupportParams(s.config, s.user.nick)) s.sendFromServer(N.RPL_ISUPPORT, params);
  return 'done';
}

/** AWAY [<message>] */
export function away(s: IrcContext, msg: IrcMessage): CommandResult {
  const r = s.core.setAway(s.user, msg.params[0] ?? null);
  if (r.ok) s.numericStd(r.value.away ? N.RPL_NOWAWAY : N.RPL_UNAWAY);
  return 'done';
}

/** SETNAME <realname> */
export function setname(s: IrcContext, msg: IrcMessage): CommandResult {
  const realname = msg.params[0]!;
  if (realname === '' || realname.length > s.core.limits.reasonLength) {
    s.fail('SETNAME', 'INVALID_REALNAME', 'Realname is not valid');
    return 'done';
  }
  s.core.setRealname(s.user, realname);
  return 'done';
}
