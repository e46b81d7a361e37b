/**
 * What the client knows: one `Buffer` per conversation (the server's notices, each channel, each private
 * conversation), with its lines, members, topic, unread count and read marker. Plain data and small pure
 * helpers; the protocol code (client.ts) changes it, the view (view.ts) reads it.
 */
import { fold } from './irc.js';

export type LineKind = 'message' | 'action' | 'notice' | 'join' | 'part' | 'quit' | 'nick' | 'topic' | 'mode' | 'info' | 'error';

export interface Line {
  /** ms since the epoch (server-time when the server sent it). */
  time: number;
  kind: LineKind;
  /** Who said it ('' for the server). */
  nick: string;
  text: string;
  /** Sent by this user. */
  own: boolean;
  /** The server's message id, when it gave one (chathistory and dedup use it). */
  msgid?: string;
}

export type BufferKind = 'server' | 'channel' | 'query';

export interface Buffer {
  name: string;
  kind: BufferKind;
  lines: Line[];
  /** Bumped when lines change other than by appending (history merged in), so the view redraws. */
  version: number;
  unread: number;
  /** Mentions of our nick among the unread lines (or any unread private line). */
  highlight: boolean;
  topic: string;
  /** nick (as written) -> status prefixes ('@', '+', '@+', ''). */
  members: Map<string, string>;
  /** Folded nick -> when their typing notice expires (ms). */
  typing: Map<string, { nick: string; until: number }>;
  /** Read marker (draft/read-marker), ms; 0 when none. */
  readAt: number;
  /** Whether older history may still be there to fetch (chathistory BEFORE). */
  moreBefore: boolean;
  /** Channel buffers: whether we are in it now (false after PART or a disconnect). */
  joined: boolean;
}

export function newBuffer(name: string, kind: BufferKind): Buffer {
  return { name, kind, lines: [], version: 0, unread: 0, highlight: false, topic: '', members: new Map(), typing: new Map(), readAt: 0, moreBefore: true, joined: false };
}

/** Lines a buffer keeps; older ones are dropped from memory (the server's history still has them). */
export const maxLines = 2000;

/** Kinds that count as unread: what people said, not joins and parts. */
export function countsAsUnread(line: Line): boolean {
  return !line.own && (line.kind === 'message' || line.kind === 'action' || line.kind === 'notice');
}

/**
 * Merge `incoming` lines (history) into `lines`: drop those already there (same msgid), keep time order.
 * Returns the new array. Pure.
 */
export function mergeLines(lines: readonly Line[], incoming: readonly Line[]): Line[] {
  const seen = new Set(lines.map((l) => l.msgid).filter((id) => id !== undefined));
  const fresh = incoming.filter((l) => l.msgid === undefined || !seen.has(l.msgid));
  const all = [...lines, ...fresh];
  all.sort((a, b) => a.time - b.time);
  return all.length > maxLines ? all.slice(all.length - maxLines) : all;
}

/** Unread lines after the read marker, and whether any mentions `nick`. Pure. */
export function unreadAfter(lines: readonly Line[], readAt: number, nick: string, isQuery: boolean): { unread: number; highlight: boolean } {
  let unread = 0;
  let highlight = false;
  const me = fold(nick);
  for (const l of lines) {
    if (l.time <= readAt || !countsAsUnread(l)) continue;
    unread++;
    if (isQuery || fold(l.text).includes(me)) highlight = true;
  }
  return { unread, highlight };
}

/** Members sorted as clients show them: operators, then voiced, then everyone, each by name. */
export function sortedMembers(members: ReadonlyMap<string, string>): [nick: string, prefix: string][] {
  const rank = (p: string): number => (p.includes('@') ? 0 : p.includes('+') ? 1 : 2);
  return [...members].sort((a, b) => rank(a[1]) - rank(b[1]) || fold(a[0]).localeCompare(fold(b[0])));
}
