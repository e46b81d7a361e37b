/**
 * This node's copy of the users and rooms other nodes own. A remote user is a `ChatUser` in the local
 * core whose sink drops everything (its own node delivers to it), so NAMES, WHOIS, PRIVMSG by nick, mode
 * checks and nick uniqueness see the whole cluster with no change to the core's rules. Remote events are
 * applied here (the state change) and delivered through the core's one emission point (the local
 * sessions), with the event's own id, time and actor.
 */
import { casefold } from '../core/casemap.js';
import type { ChatCore } from '../core/core.js';
import type { Audience } from '../core/emit.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import { rememberMessage } from '../core/redact-ops.js';
import { Room } from '../core/rooms.js';
import type { MemberPrivilege, RoomModeChange } from '../core/rooms.js';
import { ChatUser } from '../core/users.js';
import type { Actor, SessionSink, UserId } from '../core/users.js';
import type { Logger } from '../logger.js';
import type { RoomSnapshot, UserSnapshot } from './frames.js';
import { nodeOf } from './frames.js';

const remoteSink: SessionSink = { deliver(_event: ChatEvent, _wire: WireCache): void {} };

/** Whether `user` lives on another node (its sink is the replica's). */
export function isRemote(user: ChatUser): boolean {
  return user.sink === remoteSink;
}

/** A snapshot of a local user for other nodes. */
export function snapshotUser(user: ChatUser): UserSnapshot {
  const a = user.actor;
  return {
    id: user.id, nick: user.nick, username: a.username, host: user.host, ip: user.ip, realname: a.realname,
    account: user.account, protocol: user.protocol, flags: [...user.flags], away: user.away, signon: user.signonTime,
  };
}

export class Replica {
  constructor(private readonly core: ChatCore, private readonly logger: Logger) {}

  private get state() {
    return this.core.state;
  }

  /** The remote users of `node` this replica holds. */
  usersOf(node: string): ChatUser[] {
    const out: ChatUser[] = [];
    for (const u of this.state.users.values()) if (isRemote(u) && nodeOf(u.id) === node) out.push(u);
    return out;
  }

  /** Add (or refresh) remote user `snap`; the one holding its nick here loses nothing: the claim is skipped and logged. */
  addUser(snap: UserSnapshot): ChatUser {
    const state = this.state;
    const known = state.users.get(snap.id);
    if (known !== undefined) return known;
    const user = new ChatUser({ protocol: snap.protocol, sink: remoteSink, ip: snap.ip, host: snap.host, username: snap.username, realname: snap.realname }, state.now(), snap.id);
    user.account = snap.account;
    user.away = snap.away;
    for (const f of snap.flags) user.flags.add(f);
    const holder = state.nicks.get(snap.nick);
    if (holder !== undefined && holder !== user) {
      this.logger.warn({ nick: snap.nick, remote: snap.id, local: holder.id }, 'cluster: a remote user arrived with a nick held here');
    }
    state.nicks.claim(user, snap.nick);
    user.registered = true;
    user.signonTime = user.lastActivity = snap.signon;
    state.users.set(user.id, user);
    state.counts.onRegistered(user);
    return user;
  }

  /** A remote user from the actor of one of its events (it acted before we heard it register). */
  private userFromActor(a: Actor): ChatUser {
    return this.addUser({
      id: a.id, nick: a.nick, username: a.username, host: a.host, ip: a.host, realname: a.realname, account: a.account,
      protocol: a.protocol, flags: [], away: null, signon: this.state.now(),
    });
  }

  /** Remote user `user` is gone: a quit with `reason` to local users sharing a room, then forgotten. */
  dropUser(user: ChatUser, reason: string, event?: ChatEvent): void {
    const state = this.state;
    if (user.quit) return;
    const time = event?.time ?? state.now();
    const quit: ChatEvent = event ?? { kind: 'quit', id: state.nextEventId(time), time, actor: user.actor, reason };
    state.emit(quit, { to: 'peers', user: user.id, includeSelf: false });
    user.quit = true;
    state.counts.onQuit(user);
    state.nicks.remember(user, time);
    state.users.delete(user.id);
    for (const room of user.rooms.values()) state.removeMember(room, user);
    state.nicks.release(user);
  }

  /** Every user of `node` leaves with `reason` (the node stopped or stopped answering). */
  dropNode(node: string, reason: string): number {
    const users = this.usersOf(node);
    for (const u of users) this.dropUser(u, reason);
    return users.length;
  }

  /** Apply the state a node sent: its users, and its members of each room (rooms made as needed). */
  applyState(users: readonly UserSnapshot[], rooms: readonly RoomSnapshot[]): void {
    for (const u of users) this.addUser(u);
    for (const r of rooms) {
      let room = this.state.getRoom(r.name);
      if (room === undefined) {
        room = new Room(r.name, r.createdAt);
        room.topic = r.topic;
        room.topicSetBy = r.topicSetBy;
        room.topicSetAt = r.topicSetAt;
        Object.assign(room.modes, r.modes);
        for (const mode of ['ban', 'except', 'invex'] as const) room.lists[mode].push(...r.lists[mode]);
        this.state.rooms.set(room.folded, room);
      }
      for (const [id, privileges] of r.members) {
        const member = this.state.users.get(id);
        if (member === undefined || room.has(member)) continue;
        room.members.set(member, new Set(privileges));
        member.rooms.set(room.folded, room);
      }
    }
  }

  /** Apply one remote event to the shared state and deliver it to the local sessions its audience names. */
  applyEvent(event: ChatEvent, audience: Audience): void {
    const state = this.state;
    const actor = event.actor.isServer ? null : state.users.get(event.actor.id) ?? null;
    const emit = (): void => state.emit(event, audience);
    switch (event.kind) {
      case 'join': {
        const user = actor ?? this.userFromActor(event.actor);
        let room = state.getRoom(event.room);
        let created = false;
        if (room === undefined) {
          room = this.createRoom(event.room, event.time);
          created = true;
        }
        if (!room.has(user)) {
          room.members.set(user, new Set<MemberPrivilege>(created ? ['op'] : []));
          user.rooms.set(room.folded, room);
        }
        room.invited.delete(user.folded);
        emit();
        return;
      }
      case 'part': {
        emit();
        const room = state.getRoom(event.room);
        if (room !== undefined && actor !== null) state.removeMember(room, actor);
        return;
      }
      case 'kick': {
        emit();
        const room = state.getRoom(event.room);
        const target = state.findUser(event.target);
        if (room !== undefined && target !== undefined) state.removeMember(room, target);
        return;
      }
      case 'quit':
        if (actor !== null) this.dropUser(actor, event.reason, event);
        return;
      case 'nick':
        if (actor !== null) {
          state.nicks.remember(actor, event.time);
          state.nicks.claim(actor, event.newNick);
        }
        emit();
        return;
      case 'topic': {
        const room = state.getRoom(event.room);
        if (room !== undefined) {
          room.topic = event.topic;
          room.topicSetBy = event.actor.nick;
          room.topicSetAt = event.time;
        }
        emit();
        return;
      }
      case 'mode': {
        const room = state.getRoom(event.room);
        if (room !== undefined) for (const change of event.changes) this.applyMode(room, change, event.actor.nick, event.time);
        emit();
        return;
      }
      case 'userMode':
        if (actor !== null) {
          for (const c of event.changes) {
            if (actor.flags.has(c.flag) === c.set) continue;
            if (c.set) actor.flags.add(c.flag);
            else actor.flags.delete(c.flag);
            state.counts.onFlagChanged(actor, c.flag, c.set);
          }
        }
        emit();
        return;
      case 'away':
        if (actor !== null) actor.away = event.away;
        emit();
        return;
      case 'setname':
        if (actor !== null) {
          actor.realname = event.realname;
          actor.invalidateActor();
        }
        emit();
        return;
      case 'invite':
        state.getRoom(event.room)?.invited.add(casefold(event.target));
        emit();
        return;
      case 'rename': {
        const room = state.getRoom(event.oldRoom);
        if (room !== undefined && state.getRoom(event.room) === undefined) state.rekeyRoom(room, event.room);
        else if (room !== undefined && casefold(event.room) === room.folded) room.setName(event.room);
        emit();
        return;
      }
      case 'message':
        if (event.room !== null) {
          const room = state.getRoom(event.room);
          if (room !== undefined) rememberMessage(room.recentMessages, event.id, event.actor.id, state.limits.recentMessages);
        }
        emit();
        return;
      default:
        emit();
    }
  }

  private createRoom(name: string, time: number): Room {
    const room = new Room(name, time);
    const topic = this.core.config.rooms.topics[name] ?? this.core.config.rooms.topics[room.folded];
    if (topic !== undefined && topic !== '') {
      room.topic = topic;
      room.topicSetBy = this.core.config.serverName;
      room.topicSetAt = time;
    }
    this.state.rooms.set(room.folded, room);
    return room;
  }

  /** One canonical change from a remote `mode` event (the origin checked it). */
  private applyMode(room: Room, change: RoomModeChange, by: string, at: number): void {
    const { mode, set, param } = change;
    switch (mode) {
      case 'inviteOnly': case 'moderated': case 'noExternal': case 'topicLocked': case 'secret': case 'noCtcp':
        room.modes[mode] = set;
        return;
      case 'key':
        room.modes.key = set ? param ?? null : null;
        return;
      case 'limit':
        room.modes.limit = set && param !== undefined ? Number(param) : null;
        return;
      case 'op': case 'voice': {
        const target = param === undefined ? undefined : this.state.findUser(param);
        const privileges = target === undefined ? undefined : room.privileges(target);
        if (privileges === undefined) return;
        if (set) privileges.add(mode);
        else privileges.delete(mode);
        return;
      }
      case 'ban': case 'except': case 'invex': {
        if (param === undefined) return;
        const list = room.lists[mode];
        const folded = casefold(param);
        const at0 = list.findIndex((e) => casefold(e.mask) === folded);
        if (set && at0 < 0) list.push({ mask: param, setBy: by, setAt: at });
        if (!set && at0 >= 0) list.splice(at0, 1);
        return;
      }
    }
  }

  /** What this node owns, for a node that just started: local users and their rooms. */
  snapshot(isLocal: (u: ChatUser) => boolean): { users: UserSnapshot[]; rooms: RoomSnapshot[] } {
    const users: UserSnapshot[] = [];
    for (const u of this.state.users.values()) if (u.registered && isLocal(u)) users.push(snapshotUser(u));
    const rooms: RoomSnapshot[] = [];
    for (const room of this.state.rooms.values()) {
      const members: [UserId, MemberPrivilege[]][] = [];
      for (const [u, p] of room.members) if (isLocal(u)) members.push([u.id, [...p]]);
      if (members.length === 0) continue;
      rooms.push({
        name: room.name, createdAt: room.createdAt, topic: room.topic, topicSetBy: room.topicSetBy, topicSetAt: room.topicSetAt,
        modes: { ...room.modes }, lists: { ban: [...room.lists.ban], except: [...room.lists.except], invex: [...room.lists.invex] }, members,
      });
    }
    return { users, rooms };
  }
}
