/**
 * Read markers (IRCv3 draft/read-marker): for each conversation (a room, or a nick for private messages)
 * the time up to which a user has read it. Markers of a logged-in user belong to its account, so they
 * outlive the connection; a guest's belong to its ChatUser and go with it. Each owner keeps at most
 * `limit` (config `limits.readMarkers`) markers; setting one past that forgets the least recently set.
 * A marker only ever moves forward. Protocol-free: times are ms since the epoch.
 */
import { casefold } from './casemap.js';
import type { ChatUser } from './users.js';

/** One owner's markers: folded target -> ms, in the order they were last set (oldest first). */
export class ReadMarkerStore {
  private readonly markers = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** The marker of `target` (any case), or null when none was set. */
  get(target: string): number | null {
    return this.markers.get(casefold(target)) ?? null;
  }

  /**
   * Moves the marker of `target` to `at` unless it is already later; returns the marker now stored (the later
   * of the two). Forgets the least recently set marker when a new one would pass `limit`. Never throws.
   */
  set(target: string, at: number): number {
    const key = casefold(target);
    const old = this.markers.get(key);
    const stored = old !== undefined && old >= at ? old : at;
    this.markers.delete(key);
    if (old === undefined && this.markers.size >= this.limit) {
      const oldest = this.markers.keys().next();
      if (oldest.done !== true) this.markers.delete(oldest.value);
    }
    this.markers.set(key, stored);
    return stored;
  }

  /**
   * A renamed room (`from` is now `to`): its marker moves to the new name, later of the two when `to` had
   * one. No-op when `from` has none. Never throws.
   */
  move(from: string, to: string): void {
    const key = casefold(from);
    const at = this.markers.get(key);
    if (at === undefined || key === casefold(to)) return;
    this.markers.delete(key);
    this.set(to, at);
  }

  /** How many markers are kept. */
  get size(): number {
    return this.markers.size;
  }
}

/** Every owner's store. One per core. */
export class ReadMarkers {
  /** Folded account name -> store; accounts come from the config, so this map is bounded by it. */
  private readonly byAccount = new Map<string, ReadMarkerStore>();
  /** Guests' stores, dropped with their ChatUser. */
  private readonly byGuest = new WeakMap<ChatUser, ReadMarkerStore>();

  constructor(readonly limit: number) {}

  /** The store of `user`: its account's when logged in, else its own. Created on first use. */
  storeFor(user: ChatUser): ReadMarkerStore {
    if (user.account !== null) {
      const key = casefold(user.account);
      let store = this.byAccount.get(key);
      if (store === undefined) this.byAccount.set(key, (store = new ReadMarkerStore(this.limit)));
      return store;
    }
    let store = this.byGuest.get(user);
    if (store === undefined) this.byGuest.set(user, (store = new ReadMarkerStore(this.limit)));
    return store;
  }
}
