/**
 * Read-only queries (IRC LIST, NAMES, WHO, WHOIS, WHOWAS; plain /rooms, /who). They apply visibility
 * rules: secret rooms are hidden from non-members, invisible users from those sharing no room with them.
 */
import { isValidRoomName } from './casemap.js';
import type { CoreState } from './state.js';
import { matchMask } from './masks.js';
import { shareRoom } from './state.js';
import type { WhowasEntry } from './nicks.js';
import { fail, ok } from './results.js';
import type { Result } from './results.js';
import type { MemberPrivilege, Room } from './rooms.js';
import type { ChatUser } from './users.js';

/** A member as a query shows it. */
export interface MemberView {
  readonly user: ChatUser;
  readonly privileges: ReadonlySet<MemberPrivilege>;
}

/** One WHO line: the user, and the room it was found through (null for a mask query). */
export interface WhoEntry {
  readonly user: ChatUser;
  readonly room: Room | null;
  readonly privileges: ReadonlySet<MemberPrivilege> | null;
}

/** WHOIS data: the user and the rooms the viewer may see it in. */
export interface WhoisInfo {
  readonly user: ChatUser;
  readonly rooms: readonly { room: Room; privileges: ReadonlySet<MemberPrivilege> }[];
  /** Ms since the user last sent a message. */
  readonly idleMs: number;
}

/** Whether `viewer` may see `room` in listings (not secret, or a member). */
export function roomVisible(room: Room, viewer: ChatUser): boolean {
  return !room.modes.secret || room.has(viewer);
}

function userVisible(user: ChatUser, viewer: ChatUser): boolean {
  return user === viewer || !user.flags.has('invisible') || shareRoom(user, viewer);
}

/** Rooms `viewer` may see (IRC LIST, plain /rooms), in creation order. */
export function visibleRooms(core: CoreState, viewer: ChatUser): Room[] {
  const out: Room[] = [];
  for (const room of core.rooms.values()) if (roomVisible(room, viewer)) out.push(room);
  return out;
}

/**
 * The members of `name` that `viewer` may see: all of them for a member, the visible ones otherwise.
 * Errors: NoSuchChannel (no such room, or secret and the viewer is not in it).
 */
export function names(core: CoreState, viewer: ChatUser, name: string): Result<{ room: Room; members: MemberView[] }> {
  const room = core.getRoom(name);
  if (room === undefined || !roomVisible(room, viewer)) return fail('NoSuchChannel');
  const member = room.has(viewer);
  const members: MemberView[] = [];
  for (const [user, privileges] of room.members) {
    if (member || !user.flags.has('invisible')) members.push({ user, privileges });
  }
  return ok({ room, members });
}

/**
 * WHO: members of a room when `mask` is a room name, else registered users whose `nick!user@host`, nick,
 * host or real name matches the wildcard `mask` (`*`, `0` or '' mean everyone). Invisible users appear
 * only to those sharing a room; `opersOnly` keeps opers only. Never fails: no match is an empty list.
 */
export function who(core: CoreState, viewer: ChatUser, mask: string, opersOnly = false): WhoEntry[] {
  const out: WhoEntry[] = [];
  if (isValidRoomName(mask, core.limits.roomLength)) {
    const room = core.getRoom(mask);
    if (room === undefined || !roomVisible(room, viewer)) return out;
    const member = room.has(viewer);
    for (const [user, privileges] of room.members) {
      if (opersOnly && !user.flags.has('oper')) continue;
      if (member || !user.flags.has('invisible')) out.push({ user, room, privileges });
    }
    return out;
  }
  const everyone = mask === '' || mask === '*' || mask === '0';
  for (const user of core.users.values()) {
    if (!user.registered || (opersOnly && !user.flags.has('oper')) || !userVisible(user, viewer)) continue;
    if (everyone || matchMask(mask, user.mask) || matchMask(mask, user.nick) || matchMask(mask, user.host) || matchMask(mask, user.realname)) {
      out.push({ user, room: null, privileges: null });
    }
  }
  return out;
}

/** WHOIS `nick`: rooms exclude secret ones the viewer is not in. Errors: NoSuchNick. */
export function whois(core: CoreState, viewer: ChatUser, nick: string): Result<WhoisInfo> {
  const user = core.findUser(nick);
  if (user === undefined || !user.registered) return fail('NoSuchNick');
  const rooms: { room: Room; privileges: ReadonlySet<MemberPrivilege> }[] = [];
  for (const room of user.rooms.values()) {
    if (roomVisible(room, viewer)) rooms.push({ room, privileges: room.members.get(user)! });
  }
  return ok({ user, rooms, idleMs: Math.max(0, core.now() - user.lastActivity) });
}

/** WHOWAS `nick`: past records, newest first, at most `count` (0 = all). Errors: WasNoSuchNick. */
export function whowas(core: CoreState, nick: string, count = 0): Result<WhowasEntry[]> {
  const entries = core.nicks.whowas(nick, count);
  return entries.length === 0 ? fail('WasNoSuchNick') : ok(entries);
}

/** Counts for IRC LUSERS and status displays. */
export interface ChatStats {
  users: number;
  invisible: number;
  unregistered: number;
  opers: number;
  rooms: number;
}

/** Registered users (with invisible and oper counts), unregistered connections, and rooms. O(1): running counts. */
export function stats(core: CoreState): ChatStats {
  const c = core.counts;
  return { users: c.registered, invisible: c.invisible, unregistered: core.users.size - c.registered, opers: c.opers, rooms: core.rooms.size };
}

/** The rooms `user` holds an unused INVITE to (IRC `INVITE` with no parameters), in room creation order. */
export function pendingInvites(core: CoreState, user: ChatUser): Room[] {
  const out: Room[] = [];
  for (const room of core.rooms.values()) if (room.invited.has(user.folded)) out.push(room);
  return out;
}
