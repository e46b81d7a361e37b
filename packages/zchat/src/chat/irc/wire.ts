/**
 * Core events as IRC lines. One event is serialized once per wire variant and the bytes are shared by
 * every IRC recipient with the same tag-related caps (`wireFor` caches them on the event), so a fan-out
 * to 1,000 members formats once. msgid comes from the event id, `time` from the event time.
 */
import type { ChatEvent, MessageEvent, UserModeChange } from '../core/events.js';
import type { MemberPrivilege, RoomMode, RoomModeChange } from '../core/rooms.js';
import type { Actor, UserFlag } from '../core/users.js';
import type { CapName } from './caps.js';
import { formatLine } from './message.js';
import { formatModeChanges } from './modes.js';
import type { ModeChange } from './modes.js';

/** Caps that change how an event is written; a session's variant is the OR of the bits it enabled. */
export const wireBits = Object.freeze({
  'message-tags': 1,
  'server-time': 2,
  'account-tag': 4,
  'extended-join': 8,
} as const satisfies Partial<Record<CapName, number>>);

const BIT_TAGS = 1;
const BIT_TIME = 2;
const BIT_ACCOUNT = 4;
const BIT_EXTJOIN = 8;

/** `wireFor` variant keys, indexed by the bit set: 'irc:0' .. 'irc:15'. */
export const wireVariants: readonly string[] = Object.freeze(Array.from({ length: 16 }, (_, i) => `irc:${i}`));

/** The variant key for a set of enabled caps. */
export function variantFor(caps: ReadonlySet<string>): string {
  let bits = 0;
  for (const [name, bit] of Object.entries(wireBits)) if (caps.has(name)) bits |= bit;
  return wireVariants[bits]!;
}

/** Room mode name -> IRC letter (modes.ts holds the letters' definitions). */
export const roomModeLetter: Readonly<Record<RoomMode, string>> = Object.freeze({
  op: 'o', voice: 'v', ban: 'b', except: 'e', invex: 'I', key: 'k', limit: 'l',
  inviteOnly: 'i', moderated: 'm', noExternal: 'n', secret: 's', topicLocked: 't', noCtcp: 'C',
});

/** User flag -> IRC user mode letter. */
export const userFlagLetter: Readonly<Record<UserFlag, string>> = Object.freeze({
  invisible: 'i', oper: 'o', wallops: 'w', bot: 'B',
});

/** Member privilege -> status prefix character (PREFIX=(ov)@+). */
export const privilegePrefix: Readonly<Record<MemberPrivilege, string>> = Object.freeze({ op: '@', voice: '+' });

/** Room mode changes as MODE parameter lines (`['+o-b', 'nick', 'mask']`, ...). */
export function roomModeLines(changes: readonly RoomModeChange[]): string[][] {
  const mapped: ModeChange[] = changes.map((c) => {
    const m: ModeChange = { add: c.set, mode: roomModeLetter[c.mode] };
    if (c.param !== undefined && (c.set || c.mode !== 'limit')) m.arg = c.param;
    return m;
  });
  return formatModeChanges(mapped);
}

/** User mode changes as one mode string (`+iw-o`). */
export function userModeString(changes: readonly UserModeChange[]): string {
  return formatModeChanges(changes.map((c) => ({ add: c.set, mode: userFlagLetter[c.flag] })))[0]?.[0] ?? '';
}

const CTCP = '\x01';

function tagsOf(e: ChatEvent, bits: number): Record<string, string> | undefined {
  if ((bits & (BIT_TAGS | BIT_TIME | BIT_ACCOUNT)) === 0) return undefined;
  const tags: Record<string, string> = {};
  let any = false;
  if (bits & BIT_TIME) {
    tags['time'] = new Date(e.time).toISOString();
    any = true;
  }
  if (bits & BIT_TAGS) {
    tags['msgid'] = e.id;
    any = true;
    if (e.kind === 'message' && e.clientTags !== null) for (const [k, v] of Object.entries(e.clientTags)) tags[k] = v;
  }
  if (bits & BIT_ACCOUNT && e.actor.account !== null && !e.actor.isServer) {
    tags['account'] = e.actor.account;
    any = true;
  }
  return any ? tags : undefined;
}

function messageLine(e: MessageEvent, tags: Record<string, string> | undefined): string {
  const target = e.statusPrefix !== null ? privilegePrefix[e.statusPrefix] + e.target : e.target;
  const src = e.actor.mask;
  switch (e.messageKind) {
    case 'privmsg': return formatLine(src, 'PRIVMSG', [target, e.text], tags, true);
    case 'notice': return formatLine(src, 'NOTICE', [target, e.text], tags, true);
    case 'action': return formatLine(src, 'PRIVMSG', [target, `${CTCP}ACTION ${e.text}${CTCP}`], tags, true);
    case 'tagmsg': return formatLine(src, 'TAGMSG', [target], tags);
  }
}

/** `:<actor> JOIN <room>`, or with extended-join `:<actor> JOIN <room> <account|*> :<realname>`. Pure. */
export function joinLine(actor: Actor, room: string, extended: boolean, tags?: Record<string, string>): string {
  if (extended) return formatLine(actor.mask, 'JOIN', [room, actor.account ?? '*', actor.realname], tags, true);
  return formatLine(actor.mask, 'JOIN', [room], tags);
}

/** The IRC lines (no CRLF) for `e` under variant `bits`. Pure. */
export function eventLines(e: ChatEvent, bits: number): string[] {
  const tags = tagsOf(e, bits);
  const src = e.actor.mask;
  switch (e.kind) {
    case 'message': return [messageLine(e, tags)];
    case 'join': return [joinLine(e.actor, e.room, (bits & BIT_EXTJOIN) !== 0, tags)];
    case 'part': return [formatLine(src, 'PART', e.reason === null ? [e.room] : [e.room, e.reason], tags)];
    case 'quit': return [formatLine(src, 'QUIT', [e.reason], tags, true)];
    case 'nick': return [formatLine(src, 'NICK', [e.newNick], tags)];
    case 'topic': return [formatLine(src, 'TOPIC', [e.room, e.topic ?? ''], tags, true)];
    // RFC 2812 3.2.8: without a comment, the default is the nick of the user who kicked.
    case 'kick': return [formatLine(src, 'KICK', [e.room, e.target, e.reason ?? e.actor.nick], tags, true)];
    // draft/channel-rename: the reason is always sent, '' when none. Clients without the cap get the
    // PART/JOIN fallback written per session instead (handlers/rename.ts).
    case 'redact': return [formatLine(src, 'REDACT', e.reason === null ? [e.target, e.msgid] : [e.target, e.msgid, e.reason], tags, e.reason !== null)];
    case 'rename': return [formatLine(src, 'RENAME', [e.oldRoom, e.room, e.reason ?? ''], tags, true)];
    case 'mode': return roomModeLines(e.changes).map((params) => formatLine(src, 'MODE', [e.room, ...params], tags));
    case 'userMode': return [formatLine(src, 'MODE', [e.target, userModeString(e.changes)], tags)];
    case 'away': return [formatLine(src, 'AWAY', e.away === null ? [] : [e.away], tags, e.away !== null)];
    case 'invite': return [formatLine(src, 'INVITE', [e.target, e.room], tags)];
    case 'setname': return [formatLine(src, 'SETNAME', [e.realname], tags, true)];
    case 'kill': return [formatLine(src, 'KILL', [e.target, e.reason], tags, true)];
    case 'wallops': return [formatLine(src, 'WALLOPS', [e.text], tags, true)];
    case 'system': return [formatLine(e.actor.nick, 'NOTICE', ['*', e.text], tags, true)];
    // 730/731 name their recipient, so sessions write them (handlers/monitor.ts): nothing shared here.
    case 'monitor': return [];
    // account-notify is not offered: a login shows as 900 to the user only (registration.ts).
    case 'account': return [];
    case 'watched': return eventLines(e.update, bits);
  }
}

/**
 * `wireFor` serializer: the event's lines under `variant` (a `wireVariants` key), CRLF-terminated, as one
 * byte array. A module function, so no closure is made per recipient. The array is a Buffer: node's socket
 * write takes a Buffer as it is, but wraps any other Uint8Array in a new Buffer on every write, which for
 * a shared event means once per recipient.
 */
export function serializeEvent(e: ChatEvent, variant: string): Uint8Array {
  const bits = Number(variant.slice(4));
  const lines = eventLines(e, bits);
  if (lines.length === 0) return Buffer.alloc(0);
  return Buffer.from(lines.length === 1 ? lines[0] + '\r\n' : lines.join('\r\n') + '\r\n', 'utf8');
}
