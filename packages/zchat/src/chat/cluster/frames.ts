/**
 * What nodes of a cluster tell each other over the bus, as JSON frames. Pure: encode, and a decode that
 * never throws (a frame it cannot read is null, and the node logs and drops it).
 *
 * - `ev`: an event a node emitted, with its audience; every node delivers it to its own sessions and
 *   applies what it changes (joins, nicks, modes...) to its copy of the shared state.
 * - `user`: a user registered on node `n` (registration makes no event).
 * - `hello`: node `n` started; every other node answers with `state`.
 * - `state`: node `n`'s own users and what it knows of the rooms they are in, for node `to`.
 * - `bye`: node `n` is shutting down; its users leave with `reason`.
 */
import type { Audience } from '../core/emit.js';
import type { ChatEvent } from '../core/events.js';
import type { ListEntry, ListMode, MemberPrivilege, RoomModes } from '../core/rooms.js';
import type { UserFlag, UserId } from '../core/users.js';

/** A user as other nodes need to know it. */
export interface UserSnapshot {
  readonly id: UserId;
  readonly nick: string;
  readonly username: string;
  readonly host: string;
  readonly ip: string;
  readonly realname: string;
  readonly account: string | null;
  readonly protocol: string;
  readonly flags: readonly UserFlag[];
  readonly away: string | null;
  readonly signon: number;
}

/** A room and the members one node has in it. */
export interface RoomSnapshot {
  readonly name: string;
  readonly createdAt: number;
  readonly topic: string | null;
  readonly topicSetBy: string;
  readonly topicSetAt: number;
  readonly modes: RoomModes;
  readonly lists: Record<ListMode, ListEntry[]>;
  readonly members: readonly (readonly [UserId, readonly MemberPrivilege[]])[];
}

export type Frame =
  | { readonly t: 'ev'; readonly n: string; readonly e: ChatEvent; readonly a: Audience }
  | { readonly t: 'user'; readonly n: string; readonly u: UserSnapshot }
  | { readonly t: 'hello'; readonly n: string }
  | { readonly t: 'state'; readonly n: string; readonly to: string; readonly users: readonly UserSnapshot[]; readonly rooms: readonly RoomSnapshot[] }
  | { readonly t: 'bye'; readonly n: string; readonly reason: string };

const KINDS = new Set(['ev', 'user', 'hello', 'state', 'bye']);

/** The frame as text for the bus. */
export function encodeFrame(frame: Frame): string {
  return JSON.stringify(frame);
}

/** The frame in `text`, or null when it is not one (bad JSON, unknown kind, no node). Never throws. */
export function decodeFrame(text: string): Frame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const f = value as { t?: unknown; n?: unknown; e?: unknown; a?: unknown; u?: unknown };
  if (typeof f.t !== 'string' || !KINDS.has(f.t) || typeof f.n !== 'string' || f.n === '') return null;
  if (f.t === 'ev' && (typeof f.e !== 'object' || f.e === null || typeof f.a !== 'object' || f.a === null)) return null;
  if (f.t === 'user' && (typeof f.u !== 'object' || f.u === null)) return null;
  return value as Frame;
}

/** The node part of a user id (`<node>:<n>`). */
export function nodeOf(id: UserId): string {
  const at = id.indexOf(':');
  return at < 0 ? id : id.slice(0, at);
}
