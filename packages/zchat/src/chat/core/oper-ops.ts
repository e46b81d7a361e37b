/**
 * Server-operator actions and server-wide notices: OPER's effect, KILL, WALLOPS, and announcements.
 * Checking operator credentials is the protocol's job (password.ts); these only act.
 */
import type { CoreState } from './state.js';
import type { ChatEvent, UserModeChange } from './events.js';
import { done, fail } from './results.js';
import type { Result } from './results.js';
import { cleanText } from './text.js';
import { quit } from './user-ops.js';
import type { ChatUser } from './users.js';

/** Mark the user as a server operator (after the protocol checked credentials); a `userMode` event tells it. */
export function grantOper(core: CoreState, user: ChatUser): UserModeChange | null {
  if (user.flags.has('oper')) return null;
  user.flags.add('oper');
  core.counts.onFlagChanged(user, 'oper', true);
  const change: UserModeChange = { flag: 'oper', set: true };
  const time = core.now();
  core.emit({ kind: 'userMode', id: core.nextEventId(time), time, actor: user.actor, target: user.nick, changes: [change] }, { to: 'users', users: [user.id] });
  return change;
}

/**
 * An oper disconnects `targetNick`: the target gets a `kill` event (its gateway closes it), then quits
 * with "Killed (<oper> (<reason>))". Errors: NoPrivileges, NoSuchNick.
 */
export function kill(core: CoreState, user: ChatUser, targetNick: string, reason: string): Result {
  if (!user.flags.has('oper')) return fail('NoPrivileges');
  const target = core.findUser(targetNick);
  if (target === undefined) return fail('NoSuchNick');
  const why = cleanText(reason, core.limits.reasonLength);
  const time = core.now();
  core.emit({ kind: 'kill', id: core.nextEventId(time), time, actor: user.actor, target: target.nick, reason: why }, { to: 'users', users: [target.id] });
  quit(core, target, `Killed (${user.nick} (${why}))`);
  return done();
}

/** An oper's WALLOPS to every user with the wallops flag. Errors: NoPrivileges, NoTextToSend. */
export function wallops(core: CoreState, user: ChatUser, text: string): Result {
  if (!user.flags.has('oper')) return fail('NoPrivileges');
  if (text === '') return fail('NoTextToSend');
  const time = core.now();
  const event: ChatEvent = { kind: 'wallops', id: core.nextEventId(time), time, actor: user.actor, text: cleanText(text, core.limits.maxLineBytes) };
  core.emit(event, { to: 'flagged', flag: 'wallops' });
  return done();
}

/** A `system` event from the server to every registered user (e.g. "Server is shutting down"). */
export function announce(core: CoreState, text: string): ChatEvent {
  const time = core.now();
  const event: ChatEvent = { kind: 'system', id: core.nextEventId(time), time, actor: core.serverActor, text: cleanText(text, core.limits.maxLineBytes) };
  core.emit(event, { to: 'registered' });
  return event;
}
