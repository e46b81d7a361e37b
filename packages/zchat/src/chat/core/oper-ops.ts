/**
 * Server-operator actions and server-wide notices: OPER's effect, KILL, WALLOPS, and announcements.
 * Checking operator credentials is the protocol's job (password.ts); these only act.
 */
import type { ChatCore } from './core.js';
import type { ChatEvent, UserModeChange } from './events.js';
import { nextEventId } from './events.js';
import { done, fail } from './results.js';
import type { Result } from './results.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/** Mark the user as a server operator (after the protocol checked credentials); a `userMode` event tells it. */
export function grantOper(core: ChatCore, user: ChatUser): UserModeChange | null {
  if (user.flags.has('oper')) return null;
  user.flags.add('oper');
  core.counts.onFlagChanged(user, 'oper', true);
  const change: UserModeChange = { flag: 'oper', set: true };
  user.sink.deliver({ kind: 'userMode', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, target: user.nick, changes: [change] });
  return change;
}

/**
 * An oper disconnects `targetNick`: the target gets a `kill` event (its gateway closes it), then quits
 * with "Killed (<oper> (<reason>))". Errors: NoPrivileges, NoSuchNick.
 */
export function kill(core: ChatCore, user: ChatUser, targetNick: string, reason: string): Result {
  if (!user.flags.has('oper')) return fail('NoPrivileges');
  const target = core.findUser(targetNick);
  if (target === undefined) return fail('NoSuchNick');
  const why = cleanText(reason, core.limits.reasonLength);
  target.sink.deliver({ kind: 'kill', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, target: target.nick, reason: why });
  core.quit(target, `Killed (${user.nick} (${why}))`);
  return done();
}

/** An oper's WALLOPS to every user with the wallops flag. Errors: NoPrivileges, NoTextToSend. */
export function wallops(core: ChatCore, user: ChatUser, text: string): Result {
  if (!user.flags.has('oper')) return fail('NoPrivileges');
  if (text === '') return fail('NoTextToSend');
  const event: ChatEvent = { kind: 'wallops', id: nextEventId(), time: core.now(), actor: user.actor, wire: null, text: cleanText(text, core.limits.maxLineBytes) };
  for (const u of core.users()) if (u.registered && u.flags.has('wallops')) u.sink.deliver(event);
  return done();
}

/** A `system` event from the server to every registered user (e.g. "Server is shutting down"). */
export function announce(core: ChatCore, text: string): ChatEvent {
  const event: ChatEvent = { kind: 'system', id: nextEventId(), time: core.now(), actor: core.serverActor, wire: null, text: cleanText(text, core.limits.maxLineBytes) };
  for (const u of core.users()) if (u.registered) u.sink.deliver(event);
  return event;
}
