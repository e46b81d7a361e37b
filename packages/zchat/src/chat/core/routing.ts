/**
 * Messages: whether one may go where it is sent, and to whom (an audience for `CoreState.emit`). One
 * shared event object goes to every recipient; nothing is copied per recipient.
 */
import type { CoreState } from './state.js';
import type { ChatEvent, MessageKind } from './events.js';
import { rememberMessage } from './redact-ops.js';
import { fail, ok } from './results.js';
import type { Result } from './results.js';
import type { MemberPrivilege, Room } from './rooms.js';
import { takeRoomToken } from './room-rate.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/** Extra routing options for `message`. */
export interface MessageOptions {
  /** IRC STATUSMSG: deliver only to members with this privilege or higher. */
  statusPrefix?: MemberPrivilege | null;
  /** IRCv3 client-only tags to pass through. */
  clientTags?: Readonly<Record<string, string>> | null;
}

/** What `message` did. `away` is the recipient's away message for a private message (IRC 301), else null. */
export interface MessageOutcome {
  readonly event: ChatEvent;
  readonly room: Room | null;
  readonly recipient: ChatUser | null;
  readonly away: string | null;
}

/**
 * Send `text` to a room (name starts with `#`) or a user, remembering its id for redaction; the sender
 * gets its own copy only when `user.echo`. Errors: NotRegistered, NoTextToSend, NoSuchChannel,
 * CannotSendToChan, NoSuchNick.
 */
export function message(core: CoreState, user: ChatUser, target: string, kind: MessageKind, text: string, options?: MessageOptions): Result<MessageOutcome> {
  if (!user.registered) return fail('NotRegistered');
  if (text === '' && kind !== 'action' && kind !== 'tagmsg') return fail('NoTextToSend');
  const body = cleanText(text, core.limits.maxLineBytes);
  const time = core.now();
  if (kind !== 'notice' && kind !== 'tagmsg') user.lastActivity = time;
  const clientTags = options?.clientTags ?? null;
  if (target.charCodeAt(0) === 0x23) {
    const room = core.getRoom(target);
    if (room === undefined) return fail('NoSuchChannel');
    const privileges = room.privileges(user);
    const voiced = privileges !== undefined && privileges.size > 0;
    if (privileges === undefined && room.modes.noExternal) return fail('CannotSendToChan');
    if (!voiced && (room.modes.moderated || room.isBanned(user) || room.isMuted(user))) return fail('CannotSendToChan');
    // +C: a CTCP request or reply (text opening with \x01) is refused; ACTION arrives here as kind 'action'.
    if (room.modes.noCtcp && body.charCodeAt(0) === 1 && (kind === 'privmsg' || kind === 'notice')) return fail('CannotSendToChan');
    if (!takeRoomToken(room, core.limits, core.now())) return fail('RoomBusy');
    const statusPrefix = options?.statusPrefix ?? null;
    const event: ChatEvent = {
      kind: 'message', id: core.nextEventId(time), time, actor: user.actor, messageKind: kind,
      target: room.name, room: room.name, text: body, statusPrefix, clientTags,
    };
    rememberMessage(room.recentMessages, event.id, user.id, core.limits.recentMessages);
    core.emit(event, { to: 'room', room: room.name, except: user.echo ? null : user.id, minPrivilege: statusPrefix });
    return ok({ event, room, recipient: null, away: null });
  }
  const recipient = core.findUser(target);
  if (recipient === undefined || !recipient.registered) return fail('NoSuchNick');
  const event: ChatEvent = {
    kind: 'message', id: core.nextEventId(time), time, actor: user.actor, messageKind: kind,
    target: recipient.nick, room: null, text: body, statusPrefix: null, clientTags,
  };
  rememberMessage(user.sentPrivate, event.id, recipient.id, core.limits.recentMessages);
  core.emit(event, { to: 'users', users: user.echo && recipient !== user ? [recipient.id, user.id] : [recipient.id] });
  return ok({ event, room: null, recipient, away: kind === 'notice' ? null : recipient.away });
}
