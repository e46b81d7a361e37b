/**
 * What the core tells sessions. ONE event object per action, shared by every recipient: a gateway
 * serializes it once per wire format and caches the bytes on the event (`wireFor`), so a fan-out to
 * 1,000 members serializes once, not 1,000 times. Events are immutable apart from that cache.
 */
import type { MemberPrivilege, RoomModeChange } from './rooms.js';
import type { Actor, UserFlag } from './users.js';

/**
 * privmsg: a normal message; notice: must never trigger an automatic reply; action: `/me` (CTCP ACTION);
 * tagmsg: IRCv3 TAGMSG, no text, only `clientTags` (protocols without tags ignore it).
 */
export type MessageKind = 'privmsg' | 'notice' | 'action' | 'tagmsg';

/** A user mode change (`set` true adds the flag). */
export interface UserModeChange {
  readonly flag: UserFlag;
  readonly set: boolean;
}

/**
 * Serialized forms of an event, keyed by a gateway-chosen variant ('plain', 'plain:color', 'irc:tags'...).
 * Starts null; `wireFor` creates it on first use.
 */
export type WireCache = Map<string, Uint8Array>;

interface EventBase {
  /** Unique message id (IRCv3 msgid). */
  readonly id: string;
  /** Server time, ms since the epoch (IRCv3 server-time). */
  readonly time: number;
  /** Who acted (a snapshot). */
  readonly actor: Actor;
  /** Serialized bytes per wire variant; see `wireFor`. */
  wire: WireCache | null;
}

/** A message to a room (`room` set, `target` = room name) or to a user (`room` null, `target` = nick). */
export interface MessageEvent extends EventBase {
  readonly kind: 'message';
  readonly messageKind: MessageKind;
  readonly target: string;
  readonly room: string | null;
  readonly text: string;
  /** IRC STATUSMSG (`@#room`): only members with this privilege or higher got it; else null. */
  readonly statusPrefix: MemberPrivilege | null;
  /** Client-only tags (IRCv3 `+draft/...`), passed through untouched; null when none. */
  readonly clientTags: Readonly<Record<string, string>> | null;
}
/** The actor joined `room` (delivered to every member, the actor included). */
export interface JoinEvent extends EventBase { readonly kind: 'join'; readonly room: string }
/** The actor left `room` (delivered to every member before removal, the actor included). */
export interface PartEvent extends EventBase { readonly kind: 'part'; readonly room: string; readonly reason: string | null }
/** The actor left the server (delivered once to each user sharing a room with it; not to the actor). */
export interface QuitEvent extends EventBase { readonly kind: 'quit'; readonly reason: string }
/** The actor (old nick in `actor.nick`) is now `newNick` (to users sharing a room, and to the actor). */
export interface NickEvent extends EventBase { readonly kind: 'nick'; readonly newNick: string }
/** The topic of `room` changed (null: cleared). To every member, the actor included. */
export interface TopicEvent extends EventBase { readonly kind: 'topic'; readonly room: string; readonly topic: string | null }
/** `target` was kicked from `room` (to every member before removal, the target included). */
export interface KickEvent extends EventBase { readonly kind: 'kick'; readonly room: string; readonly target: string; readonly reason: string | null }
/**
 * An op renamed a room (IRCv3 draft/channel-rename): `oldRoom` is now `room`; membership, modes, topic and
 * lists are kept. To every member, the actor included, after the rename.
 */
export interface RenameEvent extends EventBase { readonly kind: 'rename'; readonly room: string; readonly oldRoom: string; readonly reason: string | null }
/**
 * The actor redacted message `msgid` (IRCv3 draft/message-redaction). In a room (`room` set, `target` = room
 * name) to every member, the actor included; in private (`room` null, `target` = the recipient's nick)
 * to both sides.
 */
export interface RedactEvent extends EventBase { readonly kind: 'redact'; readonly target: string; readonly room: string | null; readonly msgid: string; readonly reason: string | null }
/** Room modes changed; `changes` hold canonical params. To every member, the actor included. */
export interface ModeEvent extends EventBase { readonly kind: 'mode'; readonly room: string; readonly changes: readonly RoomModeChange[] }
/** The actor's own user modes changed (to the actor only). */
export interface UserModeEvent extends EventBase { readonly kind: 'userMode'; readonly target: string; readonly changes: readonly UserModeChange[] }
/** The actor went away (`away` set) or came back (null). To users sharing a room, not the actor. */
export interface AwayEvent extends EventBase { readonly kind: 'away'; readonly away: string | null }
/** The actor invited `target` to `room`: to the target, and to the room's other ops (IRCv3 invite-notify). */
export interface InviteEvent extends EventBase { readonly kind: 'invite'; readonly room: string; readonly target: string }
/** The actor's real name changed (IRCv3 setname): to users sharing a room, and to the actor. */
export interface SetnameEvent extends EventBase { readonly kind: 'setname'; readonly realname: string }
/** An oper killed `target`: delivered to the target only, just before it quits; the gateway closes it. */
export interface KillEvent extends EventBase { readonly kind: 'kill'; readonly target: string; readonly reason: string }
/** Oper broadcast to users with the wallops flag. */
export interface WallopsEvent extends EventBase { readonly kind: 'wallops'; readonly text: string }
/** A notice from the server itself (actor.isServer), e.g. shutdown. */
export interface SystemEvent extends EventBase { readonly kind: 'system'; readonly text: string }
/**
 * A nick the recipient watches (MONITOR) came online (`online`, the actor now holds `nick`) or went
 * offline (the actor quit or left `nick` for another). To each watcher of `nick` only.
 */
export interface MonitorEvent extends EventBase { readonly kind: 'monitor'; readonly online: boolean; readonly nick: string }
/**
 * IRCv3 extended-monitor: `update` (an away or real-name change) of a user the recipient watches but
 * shares no room with. Same id, time and actor as `update`.
 */
export interface WatchedEvent extends EventBase { readonly kind: 'watched'; readonly update: AwayEvent | SetnameEvent }

/** Every event the core delivers; switch on `kind`. */
export type ChatEvent =
  | MessageEvent | JoinEvent | PartEvent | QuitEvent | NickEvent | TopicEvent | KickEvent | ModeEvent
  | UserModeEvent | AwayEvent | InviteEvent | SetnameEvent | KillEvent | WallopsEvent | SystemEvent
  | MonitorEvent | WatchedEvent | RenameEvent | RedactEvent;

export type ChatEventKind = ChatEvent['kind'];

// msgids: a per-process random prefix plus a counter; unique without per-event randomness.
const idPrefix = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
let idCounter = 0;

/** A fresh unique message id. */
export function nextEventId(): string {
  return `${idPrefix}${(idCounter++).toString(36)}`;
}

/**
 * The bytes of `event` in wire `variant`, made by `serialize(event, variant)` on first use and cached on
 * the event for every later recipient. `serialize` should be a shared module-level function (no closure
 * per recipient). Never throws unless `serialize` does.
 */
export function wireFor(
  event: ChatEvent,
  variant: string,
  serialize: (event: ChatEvent, variant: string) => Uint8Array,
): Uint8Array {
  let cache = event.wire;
  if (cache === null) {
    cache = new Map();
    event.wire = cache;
  } else {
    const hit = cache.get(variant);
    if (hit !== undefined) return hit;
  }
  const bytes = serialize(event, variant);
  cache.set(variant, bytes);
  return bytes;
}
