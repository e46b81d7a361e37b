/**
 * MODE for channels (o v b e I k l C i m n s t; list queries 367/348/346) and users (i o w B). modes.ts
 * parses the arguments, the core applies the changes and announces them; this file maps letters to the
 * core's names and refusals to numerics.
 */
import type { UserModeChange } from '../../core/events.js';
import type { ChatError } from '../../core/results.js';
import type { ListMode, Room, RoomMode, RoomModeChange } from '../../core/rooms.js';
import type { UserFlag } from '../../core/users.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import { parseChannelModes, parseUserModes } from '../modes.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { roomModeLetter, userFlagLetter } from '../wire.js';

const letterToRoomMode = new Map<string, RoomMode>(Object.entries(roomModeLetter).map(([mode, letter]) => [letter, mode as RoomMode]));
const letterToFlag = new Map<string, UserFlag>(Object.entries(userFlagLetter).map(([flag, letter]) => [letter, flag as UserFlag]));

/** The list numerics per list mode: entry, end. */
const listReplies: Record<ListMode, { entry: string; end: string }> = {
  ban: { entry: N.RPL_BANLIST, end: N.RPL_ENDOFBANLIST },
  except: { entry: N.RPL_EXCEPTLIST, end: N.RPL_ENDOFEXCEPTLIST },
  invex: { entry: N.RPL_INVITELIST, end: N.RPL_ENDOFINVITELIST },
};

/** `+ntl 5` etc.: the room's current modes; the key is shown to members only. */
export function roomModeParams(room: Room, showKey: boolean): string[] {
  const m = room.modes;
  let flags = '+';
  const params: string[] = [];
  if (m.noCtcp) flags += 'C';
  if (m.inviteOnly) flags += 'i';
  if (m.moderated) flags += 'm';
  if (m.noExternal) flags += 'n';
  if (m.secret) flags += 's';
  if (m.topicLocked) flags += 't';
  if (m.key !== null) {
    flags += 'k';
    params.push(showKey ? m.key : '*');
  }
  if (m.limit !== null) {
    flags += 'l';
    params.push(String(m.limit));
  }
  return [flags, ...params];
}

function sendList(s: IrcContext, room: Room, mode: ListMode): void {
  const { entry, end } = listReplies[mode];
  const r = s.core.listMasks(room.name, mode);
  if (r.ok) for (const e of r.value) s.numeric(entry, room.name, e.mask, e.setBy, String(Math.floor(e.setAt / 1000)));
  s.numericStd(end, room.name);
}

function rejected(s: IrcContext, room: Room, change: RoomModeChange, error: ChatError): void {
  const letter = roomModeLetter[change.mode];
  const param = change.param ?? '';
  switch (error) {
    case 'NoSuchNick': sendError(s, error, param); return;
    case 'UserNotInChannel': sendError(s, error, param, room.name); return;
    case 'NeedMoreParams': sendError(s, error, 'MODE'); return;
    // A bad key is not echoed back (it may hold spaces or be huge); irctest chmodes/key expects '*'.
    case 'InvalidModeParam': sendError(s, error, room.name, letter, change.mode === 'key' ? '*' : param); return;
    case 'BanListFull': sendError(s, error, room.name, param); return;
    default: sendError(s, error, room.name); return;
  }
}

function channelMode(s: IrcContext, msg: IrcMessage): CommandResult {
  const name = msg.params[0]!;
  const room = s.core.getRoom(name);
  if (room === undefined) {
    sendError(s, 'NoSuchChannel', name);
    return 'done';
  }
  if (msg.params.length < 2) {
    s.numeric(N.RPL_CHANNELMODEIS, room.name, ...roomModeParams(room, room.has(s.user)));
    s.numeric(N.RPL_CREATIONTIME, room.name, String(Math.floor(room.createdAt / 1000)));
    return 'done';
  }
  const parsed = parseChannelModes(msg.params.slice(1));
  for (const c of parsed.unknown) s.numericStd(N.ERR_UNKNOWNMODE, c);
  for (const letter of parsed.lists) {
    const mode = letterToRoomMode.get(letter) as ListMode;
    sendList(s, room, mode);
  }
  for (const letter of parsed.missing) {
    // +k or +l with an empty parameter is an invalid value (696); +o/+v without a nick lacks one (461).
    if (letter === 'k' || letter === 'l') sendError(s, 'InvalidModeParam', room.name, letter, '*');
    else s.numericStd(N.ERR_NEEDMOREPARAMS, 'MODE');
  }
  if (parsed.changes.length === 0) return 'done';
  const changes: RoomModeChange[] = parsed.changes.map((c) => {
    const change: { mode: RoomMode; set: boolean; param?: string } = { mode: letterToRoomMode.get(c.mode)!, set: c.add };
    if (c.arg !== undefined) change.param = c.arg;
    return change;
  });
  const r = s.core.setRoomModes(s.user, room.name, changes);
  if (!r.ok) {
    sendError(s, r.error, room.name);
    return 'done';
  }
  for (const { change, error } of r.value.rejected) rejected(s, room, change, error);
  return 'done';
}

function flagsString(flags: ReadonlySet<UserFlag>): string {
  let out = '+';
  for (const [flag, letter] of Object.entries(userFlagLetter)) if (flags.has(flag as UserFlag)) out += letter;
  return out;
}

function userMode(s: IrcContext, msg: IrcMessage): CommandResult {
  const target = msg.params[0]!;
  const who = s.core.findUser(target);
  if (who === undefined || !who.registered) {
    sendError(s, 'NoSuchNick', target);
    return 'done';
  }
  if (who !== s.user) {
    sendError(s, 'UsersDontMatch');
    return 'done';
  }
  if (msg.params.length < 2) {
    s.numeric(N.RPL_UMODEIS, flagsString(s.user.flags));
    return 'done';
  }
  const parsed = parseUserModes(msg.params[1]!);
  if (parsed.unknown.length > 0) s.numericStd(N.ERR_UMODEUNKNOWNFLAG);
  const changes: UserModeChange[] = [];
  for (const c of parsed.changes) {
    const flag = letterToFlag.get(c.mode);
    if (flag !== undefined) changes.push({ flag, set: c.add });
  }
  if (changes.length === 0) return 'done';
  const r = s.core.setUserModes(s.user, s.user.nick, changes);
  if (!r.ok) sendError(s, r.error);
  return 'done';
}

/** MODE <channel> [<modestring> [<params>...]]  |  MODE <nick> [<modestring>] */
export function modeCommand(s: IrcContext, msg: IrcMessage): CommandResult {
  return msg.params[0]!.startsWith('#') ? channelMode(s, msg) : userMode(s, msg);
}
