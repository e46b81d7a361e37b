/**
 * A user's life on the server: registration, nick changes, real name, away, and quitting. Called through
 * the `ChatCore` facade (its methods carry the full contracts); these tell peers and MONITOR watchers.
 */
import type { ChatCore } from './core.js';
import type { ChatEvent } from './events.js';
import { nextEventId } from './events.js';
import { done, fail, ok } from './results.js';
import type { Result } from './results.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/**
 * Complete registration, claiming `nick` first (through `core.changeNick`) when given. Errors:
 * AlreadyRegistered, NoNicknameGiven, ErroneousNick, NickInUse.
 */
export function register(core: ChatCore, user: ChatUser, nick?: string): Result {
  if (user.registered) return fail('AlreadyRegistered');
  if (nick !== undefined) {
    const r = core.changeNick(user, nick);
    if (!r.ok) return r;
  }
  if (user.folded === '') return fail('NoNicknameGiven');
  user.registered = true;
  core.counts.onRegistered(user);
  user.signonTime = user.lastActivity = core.now();
  core.monitors.online(user, user.signonTime);
  return done();
}

/**
 * Change or claim the nick; after registration a `nick` event goes to peers and the user, and watchers
 * of the old and new nick hear of it unless only the case changed. Errors: NoNicknameGiven,
 * ErroneousNick, NickInUse.
 */
export function changeNick(core: ChatCore, user: ChatUser, nick: string): Result<{ changed: boolean }> {
  const error = core.nicks.check(nick, user, core.limits.nickLength);
  if (error !== null) return fail(error);
  if (nick === user.nick) return ok({ changed: false });
  if (!user.registered) {
    core.nicks.claim(user, nick);
    return ok({ changed: true });
  }
  const event: ChatEvent = { kind: 'nick', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, newNick: nick };
  const [oldNick, oldFolded] = [user.nick, user.folded];
  core.nicks.remember(user, event.time);
  core.nicks.claim(user, nick);
  core.deliverToPeers(user, event, true);
  if (user.folded !== oldFolded) {
    core.monitors.offline(user, oldNick, oldFolded, event.time);
    core.monitors.online(user, event.time);
  }
  return ok({ changed: true });
}

/** Set the real name; once registered, a `setname` event goes to peers, the user and watchers. */
export function setRealname(core: ChatCore, user: ChatUser, realname: string): Result {
  user.realname = cleanText(realname, core.limits.reasonLength);
  user.invalidateActor();
  if (!user.registered) return done();
  const event: ChatEvent = { kind: 'setname', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, realname: user.realname };
  core.deliverToPeers(user, event, true);
  core.monitors.relay(user, event);
  return done();
}

/** Set or clear the away message; an `away` event goes to peers (not the user) and watchers. */
export function setAway(core: ChatCore, user: ChatUser, text: string | null): Result<{ away: boolean }> {
  const away = text === null || text === '' ? null : cleanText(text, core.limits.awayLength);
  if (away === user.away) return ok({ away: away !== null });
  user.away = away;
  if (user.registered) {
    const event: ChatEvent = { kind: 'away', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, away };
    core.deliverToPeers(user, event, false);
    core.monitors.relay(user, event);
  }
  return ok({ away: away !== null });
}

/**
 * The user leaves the server: it is dropped from `users` (the core's live set, private to it), peers and
 * watchers are told unless the server is shutting down, it leaves every room and its nick is freed.
 * Idempotent.
 */
export function quit(core: ChatCore, users: Set<ChatUser>, user: ChatUser, reason: string): void {
  if (user.quit) return;
  user.quit = true;
  users.delete(user);
  core.counts.onQuit(user);
  if (user.registered && !core.shuttingDown) {
    const event: ChatEvent = {
      kind: 'quit', id: nextEventId(), time: core.now(), actor: user.actor, wire: null,
      reason: cleanText(reason, core.limits.reasonLength),
    };
    core.deliverToPeers(user, event, false);
    core.nicks.remember(user, event.time);
    core.monitors.offline(user, user.nick, user.folded, event.time);
  }
  core.monitors.clear(user);
  for (const room of user.rooms.values()) core.removeMember(room, user);
  core.nicks.release(user);
}
