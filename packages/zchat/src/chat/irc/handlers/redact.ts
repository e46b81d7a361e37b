/**
 * REDACT (IRCv3 draft/message-redaction): the core checks who may redact which recent message and tells
 * the conversation; only sessions with the cap receive `REDACT` (session.ts). Refusals are FAIL replies.
 */
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import type { CommandResult, IrcContext } from '../context.js';

/** REDACT <target> <msgid> [<reason>] */
export function redact(s: IrcContext, msg: IrcMessage): CommandResult {
  const [target, msgid] = [msg.params[0]!, msg.params[1]!];
  const r = s.core.redact(s.user, target, msgid, msg.params[2] ?? null);
  if (r.ok) return 'done';
  switch (r.error) {
    case 'UnknownMsgid':
      s.fail('REDACT', 'UNKNOWN_MSGID', 'This message does not exist or is too old', target, msgid);
      break;
    case 'RedactForbidden':
      s.fail('REDACT', 'REDACT_FORBIDDEN', 'You are not authorised to delete this message', target, msgid);
      break;
    case 'NoSuchChannel': case 'NotOnChannel': case 'NoSuchNick':
      s.fail('REDACT', 'INVALID_TARGET', 'You cannot delete messages from this target', target);
      break;
    default:
      sendError(s, r.error);
  }
  return 'done';
}
