/**
 * PRIVMSG, NOTICE and TAGMSG to channels, status-prefixed channels (`@#chan`, STATUSMSG) and users, up to
 * `maxTargets` targets each. CTCP ACTION becomes the core's 'action' kind so plain-text users see "* nick
 * does"; client-only tags (`+name`) ride along for message-tags clients. NOTICE never gets an error back
 * (RFC 2812 3.3.2: no automatic replies).
 */
import { casefold } from '../../core/casemap.js';
import type { MessageKind } from '../../core/events.js';
import type { MemberPrivilege } from '../../core/rooms.js';
import { sendError } from '../errors.js';
import { maxTargets } from '../isupport.js';
import type { IrcMessage } from '../message.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { commaList } from './channels.js';

const statusByChar: Readonly<Record<string, MemberPrivilege>> = { '@': 'op', '+': 'voice' };

const ACTION_START = '\x01ACTION ';

/** Client-only tags (`+name`) of `msg`, or null when none. */
function clientTagsOf(msg: IrcMessage): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const [k, v] of msg.tags) if (k.charCodeAt(0) === 0x2b /* + */) (out ??= {})[k] = v;
  return out;
}

function relay(s: IrcContext, msg: IrcMessage, kind: 'privmsg' | 'notice' | 'tagmsg'): CommandResult {
  const quiet = kind === 'notice';
  const targets = commaList(msg.params[0]);
  if (targets.length === 0) {
    if (!quiet) s.numeric(N.ERR_NORECIPIENT, `No recipient given (${msg.command})`);
    return 'done';
  }
  let text = kind === 'tagmsg' ? '' : msg.params[1];
  if (text === undefined || (text === '' && kind !== 'tagmsg')) {
    if (!quiet) s.numericStd(N.ERR_NOTEXTTOSEND);
    return 'done';
  }
  let coreKind: MessageKind = kind;
  if (kind === 'privmsg' && text.startsWith(ACTION_START)) {
    coreKind = 'action';
    text = text.slice(ACTION_START.length, text.endsWith('\x01') ? -1 : undefined);
  }
  let clientTags = clientTagsOf(msg);
  // ircv3 bot-mode: messages from +B users carry the `bot` tag (relayed, like client tags, to message-tags clients).
  if (s.user.flags.has('bot')) clientTags = { ...clientTags, bot: '' };
  // A target named twice (`#a,#a`, `bob,BOB`) is sent to once: otherwise every member gets a copy per repeat.
  const seen = new Set<string>();
  for (const target of targets) {
    const key = casefold(target);
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > maxTargets) {
      if (!quiet) s.numericStd(N.ERR_TOOMANYTARGETS, target);
      continue;
    }
    const status = target.length > 1 && target[1] === '#' ? statusByChar[target[0]!] : undefined;
    const name = status !== undefined ? target.slice(1) : target;
    const r = s.core.message(s.user, name, coreKind, text, { statusPrefix: status ?? null, clientTags });
    if (!r.ok) {
      if (quiet) continue;
      if (r.error === 'RoomBusy') s.numeric(N.ERR_CANNOTSENDTOCHAN, name, 'Cannot send to channel (too many messages in it at once: try again in a moment)');
      else sendError(s, r.error, ...(r.error === 'NoTextToSend' ? [] : [name]));
      continue;
    }
    if (r.value.recipient === s.user && s.user.echo) s.deliverUnlabeled(r.value.event);
    if (r.value.away !== null && kind === 'privmsg' && r.value.recipient !== null) {
      s.numeric(N.RPL_AWAY, r.value.recipient.nick, r.value.away);
    }
  }
  return 'done';
}

/** PRIVMSG <target>{,<target>} <text> */
export function privmsg(s: IrcContext, msg: IrcMessage): CommandResult {
  return relay(s, msg, 'privmsg');
}

/** NOTICE <target>{,<target>} <text> */
export function notice(s: IrcContext, msg: IrcMessage): CommandResult {
  return relay(s, msg, 'notice');
}

/** TAGMSG <target>{,<target>} */
export function tagmsg(s: IrcContext, msg: IrcMessage): CommandResult {
  return relay(s, msg, 'tagmsg');
}
