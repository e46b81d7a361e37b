/**
 * Core errors as IRC numerics: an exhaustive table, so a new `ChatError` does not compile until it has
 * a numeric. Handlers call `sendError` with the parameters that numeric carries before its text.
 */
import type { ChatError } from '../core/results.js';
import * as N from './numerics.js';
import type { IrcContext } from './context.js';

/** Every core error and its numeric (the comment in core/results.ts names the same one). */
export const chatErrorNumerics: Readonly<Record<ChatError, string>> = Object.freeze({
  NoSuchNick: N.ERR_NOSUCHNICK,
  NoSuchChannel: N.ERR_NOSUCHCHANNEL,
  CannotSendToChan: N.ERR_CANNOTSENDTOCHAN,
  RoomBusy: N.ERR_CANNOTSENDTOCHAN,
  TooManyChannels: N.ERR_TOOMANYCHANNELS,
  WasNoSuchNick: N.ERR_WASNOSUCHNICK,
  NoTextToSend: N.ERR_NOTEXTTOSEND,
  NoNicknameGiven: N.ERR_NONICKNAMEGIVEN,
  ErroneousNick: N.ERR_ERRONEUSNICKNAME,
  NickInUse: N.ERR_NICKNAMEINUSE,
  UserNotInChannel: N.ERR_USERNOTINCHANNEL,
  NotOnChannel: N.ERR_NOTONCHANNEL,
  AlreadyOnChannel: N.ERR_USERONCHANNEL,
  NotRegistered: N.ERR_NOTREGISTERED,
  NeedMoreParams: N.ERR_NEEDMOREPARAMS,
  AlreadyRegistered: N.ERR_ALREADYREGISTERED,
  KeySet: N.ERR_KEYSET,
  ChannelIsFull: N.ERR_CHANNELISFULL,
  InviteOnly: N.ERR_INVITEONLYCHAN,
  Banned: N.ERR_BANNEDFROMCHAN,
  BadChannelKey: N.ERR_BADCHANNELKEY,
  BanListFull: N.ERR_BANLISTFULL,
  NoPrivileges: N.ERR_NOPRIVILEGES,
  ChanOpPrivsNeeded: N.ERR_CHANOPRIVSNEEDED,
  UsersDontMatch: N.ERR_USERSDONTMATCH,
  InvalidModeParam: N.ERR_INVALIDMODEPARAM,
});

/**
 * Send the numeric for `error`: `<nick> <context...> :<standard text>`. `context` is what the numeric
 * names (a nick, a channel, `<nick> <channel>` for 441/443, nothing for 412/451/481...).
 */
export function sendError(s: IrcContext, error: ChatError, ...context: string[]): void {
  s.numericStd(chatErrorNumerics[error], ...context);
}
