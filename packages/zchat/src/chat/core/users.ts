/**
 * One `ChatUser` per connection or session, whatever its protocol. The core owns the user's chat state
 * (nick, rooms, modes); the protocol gateway owns the connection and receives events through `sink`.
 */
import type { ChatEvent } from './events.js';
import type { Room } from './rooms.js';

/**
 * How the core talks to a session. Implemented by each protocol gateway.
 *
 * Contract:
 * 1. `deliver` MUST NOT block and MUST NOT call back into the core synchronously (the core may be in the
 *    middle of a fan-out loop): queue the bytes, and defer any disconnect it decides on (e.g. SendQ).
 * 2. The same event object is delivered to every recipient; serialize it once per wire format with
 *    `wireFor` (events.ts) and never mutate it otherwise.
 * 3. After the user quits, `deliver` may still be called for events already under way: ignore them.
 */
export interface SessionSink {
  deliver(event: ChatEvent): void;
}

/**
 * A user's id, unique across a cluster and never reused: `<node>:<n>` (see `ChatCoreOptions.nodeId`).
 * Sessions use it to recognise their own actions in events; observers use it to name recipients.
 */
export type UserId = string;

/** User modes as named flags; each protocol maps them to its own letters (IRC: i, o, w, B). */
export type UserFlag = 'invisible' | 'oper' | 'wallops' | 'bot';

/**
 * A frozen snapshot of who did something, carried by events: later nick or host changes do not alter
 * events already made. `mask` is `nick!username@host`. The server itself acts with `isServer: true`.
 */
export interface Actor {
  /** The acting `ChatUser.id` (0 for the server), so a session can recognise its own actions. */
  readonly id: number;
  readonly nick: string;
  readonly username: string;
  readonly host: string;
  readonly realname: string;
  readonly account: string | null;
  readonly protocol: string;
  readonly mask: string;
  readonly isServer: boolean;
}

/** What a gateway knows about a new connection. `username`/`realname` default to the nick (plain text). */
export interface NewUser {
  protocol: string;
  sink: SessionSink;
  ip: string;
  host?: string;
  username?: string;
  realname?: string;
}

let nextUserId = 1;

/**
 * A session's chat state. Read its fields freely; change nick, rooms, modes and away only through
 * `ChatCore` operations so every other session is told. `username` and `realname` may be set directly
 * before registration (IRC USER); call `invalidateActor()` after changing identity fields by hand.
 */
export class ChatUser {
  /** Unique per process, never reused. */
  readonly id: number = nextUserId++;
  /** The current nick, or `*` before one is claimed. */
  nick = '*';
  /** `casefold(nick)`, or '' before a nick is claimed. */
  folded = '';
  username: string;
  realname: string;
  /** Host shown to others (the IP unless a protocol sets a hostname or cloak). */
  host: string;
  readonly ip: string;
  /** The protocol name ('plain', 'irc', ...). */
  readonly protocol: string;
  readonly sink: SessionSink;
  /** Away message, or null when present. */
  away: string | null = null;
  readonly flags = new Set<UserFlag>();
  /** Logged-in account (SASL), or null. */
  account: string | null = null;
  /** True once registration completed (`ChatCore.register`). */
  registered = false;
  /** True once the user quit; the object is then inert. */
  quit = false;
  /** Whether the user wants its own room/private messages echoed back (plain `/echo on`, IRC echo-message). */
  echo = false;
  /** Registration time, ms since the epoch (0 before). */
  signonTime = 0;
  /** Last time the user sent a message (ms), for idle times. */
  lastActivity: number;
  /** Rooms the user is in, keyed by folded room name. */
  readonly rooms = new Map<string, Room>();
  /** Private messages this user sent recently: message id -> recipient's user id (redact-ops.ts). */
  readonly sentPrivate = new Map<string, number>();
  private actorCache: Actor | null = null;

  constructor(init: NewUser, now: number) {
    this.protocol = init.protocol;
    this.sink = init.sink;
    this.ip = init.ip;
    this.host = init.host ?? init.ip;
    this.username = init.username ?? '';
    this.realname = init.realname ?? '';
    this.lastActivity = now;
  }

  /** `nick!username@host`. */
  get mask(): string {
    return this.actor.mask;
  }

  /** The cached frozen snapshot of this user, rebuilt only after an identity change. */
  get actor(): Actor {
    if (this.actorCache === null) {
      const username = this.username || this.nick;
      this.actorCache = Object.freeze({
        id: this.id,
        nick: this.nick,
        username,
        host: this.host,
        realname: this.realname || this.nick,
        account: this.account,
        protocol: this.protocol,
        mask: `${this.nick}!${username}@${this.host}`,
        isServer: false,
      });
    }
    return this.actorCache;
  }

  /** Drop the cached `actor` after a change to nick, username, host, realname or account. */
  invalidateActor(): void {
    this.actorCache = null;
  }
}

/** The snapshot used when the server itself acts (default topics, server notices, shutdown). */
export function serverActor(serverName: string): Actor {
  return Object.freeze({
    id: 0,
    nick: serverName,
    username: serverName,
    host: serverName,
    realname: serverName,
    account: null,
    protocol: 'server',
    mask: serverName,
    isServer: true,
  });
}
