/**
 * What the input line does: text goes to the active buffer; `/word args` runs a row of the command table.
 * Each row has its usage and help (shown by /help). Everything is built with `line`, so nothing the user
 * types can add a second command to the wire.
 */
import { isChannel, line } from './irc.js';
import type { ChatClient } from './client.js';

interface Command {
  usage: string;
  help: string;
  run(c: ChatClient, args: string, target: string): void;
}

const word = (s: string): [string, string] => {
  const t = s.trim();
  const sp = t.indexOf(' ');
  return sp === -1 ? [t, ''] : [t.slice(0, sp), t.slice(sp + 1)];
};

export const commands: Readonly<Record<string, Command>> = {
  join: {
    usage: '/join #room',
    help: 'Join a room (or several, separated by commas).',
    run: (c, args) => {
      const [room] = word(args);
      if (room !== '') c.send(line('JOIN', [isChannel(room, c.chanTypes) ? room : `#${room}`]));
    },
  },
  part: {
    usage: '/part [#room] [reason]',
    help: 'Leave the current room, or the one named.',
    run: (c, args, target) => {
      const [first, rest] = word(args);
      const room = isChannel(first, c.chanTypes) ? first : target;
      const reason = isChannel(first, c.chanTypes) ? rest : args.trim();
      if (room !== '') c.send(line('PART', reason === '' ? [room] : [room, reason]));
    },
  },
  me: {
    usage: '/me action',
    help: 'Say what you are doing ("* you waves").',
    run: (c, args, target) => {
      if (target !== '' && args.trim() !== '') c.say(target, args, true);
    },
  },
  nick: {
    usage: '/nick name',
    help: 'Change your name.',
    run: (c, args) => {
      const [n] = word(args);
      if (n !== '') c.send(line('NICK', [n]));
    },
  },
  topic: {
    usage: '/topic [text]',
    help: "Show or set the current room's topic.",
    run: (c, args, target) => {
      if (target === '') return;
      c.send(line('TOPIC', args.trim() === '' ? [target] : [target, args.trim()]));
    },
  },
  msg: {
    usage: '/msg name text',
    help: 'Send a private message (opens a conversation).',
    run: (c, args) => {
      const [to, text] = word(args);
      if (to === '' || text === '') return;
      c.buffer(to);
      c.say(to, text);
      c.select(to);
    },
  },
  query: {
    usage: '/query name',
    help: 'Open a private conversation.',
    run: (c, args) => {
      const [to] = word(args);
      if (to === '') return;
      c.buffer(to);
      c.select(to);
    },
  },
  away: {
    usage: '/away [message]',
    help: 'Mark yourself away (no message: back).',
    run: (c, args) => {
      const text = args.trim();
      c.away = text === '' ? null : text;
      c.send(line('AWAY', text === '' ? [] : [text]));
    },
  },
  back: {
    usage: '/back',
    help: 'You are back.',
    run: (c) => {
      c.away = null;
      c.send(line('AWAY'));
    },
  },
  close: {
    usage: '/close',
    help: 'Close the current private conversation (or leave the room).',
    run: (c, _args, target) => {
      const b = c.find(target);
      if (b === undefined || b.kind === 'server') return;
      if (b.kind === 'channel' && b.joined) c.send(line('PART', [b.name]));
      c.buffers.delete([...c.buffers].find(([, v]) => v === b)![0]);
      c.select('');
    },
  },
  quit: {
    usage: '/quit [message]',
    help: 'Disconnect.',
    run: (c, args) => c.quit(args.trim() === '' ? 'Leaving' : args.trim()),
  },
  quote: {
    usage: '/quote LINE',
    help: 'Send a raw IRC line.',
    run: (c, args) => {
      if (args.trim() !== '' && !/[\r\n\0]/.test(args)) c.send(args.trim());
    },
  },
  help: {
    usage: '/help',
    help: 'List the commands.',
    run: (c, _args, target) => {
      for (const cmd of Object.values(commands)) c.info(`${cmd.usage} — ${cmd.help}`, 'info', target);
    },
  },
};

/**
 * Run what the user typed in the buffer `target` ('' for the server buffer). `//text` sends "/text".
 * Returns an error to show, or null.
 */
export function runInput(c: ChatClient, text: string, target: string): string | null {
  if (text.startsWith('/') && !text.startsWith('//')) {
    const [name, args] = word(text.slice(1));
    const cmd = commands[name.toLowerCase()];
    if (cmd === undefined) return `Unknown command /${name}. Try /help.`;
    cmd.run(c, args, target);
    return null;
  }
  if (target === '') return 'This is the server window: join a room with /join #room, or use /msg.';
  c.say(target, text.startsWith('//') ? text.slice(1) : text);
  return null;
}
