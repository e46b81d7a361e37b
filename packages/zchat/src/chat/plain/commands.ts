/**
 * The plain-text commands: ONE table keyed by name. `/help` is built from it, and `dispatch` checks
 * registration and arity in one place, so no handler repeats those checks (as ergo's commands.go does).
 */
import type { ChatError } from '../core/results.js';
import { errorText, formatMembers, formatRoomLine, formatTopic, nameRules } from './format.js';
import { splitFirst } from './parse.js';
import type { PlainContext } from './context.js';
import { login } from './login.js';

/** What a handler did: 'done', or 'closing' when the session is ending (no more lines are handled). */
export type CommandResult = 'done' | 'closing';

/** One command. `minArgs` counts whitespace-separated words after the name. */
export interface CommandRow {
  readonly handler: (s: PlainContext, args: readonly string[], rest: string) => CommandResult;
  readonly minArgs: number;
  /** e.g. `/join #room [key]`. */
  readonly usage: string;
  /** One line for /help. */
  readonly help: string;
  /** Usable at the name prompt. */
  readonly preRegistration?: boolean;
  /** Only answers the sender: takes no flood-control token. */
  readonly query?: boolean;
}

function roomArg(name: string): string {
  return name.startsWith('#') ? name : `#${name}`;
}

/** Report a failed core call and return 'done'. */
function failed(s: PlainContext, error: ChatError, subject: string): CommandResult {
  s.error(errorText(error, subject));
  return 'done';
}

/** The current room, or an error line and null. */
function currentRoom(s: PlainContext): string | null {
  if (s.currentRoom === null) s.error('You are not in a room; /join #room first.');
  return s.currentRoom;
}

// /join #room [key]
function join(s: PlainContext, args: readonly string[]): CommandResult {
  // "/join bad room" is a room name with a space, not a room and its key: say so rather than make #bad.
  if (args.length > 2) {
    s.error(`Room names have no spaces: /join ${roomArg(args[0]!)} joins ${roomArg(args[0]!)} (with a key: /join #room key).`);
    return 'done';
  }
  const name = roomArg(args[0]!);
  const room = s.core.getRoom(name);
  if (room !== undefined && room.has(s.user)) {
    s.currentRoom = room.name;
    s.reply(`Now talking in ${room.name}.`);
    return 'done';
  }
  const r = s.core.join(s.user, name, args[1]);
  if (!r.ok) return failed(s, r.error, name);
  s.enterRoom(r.value.room);
  // A second word is a key; one the room does not need was most likely meant as part of the name.
  if (args[1] !== undefined && r.value.room.modes.key === null) s.reply(`(${r.value.room.name} has no key: "${args[1]}" was ignored. Room names have no spaces.)`);
  return 'done';
}

// /part [#room] [reason]
function part(s: PlainContext, args: readonly string[], rest: string): CommandResult {
  let name: string | null;
  let why = '';
  if (args.length > 0 && args[0]!.startsWith('#')) [name, why] = splitFirst(rest);
  else {
    name = currentRoom(s);
    why = rest;
  }
  if (name === null) return 'done';
  const r = s.core.part(s.user, name, why || null);
  if (!r.ok) return failed(s, r.error, name);
  s.reply(`You left ${r.value.room.name}.`);
  if (s.currentRoom === r.value.room.name) s.pickCurrentRoom();
  return 'done';
}

// /rooms
function rooms(s: PlainContext): CommandResult {
  const list = s.core.visibleRooms(s.user);
  if (list.length === 0) s.reply('No rooms yet; /join #name creates one.');
  else s.reply(`Rooms (${list.length}):`);
  for (const room of list) s.reply(formatRoomLine(room.name, room.members.size, room.topic, room.name === s.currentRoom));
  return 'done';
}

// /who [#room]
function who(s: PlainContext, args: readonly string[]): CommandResult {
  const name = args.length > 0 ? roomArg(args[0]!) : currentRoom(s);
  if (name === null) return 'done';
  const r = s.core.names(s.user, name);
  if (!r.ok) return failed(s, r.error, name);
  s.reply(formatMembers(r.value.room.name, r.value.members.map((m) => ({ nick: m.user.nick, privileges: m.privileges }))));
  return 'done';
}

// /nick newname
function nick(s: PlainContext, args: readonly string[]): CommandResult {
  s.withNick(args[0]!, () => {
    const r = s.core.changeNick(s.user, args[0]!);
    if (!r.ok) {
      s.error(errorText(r.error, args[0]));
      if (r.error === 'ErroneousNick') s.reply(nameRules(s.core.limits.nickLength));
    }
  });
  return 'done';
}

function say(s: PlainContext, target: string, kind: 'privmsg' | 'action' | 'notice', text: string): CommandResult {
  const r = s.core.message(s.user, target, kind, text);
  if (!r.ok) return failed(s, r.error, target);
  if (r.value.away !== null && r.value.recipient !== null) s.reply(`${r.value.recipient.nick} is away: ${r.value.away}`);
  return 'done';
}

// /msg name text
function msg(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const [target, text] = splitFirst(rest);
  if (text === '') {
    s.error(`Usage: ${table.msg!.usage}`);
    return 'done';
  }
  return say(s, target, 'privmsg', text);
}

// /me action
function me(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const room = currentRoom(s);
  return room === null ? 'done' : say(s, room, 'action', rest);
}

// /notice name|#room text
function notice(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const [target, text] = splitFirst(rest);
  return say(s, target, 'notice', text);
}

// /topic [text]
function topic(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const name = currentRoom(s);
  if (name === null) return 'done';
  if (rest === '') {
    const room = s.core.getRoom(name);
    s.reply(formatTopic(name, room?.topic ?? null));
    return 'done';
  }
  const r = s.core.setTopic(s.user, name, rest);
  return r.ok ? 'done' : failed(s, r.error, name);
}

// /away [text]
function away(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const r = s.core.setAway(s.user, rest === '' ? null : rest);
  if (r.ok) s.reply(r.value.away ? 'You are marked as away.' : 'You are no longer marked as away.');
  return 'done';
}

// /quit [reason], /leave [reason]
function quit(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  s.end(rest === '' ? 'Quit' : rest, 'Goodbye.');
  return 'closing';
}

// /kick name [reason]
function kick(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const room = currentRoom(s);
  if (room === null) return 'done';
  const [target, why] = splitFirst(rest);
  const r = s.core.kick(s.user, room, target, why || null);
  return r.ok ? 'done' : failed(s, r.error, r.error === 'ChanOpPrivsNeeded' || r.error === 'NotOnChannel' ? room : target);
}

// /rename #new [reason]: rename the current room (operators); everyone in it sees the new name.
function rename(s: PlainContext, _args: readonly string[], rest: string): CommandResult {
  const room = currentRoom(s);
  if (room === null) return 'done';
  const [to, why] = splitFirst(rest);
  const name = roomArg(to);
  const r = s.core.renameRoom(s.user, room, name, why || null);
  if (r.ok) {
    if (!r.value.changed) s.reply(`${room} already has that name.`);
    return 'done';
  }
  if (r.error === 'RoomNameInUse') s.error(`There is already a room called ${name}.`);
  else if (r.error === 'CannotRename') s.error(`${name} is not a valid room name: names start with # and have no spaces or commas.`);
  else return failed(s, r.error, room);
  return 'done';
}

// /invite name [#room]
function invite(s: PlainContext, args: readonly string[]): CommandResult {
  const room = args.length > 1 ? roomArg(args[1]!) : currentRoom(s);
  if (room === null) return 'done';
  const r = s.core.invite(s.user, args[0]!, room);
  if (!r.ok) return failed(s, r.error, r.error === 'NoSuchNick' || r.error === 'AlreadyOnChannel' ? args[0]! : room);
  s.reply(`Invited ${r.value.target.nick} to ${r.value.room.name}.`);
  return 'done';
}

// /whois name
function whois(s: PlainContext, args: readonly string[]): CommandResult {
  const r = s.core.whois(s.user, args[0]!);
  if (!r.ok) return failed(s, r.error, args[0]!);
  const { user, rooms: inRooms, idleMs } = r.value;
  s.reply(`${user.nick} (${user.protocol}) from ${user.host}${user.away ? `, away: ${user.away}` : ''}`);
  s.reply(`  rooms: ${inRooms.map((x) => x.room.name).join(' ') || 'none'}; idle ${Math.floor(idleMs / 1000)}s`);
  return 'done';
}

function onOff(s: PlainContext, args: readonly string[], what: string, set: (on: boolean) => void): CommandResult {
  const v = args[0]!.toLowerCase();
  if (v !== 'on' && v !== 'off') {
    s.error(`Say /${what} on or /${what} off.`);
    return 'done';
  }
  set(v === 'on');
  s.reply(`${what} is ${v}.`);
  return 'done';
}

// /echo on|off
function echo(s: PlainContext, args: readonly string[]): CommandResult {
  return onOff(s, args, 'echo', (on) => (s.user.echo = on));
}

// /color on|off
function color(s: PlainContext, args: readonly string[]): CommandResult {
  return onOff(s, args, 'color', (on) => (s.color = on));
}

// /wallops on|off: IRC user mode +w, the only way a plain-text user can receive operators' WALLOPS.
function wallops(s: PlainContext, args: readonly string[]): CommandResult {
  return onOff(s, args, 'wallops', (on) => void s.core.setUserModes(s.user, s.user.nick, [{ flag: 'wallops', set: on }]));
}

// /help
function help(s: PlainContext): CommandResult {
  s.reply('Type a line to talk in your current room. Commands:');
  for (const row of Object.values(table)) s.reply(`  ${row.usage.padEnd(24)} ${row.help}`);
  return 'done';
}

/** Every plain-text command, keyed by lower-case name. */
export const table: Readonly<Record<string, CommandRow>> = Object.freeze({
  join: { handler: join, minArgs: 1, usage: '/join #room [key]', help: 'Join (or create) a room and talk there.' },
  part: { handler: part, minArgs: 0, usage: '/part [#room] [reason]', help: 'Leave a room (default: the current one).' },
  rooms: { handler: rooms, minArgs: 0, usage: '/rooms', help: 'List rooms with member counts and topics.', query: true },
  who: { handler: who, minArgs: 0, usage: '/who [#room]', help: 'List who is in a room.', query: true },
  nick: { handler: nick, minArgs: 1, usage: '/nick newname', help: 'Change your name.' },
  msg: { handler: msg, minArgs: 2, usage: '/msg name text', help: 'Send a private message.' },
  me: { handler: me, minArgs: 1, usage: '/me action', help: 'Describe an action: "* name action".' },
  notice: { handler: notice, minArgs: 2, usage: '/notice name|#room text', help: 'Send a notice (never answered automatically).' },
  topic: { handler: topic, minArgs: 0, usage: '/topic [text]', help: 'Show or set the topic of the current room.' },
  away: { handler: away, minArgs: 0, usage: '/away [text]', help: 'Mark yourself away (no text: back).' },
  whois: { handler: whois, minArgs: 1, usage: '/whois name', help: 'Show who someone is.', query: true },
  login: { handler: login, minArgs: 2, usage: '/login account password', help: 'Log in to your account (accounts are in the server config).' },
  kick: { handler: kick, minArgs: 1, usage: '/kick name [reason]', help: 'Remove someone from the current room (operators).' },
  rename: { handler: rename, minArgs: 1, usage: '/rename #newname [reason]', help: 'Rename the current room, keeping who is in it (operators).' },
  invite: { handler: invite, minArgs: 1, usage: '/invite name [#room]', help: 'Invite someone to a room.' },
  echo: { handler: echo, minArgs: 1, usage: '/echo on|off', help: 'See your own messages echoed back.' },
  color: { handler: color, minArgs: 1, usage: '/color on|off', help: 'ANSI colours for names and notices.', preRegistration: true },
  wallops: { handler: wallops, minArgs: 1, usage: '/wallops on|off', help: 'Receive operators\' broadcasts (WALLOPS).' },
  help: { handler: help, minArgs: 0, usage: '/help', help: 'This list.', preRegistration: true, query: true },
  quit: { handler: quit, minArgs: 0, usage: '/quit [reason]', help: 'Disconnect.', preRegistration: true },
  leave: { handler: quit, minArgs: 0, usage: '/leave [reason]', help: 'Disconnect (same as /quit).', preRegistration: true },
});

/**
 * Run command `name` for session `s`: unknown commands, commands used before naming, and missing
 * arguments get an error line (the connection is kept). Never throws on user input.
 */
export function dispatch(s: PlainContext, name: string, args: readonly string[], rest: string): CommandResult {
  const row = Object.hasOwn(table, name) ? table[name] : undefined;
  if (row === undefined) {
    s.error(`Unknown command /${name}. Type /help for the list.`);
    return 'done';
  }
  if (!s.user.registered && row.preRegistration !== true) {
    s.error('Choose a name first.');
    return 'done';
  }
  if (args.length < row.minArgs) {
    s.error(`Usage: ${row.usage}`);
    return 'done';
  }
  return row.handler(s, args, rest);
}
