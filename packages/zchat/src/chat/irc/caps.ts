/**
 * IRCv3 capabilities as a table, one row per cap, and the pure halves of CAP negotiation
 * (ircv3.net "Capability Negotiation"): LS/LIST replies split under 512 bytes, and REQ evaluated all or
 * nothing. What each cap changes in the protocol lives in the gateway and handlers, keyed by `name`.
 */
import type { ChatConfig } from '../config.js';

/** One capability. `value` is shown after `=` to clients that sent `CAP LS 302`, and only to them. */
export interface CapDef {
  name: CapName;
  /** The IRCv3 specification. */
  spec: string;
  doc: string;
  value?: (config: ChatConfig) => string;
  /** Offered only when this holds for the config (absent: always offered). */
  offered?: (config: ChatConfig) => boolean;
}

const V3 = 'https://ircv3.net/specs/extensions/';

/**
 * Every capability zchat implements, in the order CAP LS lists them: the ONE list of names. `CapName` is
 * its type, so a misspelt cap name anywhere is a compile error, and `capRows` must hold a row for each.
 */
export const capNames = [
  'account-tag',
  'away-notify',
  'batch',
  'cap-notify',
  'draft/read-marker',
  'draft/channel-rename',
  'draft/message-redaction',
  'echo-message',
  'extended-join',
  'extended-monitor',
  'invite-notify',
  'labeled-response',
  'message-tags',
  'multi-prefix',
  'sasl',
  'server-time',
  'setname',
  'userhost-in-names',
] as const;

/** A capability zchat implements. */
export type CapName = (typeof capNames)[number];

/** Whether `name` is one of `capNames`. */
export function isCapName(name: string): name is CapName {
  return (capNames as readonly string[]).includes(name);
}

/** The row of each cap, by name. */
const capRows: Record<CapName, Omit<CapDef, 'name'>> = {
  'account-tag': { spec: V3 + 'account-tag', doc: 'account=<name> tag on messages from logged-in users' },
  'away-notify': { spec: V3 + 'away-notify', doc: 'AWAY sent when a channel peer goes away or comes back' },
  'batch': { spec: V3 + 'batch', doc: 'BATCH groups related lines (labeled responses)' },
  'cap-notify': { spec: V3 + 'capability-negotiation#cap-notify', doc: 'CAP NEW/DEL; implied by CAP LS 302' },
  'draft/read-marker': {
    spec: V3 + 'read-marker',
    doc: 'MARKREAD: read markers per account (or connection), sent on JOIN; they only move forward',
  },
  'draft/channel-rename': {
    spec: V3 + 'channel-rename',
    doc: 'RENAME of channels you are in; without it a rename reads as PART, JOIN, topic and NAMES',
  },
  'draft/message-redaction': {
    spec: V3 + 'message-redaction',
    doc: 'REDACT: senders remove their recent messages, channel operators any in their channel',
  },
  'echo-message': { spec: V3 + 'echo-message', doc: "the sender receives its own PRIVMSG/NOTICE/TAGMSG" },
  'extended-join': { spec: V3 + 'extended-join', doc: 'JOIN carries the account and real name' },
  'extended-monitor': {
    spec: V3 + 'extended-monitor',
    doc: 'AWAY and SETNAME of MONITORed users sharing no channel (with away-notify, setname)',
  },
  'invite-notify': { spec: V3 + 'invite-notify', doc: 'channel operators see INVITEs sent by others' },
  'labeled-response': { spec: V3 + 'labeled-response', doc: 'replies carry the label tag of their command' },
  'message-tags': { spec: V3 + 'message-tags', doc: 'tags on any message; client tags relayed; TAGMSG' },
  'multi-prefix': { spec: V3 + 'multi-prefix', doc: 'NAMES and WHO show every status prefix (@+nick)' },
  'sasl': {
    spec: V3 + 'sasl-3.2',
    doc: 'AUTHENTICATE PLAIN against the accounts (the config\'s, or the data directory\'s)',
    value: () => 'PLAIN',
    // With a data directory accounts can be added at any time (zchat account add), so the cap is always there.
    offered: (c) => c.accounts.length > 0 || c.dataDir !== null,
  },
  'server-time': { spec: V3 + 'server-time', doc: 'time=<ISO 8601> tag on messages' },
  'setname': { spec: V3 + 'setname', doc: 'SETNAME changes the real name, shown to peers with the cap' },
  'userhost-in-names': { spec: V3 + 'userhost-in-names', doc: 'NAMES lists nick!user@host' },
};

/** Every capability as a row, in the order of `capNames`. */
export const caps: readonly CapDef[] = Object.freeze(capNames.map((name) => Object.freeze({ name, ...capRows[name] })));

/** The caps offered under `config` (those whose `offered` holds). */
export function offeredCaps(config: ChatConfig): CapDef[] {
  return caps.filter((c) => c.offered === undefined || c.offered(config));
}

/** The names of `offeredCaps(config)`, for `parseCapReq`. */
export function offeredCapNames(config: ChatConfig): Set<CapName> {
  return new Set(offeredCaps(config).map((c) => c.name));
}

/** CAP LS version 302 and later enable values, multi-line replies and implicit cap-notify. */
export const CAP_302 = 302;

/**
 * Splits space-separated `items` into CAP reply parameter arrays for `nick`:
 * `[nick, sub, '*', 'a b ...']` for every line but the last, `[nick, sub, '...']` for the last, each line
 * `:<serverName> CAP <nick> <sub> * :<items>` within 510 bytes. Without `multiline` (clients before 302)
 * everything goes on one line, as CAP 3.1 has no continuation. No items gives one line with an empty list.
 */
export function capReplyParams(sub: string, items: readonly string[], nick: string, serverName: string, multiline: boolean): string[][] {
  if (!multiline) return [[nick, sub, items.join(' ')]];
  const overhead = Buffer.byteLength(`:${serverName} CAP ${nick} ${sub} * :`);
  const budget = Math.max(510 - overhead, 1);
  const lines: string[][] = [];
  let cur = '';
  for (const item of items) {
    const candidate = cur === '' ? item : cur + ' ' + item;
    if (cur !== '' && Buffer.byteLength(candidate) > budget) {
      lines.push([nick, sub, '*', cur]);
      cur = item;
    } else {
      cur = candidate;
    }
  }
  lines.push([nick, sub, cur]);
  return lines;
}

/**
 * The `CAP LS` reply for a client that asked with `version` (0 when it sent no version): values such as
 * `sasl=PLAIN` and multi-line splitting only for 302 and later, as the spec requires.
 */
export function capLsParams(config: ChatConfig, nick: string, version: number): string[][] {
  const v302 = version >= CAP_302;
  const items = offeredCaps(config).map((c) => (v302 && c.value ? `${c.name}=${c.value(config)}` : c.name));
  return capReplyParams('LS', items, nick, config.serverName, v302);
}

/** The `CAP LIST` reply: the enabled caps (an empty parameter when none), multi-line for 302 clients. */
export function capListParams(config: ChatConfig, nick: string, enabled: Iterable<CapName>, version: number): string[][] {
  return capReplyParams('LIST', [...enabled], nick, config.serverName, version >= CAP_302);
}

/** The outcome of `CAP REQ`: what to enable and disable on ACK; NAK leaves everything as it was. */
export type CapReqResult = { ack: true; enable: CapName[]; disable: CapName[] } | { ack: false };

/**
 * Evaluates `CAP REQ :<arg>` all or nothing: ACK only when every name is offered (`-name` asks to disable)
 * and no `sticky` cap is being disabled (cap-notify for 302 clients); anything else, including a name with a
 * `=value`, is a NAK. A name given twice keeps its last sign. The reply echoes `arg` unchanged (`CAP <nick> ACK|NAK :<arg>`). An empty REQ is an
 * ACK with nothing to change. Never throws.
 */
export function parseCapReq(arg: string, offered: ReadonlySet<string>, sticky: ReadonlySet<string> = new Set()): CapReqResult {
  // name -> enable?; a name given twice keeps its last sign. Offered names are cap names.
  const wanted = new Map<CapName, boolean>();
  for (const word of arg.split(' ')) {
    if (word === '') continue;
    const remove = word.charCodeAt(0) === 0x2d; /* - */
    const name = remove ? word.slice(1) : word;
    if (!offered.has(name) || (remove && sticky.has(name))) return { ack: false };
    wanted.delete(name as CapName);
    wanted.set(name as CapName, !remove);
  }
  const enable: CapName[] = [];
  const disable: CapName[] = [];
  for (const [name, on] of wanted) (on ? enable : disable).push(name);
  return { ack: true, enable, disable };
}
