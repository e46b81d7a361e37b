/**
 * Room operations that need privileges: topic, kick, invite, room modes and mask lists, and user modes.
 * Called through the `ChatCore` facade; they share its routing helpers.
 */
import { casefold, isValidRoomName } from './casemap.js';
import type { CoreState } from './state.js';
import type { Audience } from './emit.js';
import type { ChatEvent, UserModeChange } from './events.js';
import { mutePrefix, normalizeListEntry } from './masks.js';
import { fail, ok } from './results.js';
import type { ChatError, Result } from './results.js';
import type { ListEntry, ListMode, Room, RoomModeChange } from './rooms.js';
import { cleanText } from './text.js';
import type { ChatUser, UserFlag } from './users.js';

/** What `setRoomModes` applied (with canonical params) and what it refused, change by change. */
export interface ModeOutcome {
  readonly applied: RoomModeChange[];
  readonly rejected: { change: RoomModeChange; error: ChatError }[];
}

/** Every member of `room`, the actor included. */
function toRoom(room: Room): Audience {
  return { to: 'room', room: room.name, except: null, minPrivilege: null };
}

function memberRoom(core: CoreState, user: ChatUser, name: string): Result<Room> {
  const room = core.getRoom(name);
  if (room === undefined) return fail('NoSuchChannel');
  if (!room.has(user)) return fail('NotOnChannel');
  return ok(room);
}

/**
 * Set (text) or clear (null or '') the topic of `name`; a `topic` event goes to every member, the user
 * included. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded (+t and not op).
 */
export function setTopic(core: CoreState, user: ChatUser, name: string, topic: string | null): Result<{ room: Room }> {
  const r = memberRoom(core, user, name);
  if (!r.ok) return r;
  const room = r.value;
  if (room.modes.topicLocked && !room.isOp(user)) return fail('ChanOpPrivsNeeded');
  const text = topic === null || topic === '' ? null : cleanText(topic, core.limits.topicLength);
  const time = core.now();
  room.topic = text;
  room.topicSetBy = user.nick;
  room.topicSetAt = time;
  const event: ChatEvent = { kind: 'topic', id: core.nextEventId(time), time, actor: user.actor, room: room.name, topic: text };
  core.emit(event, toRoom(room));
  return ok({ room });
}

/**
 * Remove `targetNick` from `name`; a `kick` event goes to every member, the target included.
 * Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, NoSuchNick, UserNotInChannel.
 */
export function kick(core: CoreState, user: ChatUser, name: string, targetNick: string, reason?: string | null): Result<{ room: Room; target: ChatUser }> {
  const r = memberRoom(core, user, name);
  if (!r.ok) return r;
  const room = r.value;
  if (!room.isOp(user)) return fail('ChanOpPrivsNeeded');
  const target = core.findUser(targetNick);
  if (target === undefined) return fail('NoSuchNick');
  if (!room.has(target)) return fail('UserNotInChannel');
  const why = reason ? cleanText(reason, core.limits.reasonLength) : null;
  const time = core.now();
  const event: ChatEvent = { kind: 'kick', id: core.nextEventId(time), time, actor: user.actor, room: room.name, target: target.nick, reason: why };
  core.emit(event, toRoom(room));
  core.removeMember(room, target);
  return ok({ room, target });
}

/**
 * Invite `targetNick` to `name`, letting it past +i/+l/+b once. An `invite` event goes to the target and
 * to the room's other ops (IRCv3 invite-notify). Returns the target and its away message (IRC 301).
 * Errors: NoSuchNick, NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded (+i and not op), AlreadyOnChannel.
 */
export function invite(core: CoreState, user: ChatUser, targetNick: string, name: string): Result<{ room: Room; target: ChatUser; away: string | null }> {
  const target = core.findUser(targetNick);
  if (target === undefined || !target.registered) return fail('NoSuchNick');
  const r = memberRoom(core, user, name);
  if (!r.ok) return r;
  const room = r.value;
  if (room.modes.inviteOnly && !room.isOp(user)) return fail('ChanOpPrivsNeeded');
  if (room.has(target)) return fail('AlreadyOnChannel');
  room.invited.add(target.folded);
  const time = core.now();
  const event: ChatEvent = { kind: 'invite', id: core.nextEventId(time), time, actor: user.actor, room: room.name, target: target.nick };
  const recipients = [target.id];
  for (const [member, privileges] of room.members) {
    if (member !== user && privileges.has('op')) recipients.push(member.id);
  }
  core.emit(event, { to: 'users', users: recipients });
  return ok({ room, target, away: target.away });
}

/**
 * Apply room mode changes in order. Needs op (else the whole call fails with ChanOpPrivsNeeded); each
 * change may still be refused on its own (NeedMoreParams, InvalidModeParam, NoSuchNick, UserNotInChannel,
 * BanListFull). Changes that alter nothing are left out of `applied`. One `mode` event with every applied
 * change goes to every member, the user included. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded.
 */
export function setRoomModes(core: CoreState, user: ChatUser, name: string, changes: readonly RoomModeChange[]): Result<ModeOutcome> {
  const r = memberRoom(core, user, name);
  if (!r.ok) return r;
  const room = r.value;
  if (changes.length === 0) return ok({ applied: [], rejected: [] });
  if (!room.isOp(user)) return fail('ChanOpPrivsNeeded');
  const outcome: ModeOutcome = { applied: [], rejected: [] };
  for (const change of changes) {
    const res = applyOne(core, user, room, change);
    if (res === null) continue;
    if (typeof res === 'string') outcome.rejected.push({ change, error: res });
    else outcome.applied.push(res);
  }
  if (outcome.applied.length > 0) {
    const time = core.now();
    const event: ChatEvent = { kind: 'mode', id: core.nextEventId(time), time, actor: user.actor, room: room.name, changes: outcome.applied };
    core.emit(event, toRoom(room));
  }
  return ok(outcome);
}

/** The change as applied (canonical param), an error, or null when it changed nothing. */
function applyOne(core: CoreState, user: ChatUser, room: Room, change: RoomModeChange): RoomModeChange | ChatError | null {
  const m = room.modes;
  const { mode, set, param } = change;
  switch (mode) {
    case 'inviteOnly': case 'moderated': case 'noExternal': case 'topicLocked': case 'secret': case 'noCtcp':
      if (m[mode] === set) return null;
      m[mode] = set;
      return { mode, set };
    case 'key':
      if (!set) {
        if (m.key === null) return null;
        m.key = null;
        return { mode, set, param: '*' };
      }
      if (param === undefined || param === '') return 'NeedMoreParams';
      if (/[\s,:]/.test(param) || param.length > 50) return 'InvalidModeParam';
      m.key = param;
      return { mode, set, param };
    case 'limit': {
      if (!set) {
        if (m.limit === null) return null;
        m.limit = null;
        return { mode, set };
      }
      if (param === undefined || param === '') return 'NeedMoreParams';
      const n = Number(param);
      if (!/^\d{1,9}$/.test(param) || n <= 0) return 'InvalidModeParam';
      if (m.limit === n) return null;
      m.limit = n;
      return { mode, set, param: String(n) };
    }
    case 'op': case 'voice': {
      if (param === undefined || param === '') return 'NeedMoreParams';
      const target = core.findUser(param);
      if (target === undefined) return 'NoSuchNick';
      const privileges = room.privileges(target);
      if (privileges === undefined) return 'UserNotInChannel';
      if (privileges.has(mode) === set) return null;
      if (set) privileges.add(mode);
      else privileges.delete(mode);
      return { mode, set, param: target.nick };
    }
    case 'ban': case 'except': case 'invex':
      return changeList(mode, room.lists[mode], user, core.now(), core.limits.listEntries, set, param);
  }
}

/** Adds or removes one mask; a list already holding `max` entries (config `limits.listEntries`) refuses more. */
function changeList(mode: ListMode, list: ListEntry[], user: ChatUser, now: number, max: number, set: boolean, param: string | undefined): RoomModeChange | ChatError | null {
  if (param === undefined || param === '') return 'NeedMoreParams';
  const mask = normalizeListEntry(param);
  // A mute means nothing on the invite-exception list.
  if (mask === null || (mode === 'invex' && mask.startsWith(mutePrefix))) return 'InvalidModeParam';
  const folded = casefold(mask);
  const at = list.findIndex((e) => casefold(e.mask) === folded);
  if (set) {
    if (at >= 0) return null;
    if (list.length >= max) return 'BanListFull';
    list.push({ mask, setBy: user.nick, setAt: now });
  } else {
    if (at < 0) return null;
    list.splice(at, 1);
  }
  return { mode, set, param: mask };
}

/** Why a rename was refused beyond the usual errors: the new name is taken, or is not a valid room name. */
export type RenameFailure = 'RoomNameInUse' | 'CannotRename';

/** What `renameRoom` returns: the room (under its new name) and whether anything changed. */
export type RenameResult = { ok: true; value: { room: Room; changed: boolean } } | { ok: false; error: ChatError | RenameFailure };

/**
 * Rename room `oldName` to `newName` (IRCv3 draft/channel-rename), keeping members, modes, topic, lists
 * and invitations; the old name is free again at once. Only a room op may. A change of case only is
 * allowed; the identical name changes nothing (no event). Otherwise a `rename` event goes to every member,
 * the user included. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, CannotRename (not a valid
 * room name), RoomNameInUse (another room has it, in any case).
 */
export function renameRoom(core: CoreState, user: ChatUser, oldName: string, newName: string, reason?: string | null): RenameResult {
  const r = memberRoom(core, user, oldName);
  if (!r.ok) return r;
  const room = r.value;
  if (!room.isOp(user)) return fail('ChanOpPrivsNeeded');
  if (!isValidRoomName(newName, core.limits.roomLength)) return { ok: false, error: 'CannotRename' };
  const other = core.getRoom(newName);
  if (other !== undefined && other !== room) return { ok: false, error: 'RoomNameInUse' };
  if (newName === room.name) return ok({ room, changed: false });
  const oldRoom = room.name;
  core.rekeyRoom(room, newName);
  // Members' read markers follow the room (draft/read-marker keeps them by name).
  for (const member of room.members.keys()) core.readMarkers.storeFor(member).move(oldRoom, room.name);
  const why = reason ? cleanText(reason, core.limits.reasonLength) : null;
  const time = core.now();
  const event: ChatEvent = { kind: 'rename', id: core.nextEventId(time), time, actor: user.actor, room: room.name, oldRoom, reason: why };
  core.emit(event, toRoom(room));
  return ok({ room, changed: true });
}

/**
 * The entries of mask list `mode` of room `name`, oldest first (IRC 367/348/346). Anyone may read them.
 * Errors: NoSuchChannel.
 */
export function listMasks(core: CoreState, name: string, mode: ListMode): Result<readonly ListEntry[]> {
  const room = core.getRoom(name);
  if (room === undefined) return fail('NoSuchChannel');
  return ok(room.lists[mode]);
}

/**
 * Change the user's own modes. `oper` can only be removed here (use `ChatCore.grantOper`); setting it is
 * ignored. A `userMode` event with the applied changes goes to the user. Errors: NoSuchNick,
 * UsersDontMatch (someone else's modes).
 */
export function setUserModes(core: CoreState, user: ChatUser, targetNick: string, changes: readonly UserModeChange[]): Result<{ applied: UserModeChange[] }> {
  const target = core.findUser(targetNick);
  if (target === undefined) return fail('NoSuchNick');
  if (target !== user) return fail('UsersDontMatch');
  const applied: UserModeChange[] = [];
  for (const { flag, set } of changes) {
    if (flag === 'oper' && set) continue;
    if (user.flags.has(flag) === set) continue;
    if (set) user.flags.add(flag as UserFlag);
    else user.flags.delete(flag);
    core.counts.onFlagChanged(user, flag, set);
    applied.push({ flag, set });
  }
  if (applied.length > 0 && user.registered) {
    const time = core.now();
    core.emit({ kind: 'userMode', id: core.nextEventId(time), time, actor: user.actor, target: user.nick, changes: applied }, { to: 'users', users: [user.id] });
  }
  return ok({ applied });
}
