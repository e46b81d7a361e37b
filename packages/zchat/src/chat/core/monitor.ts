/**
 * Nick watch lists (IRCv3 MONITOR): "user X watches nick N", protocol-free. The registry maps each
 * casefolded nick to its watchers and each watcher to the nicks it watches (as it spelled them, for
 * listing). The core (user-ops.ts) tells watchers when a watched nick comes online (registration, a nick change to it)
 * or goes offline (quit, a nick change away) with `monitor` events, and, when they share no room with the
 * watched user, passes on its away and real-name changes as `watched` events (IRCv3 extended-monitor).
 */
import { casefold, isValidNick } from './casemap.js';
import type { ChatUser } from './users.js';

/** What `MonitorRegistry.add` did with each nick asked for. */
export interface MonitorAddOutcome {
  /** Watched nicks (new or already watched) that are online now: the registered users holding them. */
  readonly online: ChatUser[];
  /** Watched nicks (new or already watched) that nobody registered holds, as given. */
  readonly offline: string[];
  /** Nicks not added because the list was full (the registry's `limit`), as given. */
  readonly full: string[];
}

/** Who watches which nick. One per core; mutate only through its methods. */
export class MonitorRegistry {
  /** Folded nick -> users watching it. */
  private readonly watchers = new Map<string, Set<ChatUser>>();
  /** Watcher -> (folded nick -> nick as the watcher gave it). */
  private readonly lists = new Map<ChatUser, Map<string, string>>();

  /** `limit`: most nicks one user may watch (config `limits.monitorEntries`, IRC ISUPPORT MONITOR). */
  constructor(private readonly lookup: (nick: string) => ChatUser | undefined, private readonly nickLength: number, readonly limit: number) {}

  /**
   * `user` watches each of `nicks` (invalid nicks are skipped: MONITOR takes nicks, never masks). Reports
   * every valid nick as online or offline, and those past `limit` as full. Never throws.
   */
  add(user: ChatUser, nicks: readonly string[]): MonitorAddOutcome {
    const out: MonitorAddOutcome = { online: [], offline: [], full: [] };
    let list = this.lists.get(user);
    for (const nick of nicks) {
      if (!isValidNick(nick, this.nickLength)) continue;
      const folded = casefold(nick);
      if (list === undefined || !list.has(folded)) {
        if ((list?.size ?? 0) >= this.limit) {
          out.full.push(nick);
          continue;
        }
        if (list === undefined) {
          list = new Map();
          this.lists.set(user, list);
        }
        list.set(folded, nick);
        let set = this.watchers.get(folded);
        if (set === undefined) {
          set = new Set();
          this.watchers.set(folded, set);
        }
        set.add(user);
      }
      const holder = this.lookup(nick);
      if (holder !== undefined && holder.registered) out.online.push(holder);
      else out.offline.push(nick);
    }
    return out;
  }

  /** `user` stops watching each of `nicks` (nicks it does not watch are ignored). */
  remove(user: ChatUser, nicks: readonly string[]): void {
    const list = this.lists.get(user);
    if (list === undefined) return;
    for (const nick of nicks) {
      const folded = casefold(nick);
      if (!list.delete(folded)) continue;
      this.unwatch(user, folded);
    }
    if (list.size === 0) this.lists.delete(user);
  }

  /** `user` watches nothing any more (MONITOR C; also when it quits). */
  clear(user: ChatUser): void {
    const list = this.lists.get(user);
    if (list === undefined) return;
    for (const folded of list.keys()) this.unwatch(user, folded);
    this.lists.delete(user);
  }

  /** The nicks `user` watches, as it gave them, in the order added. */
  list(user: ChatUser): string[] {
    const list = this.lists.get(user);
    return list === undefined ? [] : [...list.values()];
  }

  /** The registered users holding watched nicks, and the watched nicks nobody holds (MONITOR S). */
  status(user: ChatUser): { online: ChatUser[]; offline: string[] } {
    const online: ChatUser[] = [];
    const offline: string[] = [];
    for (const nick of this.list(user)) {
      const holder = this.lookup(nick);
      if (holder !== undefined && holder.registered) online.push(holder);
      else offline.push(nick);
    }
    return { online, offline };
  }

  /** How many users watch at least one nick (for tests and stats). */
  get watcherCount(): number {
    return this.lists.size;
  }

  /** Users watching `folded` (a casefolded nick), or undefined when none. */
  watchersOf(folded: string): ReadonlySet<ChatUser> | undefined {
    return this.watchers.get(folded);
  }

  private unwatch(user: ChatUser, folded: string): void {
    const set = this.watchers.get(folded);
    if (set === undefined) return;
    set.delete(user);
    if (set.size === 0) this.watchers.delete(folded);
  }
}
