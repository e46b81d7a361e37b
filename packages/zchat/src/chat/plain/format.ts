/**
 * The plain-text protocol's output side, pure: core events and command replies to text lines. Output
 * never contains control characters other than tab, except the ANSI colour sequences a user asked for
 * with `/color on`. Lines are encoded with CRLF by `encodeLine`.
 */
import type { ChatEvent, MessageEvent } from '../core/events.js';
import type { ChatError } from '../core/results.js';
import type { MemberPrivilege } from '../core/rooms.js';
import { describeModeChanges } from './mode-words.js';
import { stripControls } from './parse.js';

/** How one recipient sees an event; every combination is one cached wire variant. */
export interface PlainView {
  /** ANSI colours on (`/color on`). */
  readonly color: boolean;
  /** Prefix room events with `[#room]` (the event is not in the recipient's current room). */
  readonly showRoom: boolean;
  /** The recipient is the sender of this private message (its echo). */
  readonly outgoing: boolean;
}

/** The 8 views, indexed by `viewIndex`, and their wire-cache keys. */
export const plainViews: readonly PlainView[] = Array.from({ length: 8 }, (_, i) => Object.freeze({ color: (i & 1) !== 0, showRoom: (i & 2) !== 0, outgoing: (i & 4) !== 0 }));
export const plainViewKeys: readonly string[] = plainViews.map((_, i) => `plain${i}`);

/** Index of a view in `plainViews`. */
export function viewIndex(color: boolean, showRoom: boolean, outgoing: boolean): number {
  return (color ? 1 : 0) | (showRoom ? 2 : 0) | (outgoing ? 4 : 0);
}

const encoder = new TextEncoder();

/** `text` + CRLF as UTF-8 bytes. */
export function encodeLine(text: string): Uint8Array {
  return encoder.encode(`${text}\r\n`);
}

const RESET = '\x1b[0m';
const NAME_COLORS = ['\x1b[1;31m', '\x1b[1;32m', '\x1b[1;33m', '\x1b[1;34m', '\x1b[1;35m', '\x1b[1;36m'];
const NOTICE_COLOR = '\x1b[33m';
const INFO_COLOR = '\x1b[2m';

/** A nick, coloured by a stable hash of its name when `color` is on. */
export function showName(nick: string, color: boolean): string {
  if (!color) return nick;
  let h = 0;
  for (let i = 0; i < nick.length; i++) h = (h * 31 + nick.toLowerCase().charCodeAt(i)) >>> 0;
  return `${NAME_COLORS[h % NAME_COLORS.length]}${nick}${RESET}`;
}

/** A server/notice line, dimmed or yellow when `color` is on. */
function tint(text: string, color: boolean, code = INFO_COLOR): string {
  return color ? `${code}${text}${RESET}` : text;
}

const PRIVILEGE_SIGIL: Record<MemberPrivilege, string> = { op: '@', voice: '+' };

/** `@` for op, `+` for voice (highest only), '' otherwise. */
export function sigil(privileges: ReadonlySet<MemberPrivilege> | undefined): string {
  if (privileges === undefined) return '';
  if (privileges.has('op')) return PRIVILEGE_SIGIL.op;
  if (privileges.has('voice')) return PRIVILEGE_SIGIL.voice;
  return '';
}

function reason(text: string | null): string {
  return text ? ` (${stripControls(text)})` : '';
}

function formatMessage(e: MessageEvent, v: PlainView): string {
  const name = showName(e.actor.nick, v.color);
  const text = stripControls(e.text);
  if (e.room === null) {
    const tag = v.outgoing ? `[to ${e.target}]` : e.messageKind === 'notice' ? '[private notice]' : '[private]';
    if (e.messageKind === 'action') return `${tag} * ${name} ${text}`;
    return `${v.outgoing || e.messageKind !== 'notice' ? tag : tint(tag, v.color, NOTICE_COLOR)} ${name}: ${text}`;
  }
  const where = v.showRoom ? `[${e.room}] ` : '';
  if (e.messageKind === 'action') return `${where}* ${name} ${text}`;
  if (e.messageKind === 'notice') return `${where}${tint('[notice]', v.color, NOTICE_COLOR)} ${name}: ${text}`;
  return `${where}${name}: ${text}`;
}

/**
 * One event as the line a plain-text user sees, or null for events the plain protocol does not show
 * (away changes, real-name changes, user modes, invitations meant for someone else's ops).
 */
export function formatEvent(e: ChatEvent, v: PlainView): string | null {
  const who = showName(e.actor.nick, v.color);
  const where = v.showRoom && 'room' in e && e.room !== null ? `[${e.room}] ` : '';
  switch (e.kind) {
    case 'message': return formatMessage(e, v);
    case 'join': return tint(`${where}${e.actor.nick} has joined.`, v.color);
    case 'part': return tint(`${where}${e.actor.nick} has left${reason(e.reason)}.`, v.color);
    case 'quit': return tint(`${e.actor.nick} has left${reason(e.reason)}.`, v.color);
    case 'nick': return tint(`${e.actor.nick} is now known as ${e.newNick}.`, v.color);
    case 'topic':
      return tint(e.topic === null ? `${where}${e.actor.nick} cleared the topic of ${e.room}.` : `${where}${e.actor.nick} set the topic of ${e.room}: ${stripControls(e.topic)}`, v.color);
    case 'kick': return tint(`${where}${e.target} was kicked from ${e.room} by ${e.actor.nick}${reason(e.reason)}.`, v.color);
    case 'redact':
      return tint(e.room === null ? `[private] ${e.actor.nick} removed a message${reason(e.reason)}.` : `${where}${e.actor.nick} removed a message${reason(e.reason)}.`, v.color);
    case 'rename': return tint(`${where}${e.oldRoom} is now ${e.room}${reason(e.reason)}.`, v.color);
    case 'mode': return tint(`${where}${e.actor.nick} changed ${e.room}: ${describeModeChanges(e.changes)}.`, v.color);
    case 'invite': return tint(`${who} invites you to ${e.room} (type /join ${e.room}).`, v.color, NOTICE_COLOR);
    case 'kill': return tint(`You were disconnected by ${e.actor.nick}${reason(e.reason)}.`, v.color, NOTICE_COLOR);
    case 'wallops': return `${tint('[wallops]', v.color, NOTICE_COLOR)} ${who}: ${stripControls(e.text)}`;
    case 'system': return tint(`*** ${stripControls(e.text)}`, v.color, NOTICE_COLOR);
    case 'monitor': return tint(`*** ${e.online ? e.actor.nick : e.nick} is ${e.online ? 'online' : 'offline'}.`, v.color, NOTICE_COLOR);
    case 'away': case 'setname': case 'userMode': case 'watched': case 'account': return null;
  }
}

/** The bytes of `event` in cache key `variant` (one of `plainViewKeys`); empty when not shown. */
export function serializePlain(event: ChatEvent, variant: string): Uint8Array {
  const view = plainViews[Number(variant.slice(5))] ?? plainViews[0]!;
  const text = formatEvent(event, view);
  return text === null ? EMPTY : encodeLine(text);
}
const EMPTY = new Uint8Array(0);

/** Why a core operation failed, in words. `subject` is the nick or room it was about. */
export function errorText(error: ChatError, subject = ''): string {
  switch (error) {
    case 'NoSuchNick': return `No such user: ${subject}.`;
    case 'NoSuchChannel': return `No such room: ${subject}. Room names start with # and have no spaces or commas.`;
    case 'CannotSendToChan': return `You cannot talk in ${subject} (moderated, banned, or not a member).`;
    case 'RoomBusy': return `${subject} is busy (too many messages at once); yours was not sent. Try again in a moment.`;
    case 'TooManyChannels': return 'You are in too many rooms; /part one first.';
    case 'WasNoSuchNick': return `Nobody was called ${subject}.`;
    case 'NoTextToSend': return 'Nothing to send.';
    case 'NoNicknameGiven': return 'Give a name.';
    case 'ErroneousNick': return `"${subject}" is not a valid name.`;
    case 'NickInUse': return `The name ${subject} is taken.`;
    case 'UserNotInChannel': return `${subject} is not in that room.`;
    case 'NotOnChannel': return `You are not in ${subject}.`;
    case 'AlreadyOnChannel': return `Already in ${subject}.`;
    case 'NotRegistered': return 'Choose a name first.';
    case 'NeedMoreParams': return 'Missing parameter.';
    case 'AlreadyRegistered': return 'You already have a name; use /nick to change it.';
    case 'KeySet': return `${subject} already has a key.`;
    case 'ChannelIsFull': return `${subject} is full.`;
    case 'InviteOnly': return `${subject} is invite-only.`;
    case 'Banned': return `You are banned from ${subject}.`;
    case 'BadChannelKey': return `${subject} needs the right key: /join ${subject} <key>.`;
    case 'BanListFull': return `The ban list of ${subject} is full.`;
    case 'NoPrivileges': return 'Only server operators may do that.';
    case 'ChanOpPrivsNeeded': return `You need to be an operator of ${subject}.`;
    case 'UsersDontMatch': return 'You can only change your own modes.';
    case 'InvalidModeParam': return 'Invalid parameter.';
  }
}

/** Why a name is refused at the prompt or by /nick, `maxLength` being limits.nickLength. */
export function nameRules(maxLength: number): string {
  return `Names are 1-${maxLength} letters, digits or -_[]{}\\|^\` and cannot start with a digit or -.`;
}

/** "In #room (n): @op, +voiced, name". */
export function formatMembers(room: string, members: readonly { nick: string; privileges: ReadonlySet<MemberPrivilege> }[]): string {
  return `In ${room} (${members.length}): ${members.map((m) => sigil(m.privileges) + m.nick).join(', ')}`;
}

/** "Topic of #room: text" or "#room has no topic.". */
export function formatTopic(room: string, topic: string | null): string {
  return topic === null ? `${room} has no topic.` : `Topic of ${room}: ${stripControls(topic)}`;
}

/** One /rooms line. */
export function formatRoomLine(room: string, members: number, topic: string | null, current: boolean): string {
  return `${current ? '*' : ' '} ${room} (${members})${topic ? ` - ${stripControls(topic)}` : ''}`;
}
