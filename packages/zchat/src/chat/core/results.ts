/**
 * Outcomes of core operations. Every failure has a name; each protocol maps the name to its own text
 * (plain) or numeric (IRC: the comment gives the numeric it corresponds to).
 */

export type ChatError =
  | 'NoSuchNick' // 401 ERR_NOSUCHNICK
  | 'NoSuchChannel' // 403 ERR_NOSUCHCHANNEL (also: a name that is not a valid room name)
  | 'CannotSendToChan' // 404 ERR_CANNOTSENDTOCHAN (+m, +n, +b)
  | 'RoomBusy' // 404 ERR_CANNOTSENDTOCHAN (the room's message rate, limits.roomLinesPerSecond)
  | 'TooManyChannels' // 405 ERR_TOOMANYCHANNELS
  | 'WasNoSuchNick' // 406 ERR_WASNOSUCHNICK
  | 'NoTextToSend' // 412 ERR_NOTEXTTOSEND
  | 'NoNicknameGiven' // 431 ERR_NONICKNAMEGIVEN
  | 'ErroneousNick' // 432 ERR_ERRONEUSNICKNAME (invalid or reserved)
  | 'NickInUse' // 433 ERR_NICKNAMEINUSE
  | 'UserNotInChannel' // 441 ERR_USERNOTINCHANNEL (the target is not a member)
  | 'NotOnChannel' // 442 ERR_NOTONCHANNEL (the actor is not a member)
  | 'AlreadyOnChannel' // 443 ERR_USERONCHANNEL
  | 'NotRegistered' // 451 ERR_NOTREGISTERED
  | 'NeedMoreParams' // 461 ERR_NEEDMOREPARAMS (a mode change without its parameter)
  | 'AlreadyRegistered' // 462 ERR_ALREADYREGISTERED
  | 'KeySet' // 467 ERR_KEYSET
  | 'ChannelIsFull' // 471 ERR_CHANNELISFULL (+l)
  | 'InviteOnly' // 473 ERR_INVITEONLYCHAN (+i)
  | 'Banned' // 474 ERR_BANNEDFROMCHAN (+b)
  | 'BadChannelKey' // 475 ERR_BADCHANNELKEY (+k)
  | 'BanListFull' // 478 ERR_BANLISTFULL
  | 'NoPrivileges' // 481 ERR_NOPRIVILEGES (oper only)
  | 'ChanOpPrivsNeeded' // 482 ERR_CHANOPRIVSNEEDED
  | 'UsersDontMatch' // 502 ERR_USERSDONTMATCH (user modes of someone else)
  | 'InvalidModeParam'; // 696 ERR_INVALIDMODEPARAM (e.g. +l with a non-number)

/** Success with a value, or a named failure. `ok` discriminates. */
export type Result<T = undefined> = { ok: true; value: T } | { ok: false; error: ChatError };

/** A successful `Result` carrying `value`. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

const OK_VOID: { ok: true; value: undefined } = Object.freeze({ ok: true, value: undefined }) as { ok: true; value: undefined };

/** The shared successful `Result` with no value (frozen; never mutate it). */
export function done(): { ok: true; value: undefined } {
  return OK_VOID;
}

const FAILURES = new Map<ChatError, { ok: false; error: ChatError }>();

/** A failed `Result` named `error`. Failures are shared frozen objects, so returning one never allocates. */
export function fail(error: ChatError): { ok: false; error: ChatError } {
  let r = FAILURES.get(error);
  if (r === undefined) {
    r = Object.freeze({ ok: false as const, error });
    FAILURES.set(error, r);
  }
  return r;
}
