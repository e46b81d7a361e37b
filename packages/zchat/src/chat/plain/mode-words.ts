/**
 * Room mode changes in words for plain-text users, pure. Plain text has no MODE command, so its users are
 * not expected to know IRC's letters (or the core's mode names): each change reads as what it now means.
 */
import type { RoomMode, RoomModeChange } from '../core/rooms.js';
import { stripControls } from './parse.js';

/** What setting and what clearing a mode means; `p` is the change's parameter (a nick, mask or number). */
type Words = readonly [set: (p: string) => string, unset: (p: string) => string];

// A key's value is never shown: members on IRC can ask for it, everyone else must not learn it here.
const WORDS: Readonly<Record<RoomMode, Words>> = {
  op: [(p) => `${p} is now an operator`, (p) => `${p} is no longer an operator`],
  voice: [(p) => `${p} is now voiced`, (p) => `${p} is no longer voiced`],
  ban: [(p) => `${p} is banned`, (p) => `${p} is no longer banned`],
  except: [(p) => `${p} is exempt from bans`, (p) => `${p} is no longer exempt from bans`],
  invex: [(p) => `${p} may join without an invitation`, (p) => `${p} may no longer join without an invitation`],
  key: [() => 'joining needs a key', () => 'joining needs no key'],
  limit: [(p) => `at most ${p} members may be in it`, () => 'the member limit is removed'],
  inviteOnly: [() => 'joining needs an invitation', () => 'joining needs no invitation'],
  moderated: [() => 'only operators and voiced members may talk', () => 'every member may talk'],
  noExternal: [() => 'only members may send to it', () => 'non-members may send to it'],
  topicLocked: [() => 'only operators may set the topic', () => 'any member may set the topic'],
  secret: [() => 'it is secret (hidden from non-members)', () => 'it is no longer secret'],
  noCtcp: [() => 'IRC CTCP requests other than /me are refused', () => 'IRC CTCP requests are allowed'],
};

/** One change in words, e.g. `pat is now an operator`. Parameters lose control characters; keys are never shown. */
export function describeModeChange(c: RoomModeChange): string {
  const [set, unset] = WORDS[c.mode];
  return (c.set ? set : unset)(stripControls(c.param ?? ''));
}

/** The changes of one mode event as one clause list: `pat is now an operator; joining needs a key`. */
export function describeModeChanges(changes: readonly RoomModeChange[]): string {
  return changes.map(describeModeChange).join('; ');
}
