/**
 * ChatCore: the protocol-free chat state shared by every gateway (plain text, IRC, ...). It owns users,
 * the nick registry, rooms and routing; it never touches sockets, wire text or timers (the clock is
 * injected). Operations return `Result`s with named errors; effects reach sessions as shared events
 * through each user's `SessionSink`.
 */
import type { ChatConfig, Limits } from '../config.js';
import { Accounts, noAccounts } from './accounts.js';
import type { NickClaims } from './cluster-seam.js';
import type { ConnectionCounter } from './connections.js';
import type { EventObserver, EventObservers } from './emit.js';
import { isValidNodeId, randomNodeId } from './events.js';
import type { ChatEvent, MessageKind, UserModeChange } from './events.js';
import * as membership from './membership.js';
import type { JoinOutcome } from './membership.js';
import type { MonitorRegistry } from './monitor.js';
import { defaultReservedNicks } from './nicks.js';
import type { NickRegistry } from './nicks.js';
import type { ReadMarkers } from './read-markers.js';
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
import { CoreState } from './state.js';
import type { WhowasEntry } from './nicks.js';
import type { Room } from './rooms.js';
import type { ListEntry, ListMode, MemberPrivilege, RoomModeChange } from './rooms.js';
import type { UserCounts } from './user-counts.js';
import * as userOps from './user-ops.js';
import { ChatUser } from './users.js';
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
  /**
   * This node's id, unique in a cluster: 1 to 16 letters and digits. It prefixes user ids and ends msgids
   * (default: 4 random base-36 digits). Throws RangeError when invalid.
   */
  nodeId?: string;
  /** Account and operator credentials (default: nobody; the server passes the config file's lists). */
  accounts?: Accounts;
  /** Hears of an event observer's throw (default: ignored; the server logs it). */
  onObserverError?: (err: unknown) => void;
  /** Cluster-wide nick ownership (cluster-seam.ts); default none: this core's registry alone decides. */
  nickClaims?: NickClaims | null;
}

function ignoreError(): void {}

/** The shared chat state. One per server process; gateways call it, it calls their sinks. */
export class ChatCore {
  /** @internal The state the operation modules share (state.ts); gateways use the methods. */
  readonly state: CoreState;
  readonly config: ChatConfig;
  readonly limits: Limits;
  readonly now: () => number;
  /** This node's id (see `ChatCoreOptions.nodeId`). */
  readonly nodeId: string;
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
  /**
   * In a cluster, where a nick must be held before `changeNick`/`register` may give it out (gateways
   * wait for `reserve`); null on a lone server.
   */
  readonly nickClaims: NickClaims | null;
  /** Observers of every emitted event (emit.ts): history, a bus to other nodes. */
  readonly observers: EventObservers;
  /** Registered, invisible and oper counts for `stats` (kept up to date, never scanned). */
  readonly counts: UserCounts;

  constructor(config: ChatConfig, options: ChatCoreOptions = {}) {
    const nodeId = options.nodeId ?? randomNodeId();
    if (!isValidNodeId(nodeId)) throw new RangeError(`nodeId must be 1 to 16 letters and digits, got '${nodeId}'`);
    const state = new CoreState({
      config,
      now: options.now ?? Date.now,
      nodeId,
      reservedNicks: [...(options.reservedNicks ?? defaultReservedNicks), config.serverName, config.network],
      whowasSize: options.whowasSize ?? 100,
      accounts: options.accounts ?? new Accounts(noAccounts, noAccounts),
      onObserverError: options.onObserverError ?? ignoreError,
    });
    this.state = state;
    this.config = config;
    this.limits = config.limits;
    this.now = state.now;
    this.nodeId = nodeId;
    this.connections = state.connections;
    this.nicks = state.nicks;
    this.monitors = state.monitors;
    this.readMarkers = state.readMarkers;
    this.serverActor = state.serverActor;
    this.accounts = state.accounts;
    this.nickClaims = options.nickClaims ?? null;
    this.observers = state.observers;
    this.counts = state.counts;
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
    this.state.closing = true;
  }

  /** True after `beginShutdown`. */
  get shuttingDown(): boolean {
    return this.state.closing;
  }

  // ---- users and nicks (user-ops.ts) -----------------------------------------------------------------

  /** A new, unregistered user with no nick. The caller must eventually `quit` it. */
  createUser(init: NewUser): ChatUser {
    const state = this.state;
    const user = new ChatUser(init, state.now(), state.nextUserId());
    state.users.set(user.id, user);
    return user;
  }

  /** The registered-or-not user holding `nick` (any case), or undefined. */
  findUser(nick: string): ChatUser | undefined {
    return this.state.findUser(nick);
  }

  /** Every live user (registered or not), in creation order. */
  users(): IterableIterator<ChatUser> {
    return this.state.users.values();
  }

  /**
   * Complete registration, claiming `nick` first when given. Errors: AlreadyRegistered, NoNicknameGiven
   * (no nick given and none claimed), ErroneousNick, NickInUse. Joining a default room is the protocol's
   * choice (`config.rooms.default`).
   */
  register(user: ChatUser, nick?: string): Result {
    return userOps.register(this.state, user, nick);
  }

  /**
   * Change (or, before registration, claim) the nick. After registration a `nick` event goes to every user
   * sharing a room and to the user itself, and watchers of the old and new nick get `monitor` events
   * (not for a change of case only); a change to the identical string is a no-op. Errors:
   * NoNicknameGiven, ErroneousNick, NickInUse.
   */
  changeNick(user: ChatUser, nick: string): Result<{ changed: boolean }> {
    return userOps.changeNick(this.state, user, nick);
  }

  /**
   * Set the real name (IRC SETNAME); a `setname` event goes to users sharing a room and to the user, and
   * as a `watched` event to watchers of its nick that share no room with it.
   */
  setRealname(user: ChatUser, realname: string): Result {
    return userOps.setRealname(this.state, user, realname);
  }

  /**
   * Set (non-empty text) or clear (null or '') the away message; an `away` event goes to users sharing a
   * room (IRCv3 away-notify), not to the user, and as a `watched` event to watchers of its nick that
   * share no room with it (extended-monitor). Returns whether the user is now away.
   */
  setAway(user: ChatUser, text: string | null): Result<{ away: boolean }> {
    return userOps.setAway(this.state, user, text);
  }

  /**
   * The user leaves the server: a `quit` event goes once to each user sharing a room (not to the user),
   * it leaves every room, its nick is freed and remembered for WHOWAS, watchers of its nick get a
   * `monitor` event (no event after `beginShutdown`) and its own watch list is dropped. Idempotent. Connection counts are the gateway's to release.
   */
  quit(user: ChatUser, reason: string): void {
    userOps.quit(this.state, user, reason);
  }

  /**
   * The user logged in to `account` after `accounts.verify` vouched for it (null: logged out); an
   * `account` event goes to it and its peers (user-ops.ts).
   */
  login(user: ChatUser, account: string | null): Result<{ changed: boolean }> {
    return userOps.login(this.state, user, account);
  }

  /** Mark the user as a server operator after the protocol checked credentials (oper-ops.ts). */
  grantOper(user: ChatUser): UserModeChange | null {
    return oper.grantOper(this.state, user);
  }

  /** An oper disconnects `targetNick` (oper-ops.ts). Errors: NoPrivileges, NoSuchNick. */
  kill(user: ChatUser, targetNick: string, reason: string): Result {
    return oper.kill(this.state, user, targetNick, reason);
  }

  /** An oper's WALLOPS (oper-ops.ts). Errors: NoPrivileges, NoTextToSend. */
  wallops(user: ChatUser, text: string): Result {
    return oper.wallops(this.state, user, text);
  }

  /** A `system` event from the server to every registered user (oper-ops.ts). */
  announce(text: string): ChatEvent {
    return oper.announce(this.state, text);
  }

  // ---- rooms (membership.ts; messages: routing.ts) -------------------------------------------------

  /** The room named `name` (any case), or undefined. */
  getRoom(name: string): Room | undefined {
    return this.state.getRoom(name);
  }

  /** Every room, in creation order. */
  rooms(): IterableIterator<Room> {
    return this.state.rooms.values();
  }

  /** How many rooms exist. */
  get roomCount(): number {
    return this.state.rooms.size;
  }

  /**
   * Join `name`, creating it (the user becomes its op) if it does not exist. A `join` event goes to every
   * member, the user included. Errors: NotRegistered, NoSuchChannel (invalid name), AlreadyOnChannel,
   * TooManyChannels, BadChannelKey (+k), ChannelIsFull (+l), InviteOnly (+i), Banned (+b). An INVITE lets
   * the user past +i, +l and +b once.
   */
  join(user: ChatUser, name: string, key?: string): Result<JoinOutcome> {
    return membership.join(this.state, user, name, key);
  }

  /**
   * Leave `name`; a `part` event goes to every member, the user included. An emptied room vanishes.
   * Errors: NoSuchChannel, NotOnChannel.
   */
  part(user: ChatUser, name: string, reason?: string | null): Result<{ room: Room }> {
    return membership.part(this.state, user, name, reason);
  }

  /**
   * Send `text` to a room (name starts with `#`) or a user. Room messages go to every other member (and to
   * the sender when `user.echo`); private ones to the recipient (and the sender when `user.echo`).
   * Errors: NotRegistered, NoTextToSend, NoSuchChannel, CannotSendToChan (+n non-member, +m unvoiced,
   * banned or muted and unvoiced, a CTCP other than ACTION in a +C room), NoSuchNick.
   */
  message(user: ChatUser, target: string, kind: MessageKind, text: string, options?: MessageOptions): Result<MessageOutcome> {
    return routing.message(this.state, user, target, kind, text, options);
  }

  // ---- privileged room operations (room-ops.ts) ------------------------------------------------------------

  /** See `setTopic` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded. */
  setTopic(user: ChatUser, name: string, topic: string | null): Result<{ room: Room }> {
    return ops.setTopic(this.state, user, name, topic);
  }

  /** See `kick` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, NoSuchNick, UserNotInChannel. */
  kick(user: ChatUser, name: string, targetNick: string, reason?: string | null): Result<{ room: Room; target: ChatUser }> {
    return ops.kick(this.state, user, name, targetNick, reason);
  }

  /** See `invite` in room-ops.ts. Errors: NoSuchNick, NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, AlreadyOnChannel. */
  invite(user: ChatUser, targetNick: string, name: string): Result<{ room: Room; target: ChatUser; away: string | null }> {
    return ops.invite(this.state, user, targetNick, name);
  }

  /** See `setRoomModes` in room-ops.ts (op/voice and ban/except/invex lists are mode changes too). */
  setRoomModes(user: ChatUser, name: string, changes: readonly RoomModeChange[]): Result<ModeOutcome> {
    return ops.setRoomModes(this.state, user, name, changes);
  }

  /** See `renameRoom` in room-ops.ts. Errors: NoSuchChannel, NotOnChannel, ChanOpPrivsNeeded, CannotRename, RoomNameInUse. */
  renameRoom(user: ChatUser, oldName: string, newName: string, reason?: string | null): ops.RenameResult {
    return ops.renameRoom(this.state, user, oldName, newName, reason);
  }

  /**
   * See `redact` in redact-ops.ts. Errors: NotRegistered, NoSuchChannel, NotOnChannel, NoSuchNick,
   * UnknownMsgid, RedactForbidden.
   */
  redact(user: ChatUser, target: string, msgid: string, reason?: string | null): RedactResult {
    return redactOps.redact(this.state, user, target, msgid, reason);
  }

  /** Give or take op/voice: `setRoomModes` with one change. */
  setMemberPrivilege(user: ChatUser, name: string, targetNick: string, privilege: MemberPrivilege, set: boolean): Result<ModeOutcome> {
    return ops.setRoomModes(this.state, user, name, [{ mode: privilege, set, param: targetNick }]);
  }

  /** Add a ban mask (`nick!user@host`, wildcards; partial masks are completed). */
  addBan(user: ChatUser, name: string, mask: string): Result<ModeOutcome> {
    return ops.setRoomModes(this.state, user, name, [{ mode: 'ban', set: true, param: mask }]);
  }

  /** Remove a ban mask. */
  removeBan(user: ChatUser, name: string, mask: string): Result<ModeOutcome> {
    return ops.setRoomModes(this.state, user, name, [{ mode: 'ban', set: false, param: mask }]);
  }

  /** See `listMasks` in room-ops.ts. Errors: NoSuchChannel. */
  listMasks(name: string, mode: ListMode): Result<readonly ListEntry[]> {
    return ops.listMasks(this.state, name, mode);
  }

  /** See `setUserModes` in room-ops.ts. Errors: NoSuchNick, UsersDontMatch. */
  setUserModes(user: ChatUser, targetNick: string, changes: readonly UserModeChange[]): Result<{ applied: UserModeChange[] }> {
    return ops.setUserModes(this.state, user, targetNick, changes);
  }

  // ---- queries (queries.ts) ---------------------------------------------------------------------------

  /** Rooms the viewer may see (LIST, /rooms). */
  visibleRooms(viewer: ChatUser): Room[] {
    return queries.visibleRooms(this.state, viewer);
  }

  /** See `pendingInvites` in queries.ts. */
  pendingInvites(user: ChatUser): Room[] {
    return queries.pendingInvites(this.state, user);
  }

  /** Members of a room the viewer may see (NAMES). Errors: NoSuchChannel. */
  names(viewer: ChatUser, name: string): Result<{ room: Room; members: MemberView[] }> {
    return queries.names(this.state, viewer, name);
  }

  /** WHO by room name or mask; never fails. */
  who(viewer: ChatUser, mask: string, opersOnly = false): WhoEntry[] {
    return queries.who(this.state, viewer, mask, opersOnly);
  }

  /** WHOIS. Errors: NoSuchNick. */
  whois(viewer: ChatUser, nick: string): Result<WhoisInfo> {
    return queries.whois(this.state, viewer, nick);
  }

  /** WHOWAS, newest first. Errors: WasNoSuchNick. */
  whowas(nick: string, count = 0): Result<WhowasEntry[]> {
    return queries.whowas(this.state, nick, count);
  }

  /** Live users, registered or not. */
  get userCount(): number {
    return this.state.users.size;
  }

  /** Counts for LUSERS (queries.ts); O(1). */
  stats(): ChatStats {
    return queries.stats(this.state);
  }
}
