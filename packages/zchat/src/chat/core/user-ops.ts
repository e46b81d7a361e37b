/**
 * A user's life on the server: registration, nick changes, real name, away, and quitting. Called through
 * the `ChatCore` facade (its methods carry the full contracts); these tell peers and MONITOR watchers.
 */
import type { CoreState } from './state.js';
import type { AwayEvent, ChatEvent, SetnameEvent } from './events.js';
import { done, fail, ok } from './results.js';
import type { Result } from './results.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/**
 * Complete registration, claiming `nick` first (through `changeNick`) when given. Errors:
 * AlreadyRegistered, NoNicknameGiven, ErroneousNick, NickInUse.
 */
export function register(core: CoreState, user: ChatUser, nick?: string): Result {
  if (user.registered) return fail('AlreadyRegistered');
  if (nick !== undefined) {
    const r = changeNick(core, user, nick);
    if (!r.ok) return r;
  }
  if (user.folded === '') return fail('NoNicknameGiven');
  user.registered = true;
  core.counts.onRegistered(user);
  user.signonTime = user.lastActivity = core.now();
  core.cluster?.registered(user);
  watchersOnline(core, user, user.signonTime);
  return done();
}

/**
 * Change or claim the nick; after registration a `nick` event goes to peers and the user, and watchers
 * of the old and new nick hear of it unless only the case changed. Errors: NoNicknameGiven,
 * ErroneousNick, NickInUse.
 */
export function changeNick(core: CoreState, user: ChatUser, nick: string): Result<{ changed: boolean }> {
  const error = core.nicks.check(nick, user, core.limits.nickLength);
  if (error !== null) return fail(error);
  if (nick === user.nick) return ok({ changed: false });
  if (!user.registered) {
    core.nicks.claim(user, nick);
    return ok({ changed: true });
  }
  const time = core.now();
  const event: ChatEvent = { kind: 'nick', id: core.nextEventId(time), time, actor: user.actor, newNick: nick };
  const [oldNick, oldFolded] = [user.nick, user.folded];
  core.nicks.remember(user, event.time);
  core.nicks.claim(user, nick);
  core.emit(event, { to: 'peers', user: user.id, includeSelf: true });
  if (user.folded !== oldFolded) {
    watchersOffline(core, user, oldNick, oldFolded, time);
    watchersOnline(core, user, time);
  }
  return ok({ changed: true });
}

/** Set the real name; once registered, a `setname` event goes to peers, the user and watchers. */
export function setRealname(core: CoreState, user: ChatUser, realname: string): Result {
  user.realname = cleanText(realname, core.limits.reasonLength);
  user.invalidateActor();
  if (!user.registered) return done();
  const time = core.now();
  const event: SetnameEvent = { kind: 'setname', id: core.nextEventId(time), time, actor: user.actor, realname: user.realname };
  core.emit(event, { to: 'peers', user: user.id, includeSelf: true });
  watchersApart(core, user, event);
  return done();
}

/**
 * The user is now logged in to `account` (a name a backend of `core.accounts` vouched for; null logs out):
 * its actor changes and an `account` event goes to it and its peers. Never fails: a login may come before
 * or after registration. Returns whether anything changed.
 */
export function login(core: CoreState, user: ChatUser, account: string | null): Result<{ changed: boolean }> {
  if (user.account === account) return ok({ changed: false });
  user.account = account;
  user.invalidateActor();
  const time = core.now();
  core.emit({ kind: 'account', id: core.nextEventId(time), time, actor: user.actor, account }, { to: 'peers', user: user.id, includeSelf: true });
  return ok({ changed: true });
}

/** Set or clear the away message; an `away` event goes to peers (not the user) and watchers. */
export function setAway(core: CoreState, user: ChatUser, text: string | null): Result<{ away: boolean }> {
  const away = text === null || text === '' ? null : cleanText(text, core.limits.awayLength);
  if (away === user.away) return ok({ away: away !== null });
  user.away = away;
  if (user.registered) {
    const time = core.now();
    const event: AwayEvent = { kind: 'away', id: core.nextEventId(time), time, actor: user.actor, away };
    core.emit(event, { to: 'peers', user: user.id, includeSelf: false });
    watchersApart(core, user, event);
  }
  return ok({ away: away !== null });
}

/**
 * The user leaves the server: it is dropped from the core's live set, peers and
 * watchers are told unless the server is shutting down, it leaves every room and its nick is freed.
 * Idempotent.
 */
export function quit(core: CoreState, user: ChatUser, reason: string): void {
  if (user.quit) return;
  user.quit = true;
  core.counts.onQuit(user);
  if (user.registered && !core.closing) {
    const time = core.now();
    const event: ChatEvent = {
      kind: 'quit', id: core.nextEventId(time), time, actor: user.actor,
      reason: cleanText(reason, core.limits.reasonLength),
    };
    core.emit(event, { to: 'peers', user: user.id, includeSelf: false });
    core.nicks.remember(user, time);
    watchersOffline(core, user, user.nick, user.folded, time);
  }
  // Dropped from the live set only now: the quit's audience is resolved through it.
  core.users.delete(user.id);
  core.monitors.clear(user);
  for (const room of user.rooms.values()) core.removeMember(room, user);
  core.nicks.release(user);
}

/** `user` is now online under its nick: a `monitor` event (online) to each MONITOR watcher of that nick. */
function watchersOnline(core: CoreState, user: ChatUser, time: number): void {
  if (core.monitors.watchersOf(user.folded) === undefined) return;
  core.emit({ kind: 'monitor', id: core.nextEventId(time), time, actor: user.actor, online: true, nick: user.nick }, { to: 'watchers', nick: user.folded, apartFrom: null });
}

/** Nobody holds `nick` (folded `folded`) any more: a `monitor` event (offline) to each of its watchers. */
function watchersOffline(core: CoreState, user: ChatUser, nick: string, folded: string, time: number): void {
  if (core.monitors.watchersOf(folded) === undefined) return;
  core.emit({ kind: 'monitor', id: core.nextEventId(time), time, actor: user.actor, online: false, nick }, { to: 'watchers', nick: folded, apartFrom: null });
}

/**
 * extended-monitor: `update` (what peers got) as a `watched` event, with the same id, time and actor, to
 * each watcher of `user`'s nick that shares no room with it and is not `user` itself.
 */
function watchersApart(core: CoreState, user: ChatUser, update: AwayEvent | SetnameEvent): void {
  if (core.monitors.watchersOf(user.folded) === undefined) return;
  core.emit({ kind: 'watched', id: update.id, time: update.time, actor: update.actor, update }, { to: 'watchers', nick: user.folded, apartFrom: user.id });
}
