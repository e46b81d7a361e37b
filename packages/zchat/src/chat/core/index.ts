/** The protocol-free chat core: re-exports only. */
export { ChatCore } from './core.js';
export type { ChatCoreOptions, JoinOutcome, MessageOptions, MessageOutcome } from './core.js';
export { casefold, namesEqual, isValidNick, isValidRoomName } from './casemap.js';
export { Accounts, noAccounts } from './accounts.js';
export type { AccountBackend, CredentialRealm, LoginContext, VerifyFailure, VerifyResult } from './accounts.js';
export { ConnectionCounter } from './connections.js';
export { EventObservers } from './emit.js';
export type { Audience, EventObserver } from './emit.js';
export type { AdmitResult } from './connections.js';
export { EventIds, isValidNodeId, nextEventId, randomNodeId, wireFor } from './events.js';
export type {
  AccountEvent, AwayEvent, ChatEvent, ChatEventKind, InviteEvent, JoinEvent, KickEvent, KillEvent, MessageEvent, MessageKind,
  ModeEvent, MonitorEvent, NickEvent, PartEvent, QuitEvent, RedactEvent, RenameEvent, SetnameEvent, SystemEvent, TopicEvent, UserModeChange, UserModeEvent,
  WallopsEvent, WatchedEvent, WireCache,
} from './events.js';
export { matchMask, normalizeMask, userMask } from './masks.js';
export { MonitorRegistry } from './monitor.js';
export type { MonitorAddOutcome } from './monitor.js';
export { NickRegistry, defaultReservedNicks } from './nicks.js';
export { ReadMarkerStore, ReadMarkers } from './read-markers.js';
export type { WhowasEntry } from './nicks.js';
export { roomVisible } from './queries.js';
export { shareRoom } from './state.js';
export type { ChatStats, MemberView, WhoEntry, WhoisInfo } from './queries.js';
export { fail, ok, done } from './results.js';
export type { ChatError, Result } from './results.js';
export type { ModeOutcome, RenameFailure, RenameResult } from './room-ops.js';
export { rememberMessage } from './redact-ops.js';
export type { RedactFailure, RedactResult } from './redact-ops.js';
export { Room, defaultRoomModes } from './rooms.js';
export type { ListEntry, ListMode, MemberPrivilege, RoomFlag, RoomMode, RoomModeChange, RoomModes } from './rooms.js';
export { cleanText } from './text.js';
export { ChatUser, serverActor } from './users.js';
export type { Actor, NewUser, SessionSink, UserFlag, UserId } from './users.js';
