/**
 * Which IRC lines take no flood-control token (transport/flood.ts): everything before registration completes,
 * and the queries a client sends in a burst on connect and on each join, which answer only the sender. An
 * irssi or WeeChat connect with ten autojoined channels (JOIN, then MODE #c and WHO #c for each) is then never
 * slowed, and a PONG never waits behind a paste.
 */
import type { ChatUser } from '../core/users.js';
import type { IrcMessage } from './message.js';

/** Verbs that only answer the sender (or nobody). */
const queries: ReadonlySet<string> = new Set(['PING', 'PONG', 'WHO', 'USERHOST', 'ISON', 'CAP']);

/** List modes a join burst queries with `MODE #c b` (bans, exceptions, invite exceptions). */
const LIST_QUERY = /^\+?[beI]$/;

/** True when `msg` from `user` runs without taking a flood-control token. */
export function takesNoToken(user: ChatUser, msg: IrcMessage): boolean {
  if (!user.registered) return true;
  if (queries.has(msg.command)) return true;
  if (msg.command !== 'MODE') return false;
  // MODE #c (query), MODE #c b (list query), MODE <own nick> [+i] (user modes touch nobody else).
  const [target, modes] = msg.params;
  if (msg.params.length === 1) return true;
  if (msg.params.length === 2 && LIST_QUERY.test(modes!)) return true;
  return target !== undefined && user.nick !== '' && target.toLowerCase() === user.nick.toLowerCase();
}
