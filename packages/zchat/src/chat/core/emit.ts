/**
 * The one place events leave the core. Every operation builds its event and calls `emit(event,
 * audience)`; the core delivers it to the local sessions the audience names, then hands the same pair to
 * each observer (a history recorder, a bus to other nodes). An audience is plain data (room names and
 * node-qualified user ids, no live objects), so an observer may store it or send it elsewhere and resolve
 * it there.
 */
import type { ChatEvent } from './events.js';
import type { MemberPrivilege } from './modes.js';
import type { UserFlag, UserId } from './actor.js';

/**
 * Who receives an event; a small closed set, resolved against the core's state at emit time:
 * - `room`: the members of `room` but `except`; with `minPrivilege`, only members holding it or higher
 *   (IRC STATUSMSG).
 * - `users`: each of `users`, in order (a private message and its echo, an invite and the room's ops).
 * - `peers`: once to each user sharing a room with `user`, and first to `user` itself when `includeSelf`.
 * - `watchers`: the MONITOR watchers of the casefolded nick `nick`; with `apartFrom`, only those sharing no
 *   room with that user and not that user itself (IRCv3 extended-monitor).
 * - `flagged`: every registered user holding user flag `flag` (WALLOPS).
 * - `registered`: every registered user (server notices).
 */
export type Audience =
  | { readonly to: 'room'; readonly room: string; readonly except: UserId | null; readonly minPrivilege: MemberPrivilege | null }
  | { readonly to: 'users'; readonly users: readonly UserId[] }
  | { readonly to: 'peers'; readonly user: UserId; readonly includeSelf: boolean }
  | { readonly to: 'watchers'; readonly nick: string; readonly apartFrom: UserId | null }
  | { readonly to: 'flagged'; readonly flag: UserFlag }
  | { readonly to: 'registered' };

/**
 * Sees every event the core emits, after local delivery, with its audience.
 *
 * Contract: it runs synchronously inside a core operation, so it MUST NOT block and MUST NOT call back
 * into the core; it may queue work (a write to a store, a frame to another node) for later. The event is
 * immutable: keep it by reference. A throw is caught and reported through the core's `onObserverError`;
 * it never reaches the operation that emitted.
 */
export type EventObserver = (event: ChatEvent, audience: Audience) => void;

/** The observers of one core, in subscription order. */
export class EventObservers {
  private list: EventObserver[] = [];

  /** `onError` hears of an observer's throw (with the observer's error); the other observers still run. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Add `observer`; the returned function removes it (idempotent). */
  subscribe(observer: EventObserver): () => void {
    this.list = [...this.list, observer];
    return () => {
      this.list = this.list.filter((o) => o !== observer);
    };
  }

  /** How many observers are subscribed. */
  get size(): number {
    return this.list.length;
  }

  /** Tell every observer of `event`; a copy-on-write list, so (un)subscribing during a call is safe. */
  notify(event: ChatEvent, audience: Audience): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(event, audience);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
