/**
 * Routing: whether a message may go where it is sent, and who receives an event. One shared event object
 * goes to every recipient's sink; nothing is copied per recipient.
 */
import type { ChatCore } from './core.js';
import type { ChatEvent, MessageKind } from './events.js';
import { nextEventId } from './events.js';
import { rememberMessage } from './redact-ops.js';
import { fail, ok } from './results.js';
import type { Result } from './results.js';
import type { MemberPrivilege, Room } from './rooms.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

const PRIVILEGE_RANK: Record<MemberPrivilege, number> = { op: 2, voice: 1 };

/**
 * Deliver `event` to every member of `room` except `skip`; with `minPrivilege`, only to members holding
 * that privilege or a higher one (IRC STATUSMSG).
 */
export function deliverToRoom(room: Room, event: ChatEvent, skip: ChatUser | null, minPrivilege: MemberPrivilege | null): void {
  if (minPrivilege === null) {
    for (const member of room.members.keys()) if (member !== skip) member.sink.deliver(event);
    return;
  }
  const need = PRIVILEGE_RANK[minPrivilege];
  for (const [member, privileges] of room.members) {
    if (member === skip) continue;
    let rank = 0;
    for (const p of privileges) rank = Math.max(rank, PRIVILEGE_RANK[p]);
    if (rank >= need) member.sink.deliver(event);
  }
}

/**
 * Deliver `event` once to each user sharing a room with `user` (deduplicated across rooms), and to `user`
 * itself when `includeSelf`.
 */
export function deliverToPeers(user: ChatUser, event: ChatEvent, includeSelf: boolean): void {
  if (includeSelf) user.sink.deliver(event);
  if (user.rooms.size === 1) {
    for (const room of user.rooms.values()) deliverToRoom(room, event, user, null);
    return;
  }
  const seen = new Set<ChatUser>([user]);
  for (const room of user.rooms.values()) {
    for (const member of room.members.keys()) {
      if (seen.has(member)) continue;
      seen.add(member);
      member.sink.deliver(event);
    }
  }
}

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
export function message(core: ChatCore, user: ChatUser, target: string, kind: MessageKind, text: string, options?: MessageOptions): Result<MessageOutcome> {
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
    const statusPrefix = options?.statusPrefix ?? null;
    const event: ChatEvent = {
      kind: 'message', id: nextEventId(), time, actor: user.actor, wire: null, messageKind: kind,
      target: room.name, room: room.name, text: body, statusPrefix, clientTags,
    };
    rememberMessage(room.recentMessages, event.id, user.id, core.limits.recentMessages);
    deliverToRoom(room, event, user.echo ? null : user, statusPrefix);
    return ok({ event, room, recipient: null, away: null });
  }
  const recipient = core.findUser(target);
  if (recipient === undefined || !recipient.registered) return fail('NoSuchNick');
  const event: ChatEvent = {
    kind: 'message', id: nextEventId(), time, actor: user.actor, wire: null, messageKind: kind,
    target: recipient.nick, room: null, text: body, statusPrefix: null, clientTags,
  };
  rememberMessage(user.sentPrivate, event.id, recipient.id, core.limits.recentMessages);
  recipient.sink.deliver(event);
  if (user.echo && recipient !== user) user.sink.deliver(event);
  return ok({ event, room: null, recipient, away: kind === 'notice' ? null : recipient.away });
}
