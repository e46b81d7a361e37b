/**
 * Channel commands: JOIN (several channels, keys, JOIN 0), PART, TOPIC, NAMES, LIST (ELIST C, M, N, T, U),
 * KICK, INVITE (and INVITE alone: the user's pending invitations). The core applies the rules; these handlers turn results into replies and numerics.
 */
import { matchMask } from '../../core/masks.js';
import type { MemberPrivilege, Room } from '../../core/rooms.js';
import type { ChatUser } from '../../core/users.js';
import { sendError } from '../errors.js';
import { maxTargets } from '../isupport.js';
import type { IrcMessage } from '../message.js';
import { sendMarkread } from './markread.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { privilegePrefix } from '../wire.js';

/** Split a comma list, dropping empty items. */
export function commaList(param: string | undefined): string[] {
  if (param === undefined || param === '') return [];
  return param.split(',').filter((x) => x !== '');
}

/** Status prefixes of a member: all of them with multi-prefix, else the highest (or ''). */
export function memberPrefix(privileges: ReadonlySet<MemberPrivilege>, multi: boolean): string {
  let out = '';
  if (privileges.has('op')) out += privilegePrefix.op;
  if ((multi || out === '') && privileges.has('voice')) out += privilegePrefix.voice;
  return out;
}

/** Send 332 and 333 for `room`, or 331 when `noTopicReply` and it has none. */
export function sendTopic(s: IrcContext, room: Room, noTopicReply: boolean): void {
  if (room.topic === null) {
    if (noTopicReply) s.numericStd(N.RPL_NOTOPIC, room.name);
    return;
  }
  s.numeric(N.RPL_TOPIC, room.name, room.topic);
  s.numeric(N.RPL_TOPICWHOTIME, room.name, room.topicSetBy || s.config.serverName, String(Math.floor(room.topicSetAt / 1000)));
}

/** Byte budget for the member list of one 353 line (512 minus prefix, numeric, nick, symbol and room). */
function namesBudget(s: IrcContext, room: Room): number {
  return 510 - Buffer.byteLength(`:${s.config.serverName} 353 ${s.user.nick} = ${room.name} :`);
}

/** Send 353 lines (split under 512 bytes) for `name` as the viewer may see it, then 366 unless `end` is false. */
export function sendNames(s: IrcContext, name: string, end = true): void {
  const r = s.core.names(s.user, name);
  if (r.ok) {
    const { room, members } = r.value;
    const multi = s.caps.has('multi-prefix');
    const uhnames = s.caps.has('userhost-in-names');
    const symbol = room.modes.secret ? '@' : '=';
    const budget = namesBudget(s, room);
    let line = '';
    for (const m of members) {
      const item = memberPrefix(m.privileges, multi) + (uhnames ? m.user.mask : m.user.nick);
      if (line !== '' && Buffer.byteLength(line) + 1 + Buffer.byteLength(item) > budget) {
        s.numeric(N.RPL_NAMREPLY, symbol, room.name, line);
        line = '';
      }
      line = line === '' ? item : `${line} ${item}`;
    }
    if (line !== '') s.numeric(N.RPL_NAMREPLY, symbol, room.name, line);
    if (end) s.numericStd(N.RPL_ENDOFNAMES, room.name);
    return;
  }
  if (end) s.numericStd(N.RPL_ENDOFNAMES, name);
}

function partAll(s: IrcContext): void {
  for (const room of [...s.user.rooms.values()]) s.core.part(s.user, room.name, null);
}

/** JOIN <channel>{,<channel>} [<key>{,<key>}]  |  JOIN 0 */
export function join(s: IrcContext, msg: IrcMessage): CommandResult {
  if (msg.params[0] === '0') {
    partAll(s);
    return 'done';
  }
  const names = commaList(msg.params[0]);
  const keys = (msg.params[1] ?? '').split(',');
  for (const [i, name] of names.entries()) {
    const key = keys[i] || undefined;
    const r = s.core.join(s.user, name, key);
    if (!r.ok) {
      if (r.error !== 'AlreadyOnChannel') sendError(s, r.error, name);
      continue;
    }
    sendJoinReplies(s, r.value.room);
  }
  return 'done';
}

/**
 * What a JOIN brings its user after the JOIN line: the topic (332/333), draft/read-marker's MARKREAD
 * (after the JOIN, before the end of NAMES), and NAMES (353/366). Also the RENAME fallback's.
 */
export function sendJoinReplies(s: IrcContext, room: Room): void {
  sendTopic(s, room, false);
  if (s.caps.has('draft/read-marker')) sendMarkread(s, room.name, s.core.readMarkers.storeFor(s.user).get(room.name));
  sendNames(s, room.name);
}

/** PART <channel>{,<channel>} [<reason>] */
export function part(s: IrcContext, msg: IrcMessage): CommandResult {
  const reason = msg.params[1] ?? null;
  for (const name of commaList(msg.params[0])) {
    const r = s.core.part(s.user, name, reason);
    if (!r.ok) sendError(s, r.error, name);
  }
  return 'done';
}

/** TOPIC <channel> [<topic>] */
export function topic(s: IrcContext, msg: IrcMessage): CommandResult {
  const name = msg.params[0]!;
  if (msg.params.length < 2) {
    const room = s.core.getRoom(name);
    if (room === undefined || (room.modes.secret && !room.has(s.user))) sendError(s, 'NoSuchChannel', name);
    else sendTopic(s, room, true);
    return 'done';
  }
  const r = s.core.setTopic(s.user, name, msg.params[1]!);
  if (!r.ok) sendError(s, r.error, name);
  return 'done';
}

/** NAMES [<channel>{,<channel>}] */
export function names(s: IrcContext, msg: IrcMessage): CommandResult {
  const list = commaList(msg.params[0]);
  if (list.length === 0) {
    // RFC 2812 3.2.5: no channel given lists every channel the user may see.
    for (const room of s.core.visibleRooms(s.user)) sendNames(s, room.name, false);
    s.numericStd(N.RPL_ENDOFNAMES, '*');
    return 'done';
  }
  if (list.length === 1) {
    sendNames(s, list[0]!);
    return 'done';
  }
  // Several channels: their 353s, then one 366 naming the whole list (modern.ircdocs NAMES).
  for (const name of list.slice(0, maxTargets)) sendNames(s, name, false);
  s.numericStd(N.RPL_ENDOFNAMES, msg.params[0]!);
  return 'done';
}

/** One ELIST condition on a room. */
type ListFilter = (room: Room) => boolean;

const minuteMs = 60_000;

/**
 * ELIST filters: `<n` / `>n` members (U); `C<n` / `C>n` created less / more than n minutes ago (C);
 * `T<n` / `T>n` topic set less / more than n minutes ago, rooms without a topic never match (T), as
 * modern.ircdocs and InspIRCd read them; `mask` / `!mask` on the name (M, N); anything else: no filter.
 */
function parseListFilter(word: string, now: number): ListFilter | null {
  if (/^[<>]\d{1,9}$/.test(word)) {
    const n = Number(word.slice(1));
    return word[0] === '<' ? (room) => room.members.size < n : (room) => room.members.size > n;
  }
  const time = /^([CT])([<>])(\d{1,9})$/.exec(word);
  if (time !== null) {
    const limitMs = Number(time[3]) * minuteMs;
    const since = time[1] === 'C' ? (room: Room) => room.createdAt : (room: Room) => (room.topic === null ? null : room.topicSetAt);
    const less = time[2] === '<';
    return (room) => {
      const at = since(room);
      if (at === null) return false;
      return less ? now - at < limitMs : now - at > limitMs;
    };
  }
  if (word.startsWith('!')) {
    const mask = word.slice(1);
    return (room) => !matchMask(mask, room.name);
  }
  if (word.includes('*') || word.includes('?')) return (room) => matchMask(word, room.name);
  return null;
}

/** LIST [<channel>{,<channel>} | <elist filter>{,<filter>}] */
export function list(s: IrcContext, msg: IrcMessage): CommandResult {
  const filters: ListFilter[] = [];
  const named: string[] = [];
  for (const arg of msg.params) {
    for (const word of commaList(arg)) {
      const f = parseListFilter(word, s.core.now());
      if (f !== null) filters.push(f);
      else if (word.startsWith('#')) named.push(word);
    }
  }
  s.numeric(N.RPL_LISTSTART, 'Channel', 'Users  Name');
  const rooms = named.length > 0
    ? named.map((n) => s.core.getRoom(n)).filter((r): r is Room => r !== undefined && (!r.modes.secret || r.has(s.user)))
    : s.core.visibleRooms(s.user);
  for (const room of rooms) {
    if (!filters.every((f) => f(room))) continue;
    s.numeric(N.RPL_LIST, room.name, String(visibleCount(room, s.user)), room.topic ?? '');
  }
  s.numericStd(N.RPL_LISTEND);
  return 'done';
}

function visibleCount(room: Room, viewer: ChatUser): number {
  if (room.has(viewer)) return room.members.size;
  let n = 0;
  for (const u of room.members.keys()) if (!u.flags.has('invisible')) n++;
  return n;
}

/** KICK <channel>{,<channel>} <nick>{,<nick>} [<reason>]  (one channel for all nicks, or pairs) */
export function kick(s: IrcContext, msg: IrcMessage): CommandResult {
  const rooms = commaList(msg.params[0]);
  const reason = msg.params[2] ?? null;
  const targets = commaList(msg.params[1]).slice(0, maxTargets);
  for (const [i, target] of targets.entries()) {
    const name = rooms.length === 1 ? rooms[0]! : rooms[i];
    if (name === undefined) {
      s.numericStd(N.ERR_NEEDMOREPARAMS, 'KICK');
      break;
    }
    const r = s.core.kick(s.user, name, target, reason);
    if (r.ok) continue;
    if (r.error === 'NoSuchNick') sendError(s, r.error, target);
    else if (r.error === 'UserNotInChannel') sendError(s, r.error, target, name);
    else sendError(s, r.error, name);
  }
  return 'done';
}

/** INVITE <nick> <channel>  |  INVITE (the channels the user is invited to: 336 each, then 337) */
export function invite(s: IrcContext, msg: IrcMessage): CommandResult {
  if (msg.params.length === 0) {
    for (const room of s.core.pendingInvites(s.user)) s.numeric(N.RPL_INVITEDTO, room.name);
    s.numericStd(N.RPL_ENDOFINVITEDTO);
    return 'done';
  }
  if (msg.params.length < 2) {
    s.numericStd(N.ERR_NEEDMOREPARAMS, 'INVITE');
    return 'done';
  }
  const [target, name] = msg.params as [string, string];
  const r = s.core.invite(s.user, target, name);
  if (!r.ok) {
    if (r.error === 'NoSuchNick') sendError(s, r.error, target);
    else if (r.error === 'AlreadyOnChannel') sendError(s, r.error, target, name);
    else sendError(s, r.error, name);
    return 'done';
  }
  s.numeric(N.RPL_INVITING, r.value.target.nick, r.value.room.name);
  if (r.value.away !== null) s.numeric(N.RPL_AWAY, r.value.target.nick, r.value.away);
  return 'done';
}
