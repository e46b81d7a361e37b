/**
 * MARKREAD (IRCv3 draft/read-marker, https://ircv3.net/specs/extensions/read-marker): a client sets or
 * asks for the time up to which its user has read a conversation (a channel, or a nick for private
 * messages). The markers live in the core (`ChatCore.readMarkers`): per account when logged in, so they
 * outlive the connection, else per user. They only move forward: a set with an older time is answered with
 * the stored one. JOIN sends the channel's marker to clients with the capability (channels.ts).
 */
import { isValidNick, isValidRoomName } from '../../core/casemap.js';
import type { IrcMessage } from '../message.js';
import type { CommandResult, IrcContext } from '../context.js';

// The spec's format, YYYY-MM-DDThh:mm:ss.sssZ (UTC); the fraction may be shorter or absent.
const timestampRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** `timestamp=<ISO 8601 UTC>` as ms since the epoch, or null when it is anything else (`*` included). */
export function parseMarkreadTimestamp(param: string): number | null {
  if (!param.startsWith('timestamp=')) return null;
  const text = param.slice('timestamp='.length);
  if (!timestampRe.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Send `MARKREAD <target> timestamp=<time>`, or `MARKREAD <target> *` when there is no marker. */
export function sendMarkread(s: IrcContext, target: string, at: number | null): void {
  s.sendFromServer('MARKREAD', [target, at === null ? '*' : `timestamp=${new Date(at).toISOString()}`]);
}

/** MARKREAD <target> [timestamp=<time>] */
export function markread(s: IrcContext, msg: IrcMessage): CommandResult {
  const target = msg.params[0];
  if (target === undefined || target === '') {
    s.fail('MARKREAD', 'NEED_MORE_PARAMS', 'Missing parameters');
    return 'done';
  }
  const { roomLength, nickLength } = s.config.limits;
  if (!isValidRoomName(target, roomLength) && !isValidNick(target, nickLength)) {
    s.fail('MARKREAD', 'INVALID_PARAMS', 'Invalid target', target);
    return 'done';
  }
  const store = s.core.readMarkers.storeFor(s.user);
  if (msg.params.length < 2) {
    sendMarkread(s, target, store.get(target));
    return 'done';
  }
  const at = parseMarkreadTimestamp(msg.params[1]!);
  if (at === null) {
    s.fail('MARKREAD', 'INVALID_PARAMS', 'Invalid timestamp', target);
    return 'done';
  }
  sendMarkread(s, target, store.set(target, at));
  return 'done';
}
