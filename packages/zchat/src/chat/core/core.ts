/**
 * ChatCore: the protocol-free chat state shared by every gateway (plain text, IRC, ...). It owns users,
 * the nick registry, rooms and routing; it never touches sockets, wire text or timers (the clock is
 * injected). Operations return `Result`s with named errors; effects reach sessions as shared events
 * through each user's `SessionSink`.
 */
import type { ChatConfig, Limits } from '../config.js';
import { casefold } from './casemap.js';
import { Accounts, noAccounts } from './accounts.js';
import { ConnectionCounter } from './connections.js';
import { EventObservers } from './emit.js';
import type { EventObserver } from './emit.js';
import type { ChatEvent, MessageKind, UserModeChange } from './events.js';
import * as membership from './membership.js';
import type { JoinOutcome } from './membership.js';
import { MonitorRegistry } from './monitor.js';
import { NickRegistry, defaultReservedNicks } from './nicks.js';
import { ReadMarkers } from './read-markers.js';
import type { Result } from './results.js';
import * as ops from './room-ops.js';
import type { ModeOutcome } from './room-ops.js';
import * as queries from './queries.js';
import * as redactOps from './redact-ops.js';
import type { RedactResult } from './redact-ops.js';
import type { ChatStats, MemberView, WhoEntry, WhoisInfo } from './queries.js';
import * as oper from './oper-ops.js';
import * as routing from './routing.js';
import type { MessageOptions, MessageOutcome } from './routing.js';
import type { WhowasEntry } from './nicks.js';
import type { Room } from './rooms.js';
import type { ListEntry, ListMode, MemberPrivilege, RoomModeChange } from './rooms.js';
import { UserCounts } from './user-counts.js';
import * as userOps from './user-ops.js';
import { ChatUser, serverActor } from './users.js';
import type { Actor, NewUser } from './users.js';

// Their home is the module that makes them; they are re-exported so `core.js` stays the one import.
export type { JoinOutcome } from './membership.js';
export type { MessageOptions, MessageOutcome } from './routing.js';

/** Options for tests and embedders. */
export interface ChatCoreOptions {
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Nicks nobody may take (default `defaultReservedNicks`); the server name is always reserved. */
  reservedNicks?: readonly string[];
  /** WHOWAS records kept (default 100). */
  whowasSize?: number;
  /** Account and operator credentials (default: nobody; the server passes the config file's lists). */
  accounts?: Accounts;
  /** Hears of an event observer's throw (default: ignored; the server logs it). */
  onObserverError?: (err: unknown) => void;
}

function ignoreError(): void {}

/** The shared chat state. One per server process; gateways call it, it calls their sinks. */
export class ChatCore {
  readonly config: ChatConfig;
  readonly limits: Limits;
  readonly now: () => number;
  /** Live connection counts across every protocol. */
  readonly connections: ConnectionCounter;
  readonly nicks: NickRegistry;
  /** Who watches which nick (MONITOR); the core sends the online/offline events itself. */
  readonly monitors: MonitorRegistry;
  /** Read markers per account or guest (IRCv3 draft/read-marker), at most `limits.readMarkers` each. */
  readonly readMarkers: ReadMarkers;
  /** The actor used when the server itself acts. */
  readonly serverActor: Actor;
  /** Who may log in as which account or become an operator (async `verify`; backends are pluggable). */
  readonly accounts: Accounts;
  /** Observers of every emitted event (emit.ts): history, a bus to other nodes. */
  readonly observers: EventObservers;
  /** Registered, invisible and oper counts for `stats` (kept up to date, never scanned). */
  readonly counts = new UserCounts();
  private readonly roomMap = new Map<string, Room>();
  private readonly userSet = new Set<ChatUser>();
  private closing = false;

  constructor(config: ChatConfig, options: ChatCoreOptions = {}) {
    this.config = config;
    this.limits = config.limits;
    this.now = options.now ?? Date.now;
    this.connections = new ConnectionCounter(config.limits);
    const reserved = [...(options.reservedNicks ?? defaultReservedNicks), config.serverName, config.network];
    this.nicks = new NickRegistry(reserved, options.whowasSize ?? 100);
    this.monitors = new MonitorRegistry((nick) => this.nicks.get(nick), config.limits.nickLength, config.limits.monitorEntries);
    this.readMarkers = new ReadMarkers(config.limits.readMarkers);
    this.serverActor = serverActor(config.serverName);
    this.accounts = options.accounts ?? new Accounts(noAccounts, noAccounts);
    this.observers = new EventObservers(options.onObserverError ?? ignoreError);
  }

  /**
   * Watch every event the core emits, with its audience (see `EventObserver` for the contract). Returns
   * the function that stops watching.
   */
  subscribe(observer: EventObserver): () => void {
    return this.observers.subscribe(observer);
  }

  /**
   * The server is going down: from now on `quit` tells nobody (every session is closing anyway, and
   * 10,000 quits fanned out to 10,000 users would be wasted work). Irreversible.
   */
  beginShutdown(): void {
    this.closing = true;
  }

  /** True after `beginShutdown`. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  // ---- users and nicks (user-ops.ts) -----------------------------------------------------------------

  /** A new, unregistered user with no nick. The caller must eventually `quit` it. */
  createUser(init: NewUser): ChatUser {
    const user = new ChatUser(init, this.now());
    this.userSet.add(user);
    return user;
  }

  /** The registered-or-not user holding `nick` (any case), or undefined. */
  findUser(nick: string): ChatUser | undefined {
    return this.nicks.get(nick);
  }

  /** Every live user (registered or not), in creation order. */
  users(): IterableIterator<ChatUser> {
    return this.userSet.values();
  }

  /**
   * Complete registration, claiming `nick` first when given. Errors: AlreadyRegistered, NoNicknameGiven
   * (no nick given and none claimed), ErroneousNick, NickInUse. Joining a default room is the protocol's
   * choice (`config.rooms.default`).
   */
  register(user: ChatUser, nick?: string): Result {
    return userOps.register(this, user, nick);
  }

  /**
   * Change (or, before registration, claim) the nick. After registration a `nick` event goes to every user
   * sharing a room and to the user itself, and watchers of the old and new nick get `monitor` events
   * (not for a change of case only); a change to the identical string is a no-op. Errors:
   * NoNicknameGiven, ErroneousNick, NickInUse.
   */
  changeNick(user: ChatUser, nick: string): Result<{ changed: boolean }> {
    return userOps.changeNick(this, user, nick);
  }

  /**
   * Set the real name (IRC SETNAME); a `setname` event goes to users sharing a room and to the user, and
   * as a `watched` event to watchers of its nick that share no room with it.
   */
  setRealname(user: ChatUser, realname: string): Result {
    return userOps.setRealname(this, user, realname);
  }

  /**
   * Set (non-empty text) or clear (null or '') the away message; an `away` event goes to users sharing a
   * room (IRCv3 away-notify), not to the user, and as a `watched` event to watchers of its nick that
   * share no room with it (extended-monitor). Returns whether the user is now away.
   */
  setAway(user: ChatUser, text: string | null): Result<{ away: boolean }> {
    return userOps.setAway(this, user, text);
  }

  /**
   * The user leaves the server: a `quit` event goes once to each user sharing a room (not to the user),
   * it leaves every room, its nick is freed and remembered for WHOWAS, watchers of its nick get a
   * `monitor` event (no event after `beginShutdown`) and its own watch list is dropped. Idempotent. Connection counts are the gateway's to release.
   */
  quit(user: ChatUser, reason: string): void {
    userOps.quit(this, this.userSet, user, reason);
  }

  /** Mark the user as a server operator after the protocol checked credentials (oper-ops.ts). */
  grantOper(user: ChatUser): UserModeChange | null {
    return oper.grantOper(this, user);
  }

  /** An oper disconnects `targetNick` (oper-ops.ts). Errors: NoPrivileges, NoSuchNick. */
  kill(user: ChatUser, targetNick: string, reason: string): Result {
    return oper.kill(this, user, targetNick, reason);
  }

  /** An oper's WALLOPS (oper-ops.ts). Errors: NoPrivileges, NoTextToSend. */
  wallops(user: ChatUser, text: string): Result {
    return oper.wallops(this, user, text);
  }

  /** A `system` event from the server to every registered user (oper-ops.ts). */
  announce(text: string): ChatEvent {
    return oper.announce(this, text);
  }

  // ---- rooms (membership.ts; messages: routing.ts) -------------------------------------------------

  /** The room named `name` (any case), or undefined. */
  getRoom(name: string): Room | undefined {
    return this.roomMap.get(casefold(name));
  }

  /** Every room, in creation order. */
  rooms(): IterableIterator<Room> {
    return this.roomMap.values();
  }

  /** How many rooms exist. */
  get roomCount(): number {
    return this.roomMap.size;
  }

  /**
   * Join `name`, creating it (the user becomes its op) if it does not exist. A `join` event goes to every
   * member, the user included. Errors: NotRegistered, NoSuchChannel (invalid name), AlreadyOnChannel,
   * TooManyChannels, BadChannelKey (+k), ChannelIsFull (+l), InviteOnly (+i), Banned (+b). An INVITE lets
   * the user past +i, +l and +b once.
   */
  join(user: ChatUser, name: string, key?: string): Result<JoinOutcome> {
    return membership.join(this, this.roomMap, user, name, key);
  }

  /**
   * Leave `name`; a `part` event goes to every member, the user included. An emptied room vanishes.
   * Errors: NoSuchChannel, NotOnChannel.
   */
  part(user: ChatUser, name: string, reason?: string | null): Result<{ room: Room }> {
    return membership.part(this, user, name, reason);
  }

  /**
   * Send `text` to a room (name starts with `#`) or a user. Room messages go to every other member (and to
   * the sender when `user.echo`); private ones to the recipient (and the sender when `user.echo`).
   * Errors: NotRegistered, NoTextToSend, NoSuchChannel, CannotSendToChan (+n non-member, +m unvoiced,
   * banned or muted and unvoiced, a CTCP other than ACTION in a +C room), NoSuchNick.
   */
  message(user: ChatUser, target: string, kind: MessageKind, text: string, options?: MessageOptions): Result<MessageOutcome> {
    return routing.message(this, user, target, kind, text, options);
  }

  // ---- privileged room operations (room-ops.ts) ------------------------------------------------------------

  /** See `setTopic` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded. */
  setTopic(user: ChatUser, name: string, topic: string | null): Result<{ room: Room }> {
    return ops.setTopic(this, user, name, topic);
  }

  /** See `kick` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, NoSuchNick, UserNotInChannel. */
  kick(user: ChatUser, name: string, targetNick: string, reason?: string | null): Result<{ room: Room; target: ChatUser }> {
    return ops.kick(this, user, name, targetNick, reason);
  }

  /** See `invite` in room-ops.ts. Errors: NoSuchNick, NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, AlreadyOnChannel. */
  invite(user: ChatUser, targetNick: string, name: string): Result<{ room: Room; target: ChatUser; away: string | null }> {
    return ops.invite(this, user, targetNick, name);
  }

  /** See `setRoomModes` in room-ops.ts (op/voice and ban/except/invex lists are mode changes too). */
  setRoomModes(user: ChatUser, name: string, changes: readonly RoomModeChange[]): Result<ModeOutcome> {
    return ops.setRoomModes(this, user, name, changes);
  }

  /** See `renameRoom` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, CannotRename, RoomNameInUse. */
  renameRoom(user: ChatUser, oldName: string, newName: string, reason?: string | null): ops.RenameResult {
    return ops.renameRoom(this, user, oldName, newName, reason);
  }

  /**
   * See `redact` in redact-ops.ts. Errors: NotRegistered, NoSuchChannel, NotOnChannel, NoSuchNick,
   * UnknownMsgid, RedactForbidden.
   */
  redact(user: ChatUser, target: string, msgid: string, reason?: string | null): RedactResult {
    return redactOps.redact(this, user, target, msgid, reason);
  }

  /** Give or take op/voice: `setRoomModes` with one change. */
  setMemberPrivilege(user: ChatUser, name: string, targetNick: string, privilege: MemberPrivilege, set: boolean): Result<ModeOutcome> {
    return ops.setRoomModes(this, user, name, [{ mode: privilege, set, param: targetNick }]);
  }

  /** Add a ban mask (`nick!user@host`, wildcards; partial masks are completed). */
  addBan(user: ChatUser, name: string, mask: string): Result<ModeOutcome> {
    return ops.setRoomModes(this, user, name, [{ mode: 'ban', set: true, param: mask }]);
  }

  /** Remove a ban mask. */
  removeBan(user: ChatUser, name: string, mask: string): Result<ModeOutcome> {
    return ops.setRoomModes(this, user, name, [{ mode: 'ban', set: false, param: mask }]);
  }

  /** See `listMasks` in room-ops.ts. Errors: NoSuchChannel. */
  listMasks(name: string, mode: ListMode): Result<readonly ListEntry[]> {
    return ops.listMasks(this, name, mode);
  }

  /** See `setUserModes` in room-ops.ts. Errors: NoSuchNick, UsersDontMatch. */
  setUserModes(user: ChatUser, targetNick: string, changes: readonly UserModeChange[]): Result<{ applied: UserModeChange[] }> {
    return ops.setUserModes(this, user, targetNick, changes);
  }

  // ---- queries (queries.ts) ---------------------------------------------------------------------------

  /** Rooms the viewer may see (LIST, /rooms). */
  visibleRooms(viewer: ChatUser): Room[] {
    return queries.visibleRooms(this, viewer);
  }

  /** See `pendingInvites` in queries.ts. */
  pendingInvites(user: ChatUser): Room[] {
    return queries.pendingInvites(this, user);
  }

  /** Members of a room the viewer may see (NAMES). Errors: NoSuchChannel. */
  names(viewer: ChatUser, name: string): Result<{ room: Room; members: MemberView[] }> {
    return queries.names(this, viewer, name);
  }

  /** WHO by room name or mask; never fails. */
  who(viewer: ChatUser, mask: string, opersOnly = false): WhoEntry[] {
    return queries.who(this, viewer, mask, opersOnly);
  }

  /** WHOIS. Errors: NoSuchNick. */
  whois(viewer: ChatUser, nick: string): Result<WhoisInfo> {
    return queries.whois(this, viewer, nick);
  }

  /** WHOWAS, newest first. Errors: WasNoSuchNick. */
  whowas(nick: string, count = 0): Result<WhowasEntry[]> {
    return queries.whowas(this, nick, count);
  }

  /** Live users, registered or not. */
  get userCount(): number {
    return this.userSet.size;
  }

  /** Counts for LUSERS (queries.ts); O(1). */
  stats(): ChatStats {
    return queries.stats(this);
  }

  // ---- routing (routing.ts), shared with room-ops.ts -----------------------------------------------------

  /** Deliver to the members of `room` but `skip`; with `minPrivilege`, to those holding it or higher. */
  deliverToRoom(room: Room, event: ChatEvent, skip: ChatUser | null, minPrivilege: MemberPrivilege | null): void {
    routing.deliverToRoom(room, event, skip, minPrivilege);
  }

  /** Deliver once to each user sharing a room with `user`, and to `user` itself when `includeSelf`. */
  deliverToPeers(user: ChatUser, event: ChatEvent, includeSelf: boolean): void {
    routing.deliverToPeers(user, event, includeSelf);
  }

  /** Remove `user` from `room`; the room vanishes when empty. No event. */
  removeMember(room: Room, user: ChatUser): void {
    room.members.delete(user);
    user.rooms.delete(room.folded);
    if (room.members.size === 0) this.roomMap.delete(room.folded);
  }

  /**
   * Give `room` the name `name`, re-keying the room registry and each member's room map. No checks and
   * no event: `renameRoom` (room-ops.ts) makes both. Members' room maps keep their other entries.
   */
  rekeyRoom(room: Room, name: string): void {
    this.roomMap.delete(room.folded);
    for (const member of room.members.keys()) member.rooms.delete(room.folded);
    room.setName(name);
    this.roomMap.set(room.folded, room);
    for (const member of room.members.keys()) member.rooms.set(room.folded, room);
  }
}
