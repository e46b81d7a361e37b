/**
 * The core's state, shared by the operation modules (user-ops, membership, routing, room-ops, oper-ops,
 * redact-ops, queries): users, nicks, rooms, watch lists, read markers, counts, the clock, and the one
 * emission point, `emit`. `ChatCore` (core.ts) is the public face over it; the operation modules take a
 * `CoreState` and never import `ChatCore`, so nothing in the core imports back up.
 */
import type { ChatConfig, Limits } from '../config.js';
import type { Accounts } from './accounts.js';
import { casefold } from './casemap.js';
import type { ClusterHooks } from './cluster-seam.js';
import { ConnectionCounter } from './connections.js';
import { EventObservers } from './emit.js';
import type { Audience } from './emit.js';
import { EventIds } from './events.js';
import type { ChatEvent, WireCache } from './events.js';
import { MonitorRegistry } from './monitor.js';
import { NickRegistry } from './nicks.js';
import { ReadMarkers } from './read-markers.js';
import type { MemberPrivilege, Room } from './rooms.js';
import { UserCounts } from './user-counts.js';
import { serverActor } from './users.js';
import type { Actor, ChatUser, UserId } from './users.js';

const PRIVILEGE_RANK: Record<MemberPrivilege, number> = { op: 2, voice: 1 };

/** What `CoreState` is made from (ChatCore's constructor resolves the defaults). */
export interface CoreStateInit {
  config: ChatConfig;
  now: () => number;
  nodeId: string;
  reservedNicks: readonly string[];
  whowasSize: number;
  accounts: Accounts;
  onObserverError: (err: unknown) => void;
}

/** The shared chat state of one core. Mutate it only from the core's operation modules. */
export class CoreState {
  readonly config: ChatConfig;
  readonly limits: Limits;
  readonly now: () => number;
  /** This node's id: the prefix of user ids and the end of msgids. */
  readonly nodeId: string;
  readonly ids: EventIds;
  readonly connections: ConnectionCounter;
  readonly nicks: NickRegistry;
  readonly monitors: MonitorRegistry;
  readonly readMarkers: ReadMarkers;
  readonly serverActor: Actor;
  readonly counts = new UserCounts();
  readonly accounts: Accounts;
  readonly observers: EventObservers;
  /** Rooms by folded name, in creation order. */
  readonly rooms = new Map<string, Room>();
  /** Live users by id, in creation order. */
  readonly users = new Map<UserId, ChatUser>();
  /** True after `ChatCore.beginShutdown`. */
  closing = false;
  /** Set by a cluster (cluster-seam.ts); null on a lone server. */
  cluster: ClusterHooks | null = null;
  private userSeq = 0;

  constructor(init: CoreStateInit) {
    const { config } = init;
    this.config = config;
    this.limits = config.limits;
    this.now = init.now;
    this.nodeId = init.nodeId;
    this.ids = new EventIds(init.nodeId);
    this.connections = new ConnectionCounter(config.limits);
    this.nicks = new NickRegistry(init.reservedNicks, init.whowasSize);
    this.monitors = new MonitorRegistry((nick) => this.nicks.get(nick), config.limits.nickLength, config.limits.monitorEntries);
    this.readMarkers = new ReadMarkers(config.limits.readMarkers);
    this.serverActor = serverActor(config.serverName, init.nodeId);
    this.accounts = init.accounts;
    this.observers = new EventObservers(init.onObserverError);
  }

  /** A fresh user id on this node (`<node>:<n>`, n in base 36 from 1; 0 is the server). */
  nextUserId(): UserId {
    return `${this.nodeId}:${(++this.userSeq).toString(36)}`;
  }

  /** A fresh msgid for an event made at `time`. */
  nextEventId(time: number): string {
    return this.ids.next(time);
  }

  /** The room named `name` (any case), or undefined. */
  getRoom(name: string): Room | undefined {
    return this.rooms.get(casefold(name));
  }

  /** The user holding `nick` (any case), registered or not, or undefined. */
  findUser(nick: string): ChatUser | undefined {
    return this.nicks.get(nick);
  }

  /** Remove `user` from `room`; the room vanishes when empty. No event. */
  removeMember(room: Room, user: ChatUser): void {
    room.members.delete(user);
    user.rooms.delete(room.folded);
    if (room.members.size === 0) this.rooms.delete(room.folded);
  }

  /** Give `room` the name `name`, re-keying the registry and each member's room map. No checks, no event. */
  rekeyRoom(room: Room, name: string): void {
    this.rooms.delete(room.folded);
    for (const member of room.members.keys()) member.rooms.delete(room.folded);
    room.setName(name);
    this.rooms.set(room.folded, room);
    for (const member of room.members.keys()) member.rooms.set(room.folded, room);
  }

  /**
   * The one emission point: deliver `event` to the local sessions `audience` names (resolved now, in a
   * fixed order), with one `WireCache` shared by all of them, then tell the observers. Every event leaves
   * the core here. Sinks never call back synchronously (SessionSink contract), so the state is stable
   * for the whole fan-out.
   */
  emit(event: ChatEvent, audience: Audience): void {
    const wire: WireCache = new Map();
    if (this.cluster !== null && (audience.to === 'room' || audience.to === 'peers')) {
      const recipients = this.recipients(audience);
      if (!this.cluster.hold(event, audience, recipients, wire)) for (const u of recipients) u.sink.deliver(event, wire);
      if (this.observers.size > 0) this.observers.notify(event, audience);
      return;
    }
    switch (audience.to) {
      case 'room': {
        const room = this.getRoom(audience.room);
        if (room !== undefined) deliverToRoom(room, event, wire, this.userById(audience.except), audience.minPrivilege);
        break;
      }
      case 'users':
        for (const id of audience.users) this.users.get(id)?.sink.deliver(event, wire);
        break;
      case 'peers': {
        const user = this.users.get(audience.user);
        if (user !== undefined) deliverToPeers(user, event, wire, audience.includeSelf);
        break;
      }
      case 'watchers': {
        const set = this.monitors.watchersOf(audience.nick);
        if (set === undefined) break;
        const apart = this.userById(audience.apartFrom);
        for (const w of set) {
          if (apart !== null && (w === apart || shareRoom(w, apart))) continue;
          w.sink.deliver(event, wire);
        }
        break;
      }
      case 'flagged':
        for (const u of this.users.values()) if (u.registered && u.flags.has(audience.flag)) u.sink.deliver(event, wire);
        break;
      case 'registered':
        for (const u of this.users.values()) if (u.registered) u.sink.deliver(event, wire);
        break;
    }
    if (this.observers.size > 0) this.observers.notify(event, audience);
  }

  /** The local users a 'room' or 'peers' audience names now, in delivery order (a cluster's `hold`). */
  private recipients(audience: Audience): ChatUser[] {
    const out: ChatUser[] = [];
    if (audience.to === 'room') {
      const room = this.getRoom(audience.room);
      if (room === undefined) return out;
      const skip = this.userById(audience.except);
      const need = audience.minPrivilege === null ? 0 : PRIVILEGE_RANK[audience.minPrivilege];
      for (const [member, privileges] of room.members) {
        if (member === skip) continue;
        let rank = 0;
        for (const p of privileges) rank = Math.max(rank, PRIVILEGE_RANK[p]);
        if (rank >= need) out.push(member);
      }
    } else if (audience.to === 'peers') {
      const user = this.users.get(audience.user);
      if (user === undefined) return out;
      if (audience.includeSelf) out.push(user);
      const seen = new Set<ChatUser>([user]);
      for (const room of user.rooms.values()) {
        for (const member of room.members.keys()) {
          if (seen.has(member)) continue;
          seen.add(member);
          out.push(member);
        }
      }
    }
    return out;
  }

  private userById(id: UserId | null): ChatUser | null {
    return id === null ? null : this.users.get(id) ?? null;
  }
}

/** Whether `a` and `b` share at least one room. */
export function shareRoom(a: ChatUser, b: ChatUser): boolean {
  const [small, big] = a.rooms.size <= b.rooms.size ? [a, b] : [b, a];
  for (const key of small.rooms.keys()) if (big.rooms.has(key)) return true;
  return false;
}

/** Members of `room` but `skip`; with `minPrivilege`, only those holding it or higher (IRC STATUSMSG). */
function deliverToRoom(room: Room, event: ChatEvent, wire: WireCache, skip: ChatUser | null, minPrivilege: MemberPrivilege | null): void {
  if (minPrivilege === null) {
    for (const member of room.members.keys()) if (member !== skip) member.sink.deliver(event, wire);
    return;
  }
  const need = PRIVILEGE_RANK[minPrivilege];
  for (const [member, privileges] of room.members) {
    if (member === skip) continue;
    let rank = 0;
    for (const p of privileges) rank = Math.max(rank, PRIVILEGE_RANK[p]);
    if (rank >= need) member.sink.deliver(event, wire);
  }
}

/** Once to each user sharing a room with `user` (deduplicated across rooms), first to `user` when `includeSelf`. */
function deliverToPeers(user: ChatUser, event: ChatEvent, wire: WireCache, includeSelf: boolean): void {
  if (includeSelf) user.sink.deliver(event, wire);
  if (user.rooms.size === 1) {
    for (const room of user.rooms.values()) deliverToRoom(room, event, wire, user, null);
    return;
  }
  const seen = new Set<ChatUser>([user]);
  for (const room of user.rooms.values()) {
    for (const member of room.members.keys()) {
      if (seen.has(member)) continue;
      seen.add(member);
      member.sink.deliver(event, wire);
    }
  }
}
