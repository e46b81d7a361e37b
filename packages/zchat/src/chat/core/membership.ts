/**
 * Joining and leaving rooms: the entry checks a room's modes make (+k, +l, +i, +b), room creation with
 * the configured topic, and the `join`/`part` events. Called through the `ChatCore` facade (its methods
 * carry the full contracts).
 */
import { casefold, isValidRoomName } from './casemap.js';
import type { CoreState } from './state.js';
import type { ChatEvent } from './events.js';
import { fail, ok } from './results.js';
import type { Result } from './results.js';
import { Room } from './rooms.js';
import type { MemberPrivilege } from './rooms.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/** What `join` did. */
export interface JoinOutcome {
  readonly room: Room;
  readonly created: boolean;
}

/**
 * Join `name`, creating it (the user becomes its op) when it does not exist. Errors: NotRegistered, NoSuchChannel, AlreadyOnChannel, TooManyChannels,
 * BadChannelKey, ChannelIsFull, InviteOnly, Banned; an INVITE lets the user past +i, +l and +b once.
 */
export function join(core: CoreState, user: ChatUser, name: string, key?: string): Result<JoinOutcome> {
  if (!user.registered) return fail('NotRegistered');
  if (!isValidRoomName(name, core.limits.roomLength)) return fail('NoSuchChannel');
  let room = core.rooms.get(casefold(name));
  if (room !== undefined && room.has(user)) return fail('AlreadyOnChannel');
  if (user.rooms.size >= core.limits.maxRoomsPerUser) return fail('TooManyChannels');
  let created = false;
  if (room === undefined) {
    room = createRoom(core, name);
    created = true;
  } else {
    const invited = room.invited.has(user.folded);
    const m = room.modes;
    if (m.key !== null && key !== m.key) return fail('BadChannelKey');
    if (!invited && m.limit !== null && room.members.size >= m.limit) return fail('ChannelIsFull');
    if (!invited && m.inviteOnly && !room.listMatches('invex', user)) return fail('InviteOnly');
    if (!invited && room.isBanned(user)) return fail('Banned');
    room.invited.delete(user.folded);
  }
  room.members.set(user, created ? new Set<MemberPrivilege>(['op']) : new Set<MemberPrivilege>());
  user.rooms.set(room.folded, room);
  const time = core.now();
  const event: ChatEvent = { kind: 'join', id: core.nextEventId(time), time, actor: user.actor, room: room.name };
  core.emit(event, { to: 'room', room: room.name, except: null, minPrivilege: null });
  return ok({ room, created });
}

/** Leave `name` after a `part` event to every member, the user included. Errors: NoSuchChannel, NotOnChannel. */
export function part(core: CoreState, user: ChatUser, name: string, reason?: string | null): Result<{ room: Room }> {
  const room = core.getRoom(name);
  if (room === undefined) return fail('NoSuchChannel');
  if (!room.has(user)) return fail('NotOnChannel');
  const why = reason ? cleanText(reason, core.limits.reasonLength) : null;
  const time = core.now();
  const event: ChatEvent = { kind: 'part', id: core.nextEventId(time), time, actor: user.actor, room: room.name, reason: why };
  core.emit(event, { to: 'room', room: room.name, except: null, minPrivilege: null });
  core.removeMember(room, user);
  return ok({ room });
}

/** A new, empty room in the registry, with the topic `config.rooms.topics` gives it (set by the server). */
function createRoom(core: CoreState, name: string): Room {
  const room = new Room(name, core.now());
  const topic = core.config.rooms.topics[name] ?? core.config.rooms.topics[room.folded];
  if (topic !== undefined && topic !== '') {
    room.topic = cleanText(topic, core.limits.topicLength);
    room.topicSetBy = core.config.serverName;
    room.topicSetAt = room.createdAt;
  }
  core.rooms.set(room.folded, room);
  return room;
}
