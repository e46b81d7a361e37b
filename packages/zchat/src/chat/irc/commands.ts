/**
 * The IRC commands: ONE record keyed by verb (as ergo's commands.go). `dispatch` checks registration,
 * operator privilege and arity in one place and sends 451/481/461/421, so no handler repeats those
 * checks; HELP is built from the same rows, and a test fails if a row lacks usage or help.
 */
import * as channels from './handlers/channels.js';
import { modeCommand } from './handlers/mode.js';
import { markread } from './handlers/markread.js';
import * as messages from './handlers/messages.js';
import { monitor } from './handlers/monitor.js';
import * as oper from './handlers/oper.js';
import * as queries from './handlers/queries.js';
import * as reg from './handlers/registration.js';
import { redact } from './handlers/redact.js';
import { rename } from './handlers/rename.js';
import type { CommandResult, IrcContext } from './context.js';
import type { IrcMessage } from './message.js';
import * as N from './numerics.js';

export type { CommandResult } from './context.js';

/** A command handler: `msg.params` holds at least the row's `minParams` parameters. */
export type CommandHandler = (s: IrcContext, msg: IrcMessage) => CommandResult;

/** One command row. */
export interface CommandRow {
  readonly handler: CommandHandler;
  readonly minParams: number;
  /** Usable before registration completes. */
  readonly preRegistration: boolean;
  /** Needs IRC operator status (ERR_NOPRIVILEGES otherwise). */
  readonly operOnly: boolean;
  /** e.g. `JOIN <channel>{,<channel>} [<key>{,<key>}]`. */
  readonly usage: string;
  /** One line for HELP. */
  readonly help: string;
}

function row(handler: CommandHandler, minParams: number, usage: string, help: string, flags: { pre?: boolean; oper?: boolean } = {}): CommandRow {
  return Object.freeze({ handler, minParams, preRegistration: flags.pre ?? false, operOnly: flags.oper ?? false, usage, help });
}

/** HELP [<subject>] */
function helpCommand(s: IrcContext, msg: IrcMessage): CommandResult {
  const subject = (msg.params[0] ?? '').toUpperCase();
  if (subject === '') {
    s.numeric(N.RPL_HELPSTART, '*', 'zchat IRC commands (HELP <command> for details):');
    const names = Object.keys(commands).sort();
    for (let i = 0; i < names.length; i += 10) s.numeric(N.RPL_HELPTXT, '*', names.slice(i, i + 10).join(' '));
    s.numericStd(N.RPL_ENDOFHELP, '*');
    return 'done';
  }
  const r = Object.hasOwn(commands, subject) ? commands[subject] : undefined;
  if (r === undefined) {
    s.numericStd(N.ERR_HELPNOTFOUND, subject);
    return 'done';
  }
  s.numeric(N.RPL_HELPSTART, subject, r.usage);
  s.numeric(N.RPL_HELPTXT, subject, r.help);
  s.numericStd(N.RPL_ENDOFHELP, subject);
  return 'done';
}

/** Every command zchat's IRC gateway understands. */
export const commands: Readonly<Record<string, CommandRow>> = Object.freeze({
  PASS: row(reg.pass, 1, 'PASS <password>', 'Give the server password before registering.', { pre: true }),
  NICK: row(reg.nick, 0, 'NICK <nickname>', 'Choose or change your nickname.', { pre: true }),
  USER: row(reg.user, 4, 'USER <username> 0 * <realname>', 'Give your username and real name when registering.', { pre: true }),
  CAP: row(reg.cap, 1, 'CAP LS [302] | LIST | REQ :<caps> | END', 'Negotiate IRCv3 capabilities.', { pre: true }),
  AUTHENTICATE: row(reg.authenticate, 1, 'AUTHENTICATE PLAIN | <base64> | *', 'SASL PLAIN login to an account.', { pre: true }),
  PING: row(reg.ping, 1, 'PING <token>', 'The server answers PONG with the same token.', { pre: true }),
  PONG: row(reg.pong, 0, 'PONG <token>', 'Answer to a server PING.', { pre: true }),
  QUIT: row(reg.quit, 0, 'QUIT [<reason>]', 'Disconnect.', { pre: true }),
  JOIN: row(channels.join, 1, 'JOIN <channel>{,<channel>} [<key>{,<key>}] | JOIN 0', 'Join channels; JOIN 0 leaves them all.'),
  PART: row(channels.part, 1, 'PART <channel>{,<channel>} [<reason>]', 'Leave channels.'),
  TOPIC: row(channels.topic, 1, 'TOPIC <channel> [<topic>]', 'Show or set (":" alone clears) the topic.'),
  NAMES: row(channels.names, 0, 'NAMES [<channel>{,<channel>}]', 'List the members of channels.'),
  LIST: row(channels.list, 0, 'LIST [<channel>{,<channel>}] [<elist filter>]', 'List channels; filters: <n >n C<min C>min T<min T>min mask !mask.'),
  KICK: row(channels.kick, 2, 'KICK <channel> <nick>{,<nick>} [<reason>]', 'Remove members from a channel (operators).'),
  INVITE: row(channels.invite, 0, 'INVITE <nick> <channel> | INVITE', 'Invite a user to a channel; alone, list your pending invitations.'),
  RENAME: row(rename, 2, 'RENAME <channel> <new channel> [<reason>]', 'Rename a channel, keeping its members, modes and topic (operators).'),
  MODE: row(modeCommand, 1, 'MODE <channel|nick> [<modes> [<params>...]]', 'Show or change channel or user modes.'),
  PRIVMSG: row(messages.privmsg, 0, 'PRIVMSG <target>{,<target>} <text>', 'Send a message to channels (@#chan: ops only) or users.'),
  NOTICE: row(messages.notice, 0, 'NOTICE <target>{,<target>} <text>', 'Send a notice (never answered automatically).'),
  TAGMSG: row(messages.tagmsg, 1, 'TAGMSG <target>{,<target>}', 'Send only message tags (needs message-tags).'),
  REDACT: row(redact, 2, 'REDACT <target> <msgid> [<reason>]', 'Remove a recent message: your own, or any in a channel you operate (draft/message-redaction).'),
  WHO: row(queries.who, 0, 'WHO [<mask> [<flags>[%<fields>[,<token>]]]]', 'List users in a channel or matching a mask (WHOX).'),
  WHOIS: row(queries.whois, 1, 'WHOIS [<server>] <nick>', 'Show details about a user.'),
  WHOWAS: row(queries.whowas, 0, 'WHOWAS <nick> [<count>]', 'Show who used a nickname before.'),
  MARKREAD: row(markread, 0, 'MARKREAD <target> [timestamp=<time>]', 'Set or ask how far you have read a channel or private chat (draft/read-marker).'),
  MONITOR: row(monitor, 1, 'MONITOR + <nick>{,<nick>} | - <nick>{,<nick>} | C | L | S', 'Watch nicks: 730/731 when they come online or go offline.'),
  ISON: row(queries.ison, 1, 'ISON <nick>{ <nick>}', 'Which of these nicks are online.'),
  USERHOST: row(queries.userhost, 1, 'USERHOST <nick>{ <nick>}', 'user@host of up to 5 nicks.'),
  LUSERS: row(queries.lusers, 0, 'LUSERS', 'User and channel counts.'),
  MOTD: row(queries.motd, 0, 'MOTD', 'Show the message of the day.'),
  LINKS: row(queries.links, 0, 'LINKS [[<server>] <mask>]', 'The servers of the network matching a mask: this one.'),
  INFO: row(queries.info, 0, 'INFO [<server>]', 'About this server (402 for any other server).'),
  TIME: row(queries.time, 0, 'TIME', "The server's local time."),
  VERSION: row(queries.version, 0, 'VERSION', "The server's software version and ISUPPORT tokens."),
  AWAY: row(queries.away, 0, 'AWAY [<message>]', 'Mark yourself away, or back without a message.'),
  SETNAME: row(queries.setname, 1, 'SETNAME <realname>', 'Change your real name.'),
  HELP: row(helpCommand, 0, 'HELP [<command>]', 'List commands, or explain one.'),
  HELPOP: row(helpCommand, 0, 'HELPOP [<command>]', 'The same as HELP (the name some servers use).'),
  OPER: row(oper.oper, 2, 'OPER <name> <password>', 'Become an IRC operator.'),
  KILL: row(oper.kill, 2, 'KILL <nick> <reason>', 'Disconnect a user (operators).', { oper: true }),
  REHASH: row(oper.rehash, 0, 'REHASH', 'Reload the config file, as SIGHUP does (operators).', { oper: true }),
  WALLOPS: row(oper.wallops, 1, 'WALLOPS <text>', 'Message every user with mode +w (operators).', { oper: true }),
});

/**
 * Run `msg` on session `s`: unknown verb 421; not yet registered 451; operator-only 481; too few
 * parameters 461; else the row's handler. Returns the handler's result ('done' for the refusals).
 */
export function dispatch(s: IrcContext, msg: IrcMessage): CommandResult {
  const r = Object.hasOwn(commands, msg.command) ? commands[msg.command] : undefined;
  if (r === undefined) {
    s.numericStd(N.ERR_UNKNOWNCOMMAND, msg.command);
    return 'done';
  }
  if (!r.preRegistration && !s.user.registered) {
    s.numericStd(N.ERR_NOTREGISTERED);
    return 'done';
  }
  if (r.operOnly && !s.user.flags.has('oper')) {
    s.numericStd(N.ERR_NOPRIVILEGES);
    return 'done';
  }
  if (msg.params.length < r.minParams) {
    s.numericStd(N.ERR_NEEDMOREPARAMS, msg.command);
    return 'done';
  }
  return r.handler(s, msg);
}
