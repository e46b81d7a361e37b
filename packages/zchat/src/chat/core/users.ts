/**
 * One `ChatUser` per connection or session, whatever its protocol. The core owns the user's chat state
 * (nick, rooms, modes); the protocol gateway owns the connection and receives events through `sink`.
 */
import type { ChatEvent, WireCache } from './events.js';
import type { Room } from './rooms.js';

/**
 * How the core talks to a session. Implemented by each protocol gateway.
 *
 * Contract:
 * 1. `deliver` MUST NOT block and MUST NOT call back into the core synchronously (the core may be in the
 *    middle of a fan-out loop): queue the bytes, and defer any disconnect it decides on (e.g. SendQ).
 * 2. The same event object and `wire` cache go to every recipient of one emission; serialize the event
 *    once per wire format with `wireFor(event, wire, ...)` (events.ts) and never mutate the event.
 * 3. After the user quits, `deliver` may still be called for events already under way: ignore them.
 */
export interface SessionSink {
  deliver(event: ChatEvent, wire: WireCache): void;
}

export type { Actor, UserFlag, UserId } from './actor.js';
import type { Actor, UserFlag, UserId } from './actor.js';

/** What a gateway knows about a new connection. `username`/`realname` default to the nick (plain text). */
export interface NewUser {
  protocol: string;
  sink: SessionSink;
  ip: string;
  host?: string;
  username?: string;
  realname?: string;
}

/**
 * A session's chat state. Read its fields freely; change nick, rooms, modes and away only through
 * `ChatCore` operations so every other session is told. `username` and `realname` may be set directly
 * before registration (IRC USER); call `invalidateActor()` after changing identity fields by hand.
 */
export class ChatUser {
  /** Unique in the cluster, never reused (`ChatCore.createUser` assigns it). */
  readonly id: UserId;
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
  readonly sentPrivate = new Map<string, UserId>();
  private actorCache: Actor | null = null;

  constructor(init: NewUser, now: number, id: UserId) {
    this.id = id;
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

/** The snapshot used when the server itself acts (default topics, server notices, shutdown) on node `node`. */
export function serverActor(serverName: string, node = 'local'): Actor {
  return Object.freeze({
    id: `${node}:0`,
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
