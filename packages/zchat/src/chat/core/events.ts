/**
 * What the core tells sessions. ONE event object per action, shared by every recipient, and plain
 * immutable data (an observer may store it or send it to another node). Beside it, not in it, each
 * emission carries a `WireCache`: a gateway serializes the event once per wire format into it
 * (`wireFor`), so a fan-out to 1,000 members serializes once, not 1,000 times.
 */
import type { Actor, UserFlag } from './actor.js';
import type { MemberPrivilege, RoomModeChange } from './modes.js';

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
 * Serialized forms of one emitted event, keyed by a gateway-chosen variant ('plain', 'plain:color',
 * 'irc:3'...). One per emission, handed to every recipient's sink beside the event; see `wireFor`.
 */
export type WireCache = Map<string, Uint8Array>;

interface EventBase {
  /** Unique message id (IRCv3 msgid), time-ordered: ids sort as the events were made (see `EventIds`). */
  readonly id: string;
  /** Server time, ms since the epoch (IRCv3 server-time). */
  readonly time: number;
  /** Who acted (a snapshot). */
  readonly actor: Actor;
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

/**
 * The actor logged in to `account` (SASL, plain `/login`; `null`: logged out). To the actor and users sharing
 * a room with it (IRCv3 account-notify, not offered yet: sessions show nothing); observers record it.
 */
export interface AccountEvent extends EventBase { readonly kind: 'account'; readonly account: string | null }

/** Every event the core delivers; switch on `kind`. */
export type ChatEvent =
  | MessageEvent | JoinEvent | PartEvent | QuitEvent | NickEvent | TopicEvent | KickEvent | ModeEvent
  | UserModeEvent | AwayEvent | InviteEvent | SetnameEvent | KillEvent | WallopsEvent | SystemEvent
  | MonitorEvent | WatchedEvent | RenameEvent | RedactEvent | AccountEvent;

export type ChatEventKind = ChatEvent['kind'];

/**
 * Makes msgids that are unique across nodes and sort as the events were made: the time in ms (9 base-36
 * digits, good until the year 5138), a sequence number within that ms (3 digits), then the node id. The
 * time never goes back: a clock stepped backwards keeps the last time and counts on, and a sequence that
 * runs out moves to the next ms. Pure arithmetic over the time it is given.
 */
export class EventIds {
  private lastTime = 0;
  private seq = 0;

  /** `node`: 1 to 16 letters and digits, unique in the cluster (`isValidNodeId`). */
  constructor(readonly node: string) {}

  /** The next id for an event made at `time` (ms since the epoch). */
  next(time: number): string {
    if (time > this.lastTime) {
      this.lastTime = time;
      this.seq = 0;
    } else if (++this.seq >= SEQ_LIMIT) {
      this.lastTime++;
      this.seq = 0;
    }
    return this.lastTime.toString(36).padStart(9, '0') + this.seq.toString(36).padStart(3, '0') + this.node;
  }
}

const SEQ_LIMIT = 36 ** 3;

/** Whether `id` may name a node: 1 to 16 ASCII letters and digits (it ends every msgid). */
export function isValidNodeId(id: string): boolean {
  return /^[A-Za-z0-9]{1,16}$/.test(id);
}

/** A random node id (4 base-36 digits), for a server started without one. */
export function randomNodeId(): string {
  return Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
}

const processIds = new EventIds(randomNodeId());

/** A fresh unique id from this process's own generator (cores use their own `EventIds`). */
export function nextEventId(): string {
  return processIds.next(Date.now());
}

/**
 * The bytes of `event` in wire `variant`, made by `serialize(event, variant)` on first use and kept in
 * `cache` (the emission's `WireCache`) for every later recipient. `serialize` should be a shared
 * module-level function (no closure per recipient). Never throws unless `serialize` does.
 */
export function wireFor(
  event: ChatEvent,
  cache: WireCache,
  variant: string,
  serialize: (event: ChatEvent, variant: string) => Uint8Array,
): Uint8Array {
  const hit = cache.get(variant);
  if (hit !== undefined) return hit;
  const bytes = serialize(event, variant);
  cache.set(variant, bytes);
  return bytes;
}
