/**
 * The nick registry: unique across every protocol under rfc1459 casemapping, names reserved for the
 * server, and WHOWAS history in a bounded ring.
 */
import { casefold, isValidNick } from './casemap.js';
import type { ChatError } from './results.js';
import type { ChatUser } from './users.js';

/** A past nick (WHOWAS). `time` is when the nick was given up, ms since the epoch. */
export interface WhowasEntry {
  readonly nick: string;
  readonly username: string;
  readonly host: string;
  readonly realname: string;
  readonly time: number;
}

/** Names no user may take, beyond the server's own name (they would impersonate the server). */
export const defaultReservedNicks: readonly string[] = ['server', 'system', 'zchat', 'NickServ', 'ChanServ', 'OperServ', 'Global'];

/** Nick -> user, plus reservations and WHOWAS history. */
export class NickRegistry {
  private readonly byNick = new Map<string, ChatUser>();
  private readonly reserved: Set<string>;
  private readonly history: WhowasEntry[] = [];
  private historyNext = 0;

  constructor(reserved: Iterable<string>, private readonly historySize = 100) {
    this.reserved = new Set([...reserved].map(casefold));
  }

  /** Number of claimed nicks. */
  get size(): number {
    return this.byNick.size;
  }

  /** The user holding `nick` (any case), or undefined. */
  get(nick: string): ChatUser | undefined {
    return this.byNick.get(casefold(nick));
  }

  /**
   * Why `nick` cannot be taken by `user`, or null if it can: ErroneousNick (invalid or reserved),
   * NickInUse (held by someone else; `user` may re-case its own nick).
   */
  check(nick: string, user: ChatUser, maxLength: number): ChatError | null {
    if (nick.length === 0) return 'NoNicknameGiven';
    if (!isValidNick(nick, maxLength)) return 'ErroneousNick';
    const folded = casefold(nick);
    if (this.reserved.has(folded)) return 'ErroneousNick';
    const holder = this.byNick.get(folded);
    if (holder !== undefined && holder !== user) return 'NickInUse';
    return null;
  }

  /** Move `user` to `nick` (already checked): releases the old nick, updates user.nick/folded. */
  claim(user: ChatUser, nick: string): void {
    if (user.folded !== '') this.byNick.delete(user.folded);
    user.nick = nick;
    user.folded = casefold(nick);
    this.byNick.set(user.folded, user);
    user.invalidateActor();
  }

  /** Release `user`'s nick (idempotent). */
  release(user: ChatUser): void {
    if (user.folded !== '' && this.byNick.get(user.folded) === user) this.byNick.delete(user.folded);
  }

  /** Remember that `user` gave up its current nick at `time`. */
  remember(user: ChatUser, time: number): void {
    if (this.historySize <= 0 || user.folded === '') return;
    const a = user.actor;
    const entry: WhowasEntry = { nick: a.nick, username: a.username, host: a.host, realname: a.realname, time };
    if (this.history.length < this.historySize) this.history.push(entry);
    else this.history[this.historyNext] = entry;
    this.historyNext = (this.historyNext + 1) % this.historySize;
  }

  /** Past records of `nick`, newest first, at most `count` (0 = all). */
  whowas(nick: string, count = 0): WhowasEntry[] {
    const folded = casefold(nick);
    const out: WhowasEntry[] = [];
    const n = this.history.length;
    for (let k = 1; k <= n; k++) {
      const e = this.history[(this.historyNext - k + n) % n]!;
      if (casefold(e.nick) === folded) {
        out.push(e);
        if (count > 0 && out.length >= count) break;
      }
    }
    return out;
  }
}
