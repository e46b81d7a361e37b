/**
 * What a plain-text command handler sees of its connection: `PlainContext`. Handlers (commands.ts) take
 * it and never the session class, so nothing they import imports them back; session.ts implements it.
 */
import type { ChatCore } from '../core/core.js';
import type { Room } from '../core/rooms.js';
import type { ChatUser } from '../core/users.js';

/** One plain-text connection as its command handlers see it. */
export interface PlainContext {
  readonly core: ChatCore;
  readonly user: ChatUser;
  /** True once the session is ending or closed. */
  readonly ended: boolean;
  /** Room that plain lines go to (its display name), or null. */
  currentRoom: string | null;
  /** ANSI colours (`/color on`). */
  color: boolean;
  /** Queue one line (CRLF added). */
  reply(text: string): void;
  /** Queue an error line. */
  error(text: string): void;
  /** After a successful join: make it the current room and show its topic and members. */
  enterRoom(room: Room): void;
  /** The current room is gone (part, kick): fall back to another room the user is in, or none. */
  pickCurrentRoom(leaving?: string | null): void;
  /**
   * Run `then` once `nick` may be taken: at once on a lone server; in a cluster once the nick is held
   * cluster-wide (later lines wait), or say it is taken.
   */
  withNick(nick: string, then: () => void): void;
  /** End the session: the user quits with `reason`, `farewell` (if any) is flushed, then the stream closes. */
  end(reason: string, farewell?: string | null, immediate?: boolean): void;
}
