/**
 * Message redaction (IRCv3 draft/message-redaction): the core remembers who sent each recent message id,
 * per room and per sender's private messages, at most `limits.recentMessages` each (the oldest is
 * forgotten first), so a REDACT can be checked: a sender may redact its own messages, a room op any
 * message in its room. Nothing else is kept: the text is gone once delivered.
 */
import type { CoreState } from './state.js';
import type { ChatEvent } from './events.js';
import type { ChatError } from './results.js';
import { cleanText } from './text.js';
import type { ChatUser } from './users.js';

/**
 * Record `id` -> `value` in `record`, forgetting the oldest entry when `limit` would be passed.
 * Insertion order is age order, so the first key is the oldest. Never throws.
 */
export function rememberMessage<V>(record: Map<string, V>, id: string, value: V, limit: number): void {
  if (record.size >= limit) {
    const oldest = record.keys().next();
    if (oldest.done !== true) record.delete(oldest.value);
  }
  record.set(id, value);
}

/** Why a redaction was refused beyond the usual errors: an id not (or no longer) known, or not the user's to redact. */
export type RedactFailure = 'UnknownMsgid' | 'RedactForbidden';

/** What `redact` returns: the event delivered, or why not. */
export type RedactResult = { ok: true; value: { event: ChatEvent } } | { ok: false; error: ChatError | RedactFailure };

/**
 * Redact message `msgid` sent to `target` (a room name, or the nick of the other side of a private
 * conversation). A `redact` event goes to every member of the room, or to both sides of the private
 * conversation; the id is forgotten, so it cannot be redacted twice. Errors: NotRegistered,
 * NoSuchChannel, NotOnChannel, NoSuchNick, UnknownMsgid (never sent there, or older than the last
 * `limits.recentMessages`), RedactForbidden (someone else's message, and not a room op; in private only
 * the sender may).
 */
export function redact(core: CoreState, user: ChatUser, target: string, msgid: string, reason?: string | null): RedactResult {
  if (!user.registered) return { ok: false, error: 'NotRegistered' };
  const why = reason ? cleanText(reason, core.limits.reasonLength) : null;
  const time = core.now();
  const base = { id: core.nextEventId(time), time, actor: user.actor, msgid, reason: why };
  if (target.charCodeAt(0) === 0x23) {
    const room = core.getRoom(target);
    if (room === undefined) return { ok: false, error: 'NoSuchChannel' };
    if (!room.has(user)) return { ok: false, error: 'NotOnChannel' };
    const sender = room.recentMessages.get(msgid);
    if (sender === undefined) return { ok: false, error: 'UnknownMsgid' };
    if (sender !== user.id && !room.isOp(user)) return { ok: false, error: 'RedactForbidden' };
    room.recentMessages.delete(msgid);
    const event: ChatEvent = { kind: 'redact', ...base, target: room.name, room: room.name };
    core.emit(event, { to: 'room', room: room.name, except: null, minPrivilege: null });
    return { ok: true, value: { event } };
  }
  const other = core.findUser(target);
  if (other === undefined || !other.registered) return { ok: false, error: 'NoSuchNick' };
  if (user.sentPrivate.get(msgid) !== other.id) {
    return { ok: false, error: other.sentPrivate.get(msgid) === user.id ? 'RedactForbidden' : 'UnknownMsgid' };
  }
  user.sentPrivate.delete(msgid);
  const event: ChatEvent = { kind: 'redact', ...base, target: other.nick, room: null };
  core.emit(event, { to: 'users', users: other !== user ? [other.id, user.id] : [other.id] });
  return { ok: true, value: { event } };
}
