/**
 * RENAME (IRCv3 draft/channel-rename): an op renames a channel; the core keeps its state and tells every
 * member. Sessions with the cap get the shared `RENAME old new :reason` line (wire.ts); the others get the
 * spec's fallback, written here per session: PART of the old name, JOIN of the new one, then the topic
 * and NAMES replies (and MARKREAD) a JOIN would bring. A change of case only needs no fallback.
 */
import { casefold } from '../../core/casemap.js';
import type { RenameEvent } from '../../core/events.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import { formatLine } from '../message.js';
import type { CommandResult, IrcContext } from '../context.js';
import { joinLine } from '../wire.js';
import { sendJoinReplies } from './channels.js';

/** RENAME <channel> <new channel> [<reason>] */
export function rename(s: IrcContext, msg: IrcMessage): CommandResult {
  const [oldName, newName] = [msg.params[0]!, msg.params[1]!];
  const r = s.core.renameRoom(s.user, oldName, newName, msg.params[2] ?? null);
  if (r.ok) return 'done';
  switch (r.error) {
    case 'RoomNameInUse':
      s.fail('RENAME', 'CHANNEL_NAME_IN_USE', 'The channel name is already taken', oldName, newName);
      break;
    case 'CannotRename':
      s.fail('RENAME', 'CANNOT_RENAME', 'The new name is not a valid channel name', oldName, newName);
      break;
    default:
      sendError(s, r.error, oldName);
  }
  return 'done';
}

/**
 * The fallback for a session without the cap: `:<self> PART <old> [:<reason>]`, `:<self> JOIN <new>`
 * (extended-join form when enabled), then 332/333 and 353/366 for the new name. Nothing for a change of
 * case only, as the spec asks. The lines name this session's user, so they are not shared or cached.
 */
export function sendRenameFallback(s: IrcContext, e: RenameEvent): void {
  if (casefold(e.oldRoom) === casefold(e.room)) return;
  const room = s.core.getRoom(e.room);
  const self = s.user.actor;
  s.send(formatLine(self.mask, 'PART', e.reason === null ? [e.oldRoom] : [e.oldRoom, e.reason]));
  s.send(joinLine(self, e.room, s.caps.has('extended-join')));
  // The room may have been renamed again or emptied before this delivery: then only PART/JOIN are true.
  // The read marker followed the room, so the replies are those of a JOIN.
  if (room !== undefined && room.has(s.user)) sendJoinReplies(s, room);
}
