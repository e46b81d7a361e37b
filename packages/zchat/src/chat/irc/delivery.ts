/**
 * How core events become IRC output for one session: ONE table, a row per event kind, saying which
 * capabilities the kind needs and what it writes. Most rows send the event's shared bytes (serialized
 * once per wire variant into the emission's `WireCache`); a few write something of their own (MONITOR
 * numerics name their recipient, the RENAME fallback for clients without the cap). A new event kind does
 * not compile until it has a row here.
 */
import type { ChatEvent, ChatEventKind, WireCache } from '../core/events.js';
import { wireFor } from '../core/events.js';
import type { CapName } from './caps.js';
import type { IrcContext } from './context.js';
import { monitorEventLine } from './handlers/monitor.js';
import { sendRenameFallback } from './handlers/rename.js';
import { formatLine } from './message.js';
import { serializeEvent } from './wire.js';

/** The session as delivery writes to it. */
export interface DeliveryTarget extends IrcContext {
  /** The wire variant of this session's caps (wire.ts `variantFor`). */
  readonly variant: string;
  /** Queue the bytes of a delivered event: into the labeled response being built, or after pending text. */
  queueEvent(bytes: Uint8Array): void;
  /** Queue whole CRLF lines after everything already queued, outside any labeled response. */
  queueAfter(bytes: Uint8Array): void;
  /** The user was killed: end the session with `text` after this tick's output. */
  killed(text: string): void;
}

type Row<K extends ChatEventKind> = (s: DeliveryTarget, event: Extract<ChatEvent, { kind: K }>, wire: WireCache) => void;

/**
 * Bytes for the send queue: a Buffer, because node's socket write wraps any other Uint8Array in a new
 * Buffer on every write.
 */
export function wireBytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The event's shared bytes for this session's variant. */
function send(s: DeliveryTarget, event: ChatEvent, wire: WireCache): void {
  s.queueEvent(wireFor(event, wire, s.variant, serializeEvent));
}

/** A row that sends the event only to sessions with `cap`. */
function needs<K extends ChatEventKind>(cap: CapName): Row<K> {
  return (s, event, wire) => {
    if (s.caps.has(cap)) send(s, event, wire);
  };
}

/** Every event kind: what this session gets of it. */
const rows: { readonly [K in ChatEventKind]: Row<K> } = {
  message: (s, e, wire) => {
    // TAGMSG carries only tags: nothing to show without message-tags.
    if (e.messageKind !== 'tagmsg' || s.caps.has('message-tags')) send(s, e, wire);
  },
  join: (s, e, wire) => {
    send(s, e, wire);
    // away-notify: someone already away joins; say so right after the JOIN (ircv3 away-notify).
    if (e.actor.id === s.user.id || !s.caps.has('away-notify')) return;
    const joiner = s.core.findUser(e.actor.nick);
    if (joiner !== undefined && joiner.away !== null) s.queueAfter(wireBytes(formatLine(e.actor.mask, 'AWAY', [joiner.away], undefined, true) + '\r\n'));
  },
  part: send,
  quit: send,
  nick: send,
  topic: send,
  kick: send,
  mode: send,
  userMode: send,
  away: needs('away-notify'),
  invite: (s, e, wire) => {
    // The invited user always hears of it; other ops only with invite-notify.
    if (e.target === s.user.nick || s.caps.has('invite-notify')) send(s, e, wire);
  },
  setname: needs('setname'),
  kill: (s, e, wire) => {
    // The core quits the user right after this; the session closes after the KILL line.
    s.killed(`Killed (${e.actor.nick} (${e.reason}))`);
    send(s, e, wire);
  },
  wallops: send,
  system: send,
  // 730/731 name their recipient: written for this session, not shared.
  monitor: (s, e) => s.queueEvent(wireBytes(monitorEventLine(s.config.serverName, s.user.nick, e))),
  watched: (s, e, wire) => {
    // extended-monitor: a watched user's AWAY/SETNAME, for watchers with the cap that shows it to peers.
    if (s.caps.has('extended-monitor') && s.caps.has(e.update.kind === 'away' ? 'away-notify' : 'setname')) {
      s.queueEvent(wireFor(e.update, wire, s.variant, serializeEvent));
    }
  },
  rename: (s, e, wire) => {
    if (s.caps.has('draft/channel-rename')) send(s, e, wire);
    else sendRenameFallback(s, e);
  },
  redact: needs('draft/message-redaction'),
  // account-notify is not offered; SASL answers the user with 900 itself.
  account: () => undefined,
};

/** The table, frozen. */
export const deliveryRows = Object.freeze(rows);

/** Deliver `event` to session `s` by its kind's row. */
export function deliverEvent(s: DeliveryTarget, event: ChatEvent, wire: WireCache): void {
  (deliveryRows[event.kind] as Row<ChatEventKind>)(s, event, wire);
}
