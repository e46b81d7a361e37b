/**
 * What the client does with each server command or numeric: one table, a handler per row, each changing
 * the client's buffers. Unknown commands are ignored; numerics without a row go to the server buffer.
 */
import { fold, isChannel, nickOf } from './irc.js';
import type { Message } from './irc.js';
import type { ChatClient } from './client.js';

type Handler = (c: ChatClient, m: Message) => void;

const p = (m: Message, i: number): string => m.params[i] ?? '';
const last = (m: Message): string => m.params[m.params.length - 1] ?? '';

/** Whether a message's source is us. */
function fromMe(c: ChatClient, m: Message): boolean {
  return fold(nickOf(m.source)) === fold(c.nick);
}

/** Show a numeric's text in the server buffer (errors as errors). */
function numeric(c: ChatClient, m: Message): void {
  const text = m.params.slice(1).join(' ');
  c.info(text, /^[45]/.test(m.command) ? 'error' : 'info', c.active);
}

function members(c: ChatClient, channel: string): Map<string, string> {
  return c.buffer(channel, 'channel').members;
}

function forEachChannelOf(c: ChatClient, nick: string, f: (name: string) => void): void {
  const n = fold(nick);
  for (const b of c.buffers.values()) {
    if (b.kind !== 'channel') continue;
    for (const k of b.members.keys()) if (fold(k) === n) f(b.name);
  }
}

function removeMember(map: Map<string, string>, nick: string): boolean {
  const n = fold(nick);
  for (const k of map.keys()) if (fold(k) === n) return map.delete(k);
  return false;
}

export const handlers: Readonly<Record<string, Handler>> = {
  PING: (c, m) => c.send(`PONG :${last(m)}`),
  CAP: (c, m) => {
    const sub = p(m, 1);
    if (sub === 'LS') c.capLs(last(m), p(m, 2) === '*');
    else if (sub === 'ACK') c.capAck(last(m));
    else if (sub === 'NAK') c.send('CAP END');
    else if (sub === 'NEW' || sub === 'DEL') c.info(`Server capabilities ${sub === 'NEW' ? 'added' : 'removed'}: ${last(m)}`);
  },
  AUTHENTICATE: (c, m) => {
    if (p(m, 0) === '+') c.saslContinue();
  },
  '903': (c) => c.send('CAP END'),
  '904': (c, m) => {
    numeric(c, m);
    c.send('CAP END');
  },
  '001': (c, m) => {
    c.nick = p(m, 0);
    c.info(last(m));
    c.registered();
  },
  '005': (c, m) => {
    for (const tok of m.params.slice(1, -1)) {
      const [k, v = ''] = tok.split('=');
      if (k === 'CHANTYPES') c.chanTypes = v;
      if (k === 'PREFIX') {
        const mm = /^\((\w+)\)(.+)$/.exec(v);
        if (mm !== null) c.prefixes = new Map([...mm[1]!].map((ch, i) => [ch, mm[2]![i]!]));
      }
    }
  },
  '433': (c, m) => {
    numeric(c, m);
    // Taken while registering (a ghost of ours, or someone else): try with an underscore.
    if (c.state !== 'connected') {
      c.nick = `${p(m, 1)}_`;
      c.send(`NICK ${c.nick}`);
    }
  },
  '332': (c, m) => void (c.buffer(p(m, 1), 'channel').topic = last(m)),
  '331': (c, m) => void (c.buffer(p(m, 1), 'channel').topic = ''),
  '353': (c, m) => {
    const map = members(c, p(m, 2));
    const prefixChars = [...c.prefixes.values()].join('');
    for (const entry of last(m).split(' ')) {
      if (entry === '') continue;
      let i = 0;
      while (i < entry.length && prefixChars.includes(entry[i]!)) i++;
      map.set(nickOf(entry.slice(i)), entry.slice(0, i));
    }
  },
  '366': (c, m) => {
    const b = c.buffer(p(m, 1), 'channel');
    c.catchUp(b);
  },
  '301': (c, m) => c.info(`${p(m, 1)} is away: ${last(m)}`, 'info', p(m, 1)),
  '305': (c, m) => {
    c.away = null;
    c.info(last(m));
  },
  '306': (c, m) => {
    c.info(last(m));
  },
  '376': () => {},
  '422': () => {},
  JOIN: (c, m) => {
    const channel = p(m, 0);
    const nick = nickOf(m.source);
    const b = c.buffer(channel, 'channel');
    if (fromMe(c, m)) {
      b.joined = true;
      b.members.clear();
      if (c.active === '' || c.find(c.active) === undefined || c.find(c.active)?.kind === 'server') c.select(channel);
    } else b.members.set(nick, '');
    c.addLine(channel, { time: c.timeOf(m), kind: 'join', nick, text: `${nick} joined ${channel}`, own: fromMe(c, m) });
  },
  PART: (c, m) => {
    const channel = p(m, 0);
    const nick = nickOf(m.source);
    const b = c.buffer(channel, 'channel');
    if (fromMe(c, m)) {
      b.joined = false;
      b.members.clear();
    } else removeMember(b.members, nick);
    c.addLine(channel, { time: c.timeOf(m), kind: 'part', nick, text: `${nick} left${m.params.length > 1 ? ` (${last(m)})` : ''}`, own: fromMe(c, m) });
  },
  KICK: (c, m) => {
    const channel = p(m, 0);
    const who = p(m, 1);
    const b = c.buffer(channel, 'channel');
    if (fold(who) === fold(c.nick)) b.joined = false;
    removeMember(b.members, who);
    c.addLine(channel, { time: c.timeOf(m), kind: 'part', nick: who, text: `${who} was kicked by ${nickOf(m.source)} (${last(m)})`, own: false });
  },
  QUIT: (c, m) => {
    const nick = nickOf(m.source);
    forEachChannelOf(c, nick, (name) => {
      removeMember(c.buffer(name).members, nick);
      c.addLine(name, { time: c.timeOf(m), kind: 'quit', nick, text: `${nick} quit (${last(m)})`, own: false });
    });
  },
  NICK: (c, m) => {
    const old = nickOf(m.source);
    const now = p(m, 0);
    if (fromMe(c, m)) c.nick = now;
    forEachChannelOf(c, old, (name) => {
      const map = c.buffer(name).members;
      const prefix = map.get(old) ?? [...map].find(([k]) => fold(k) === fold(old))?.[1] ?? '';
      removeMember(map, old);
      map.set(now, prefix);
      c.addLine(name, { time: c.timeOf(m), kind: 'nick', nick: old, text: `${old} is now known as ${now}`, own: false });
    });
  },
  TOPIC: (c, m) => {
    const b = c.buffer(p(m, 0), 'channel');
    b.topic = last(m);
    c.addLine(b.name, { time: c.timeOf(m), kind: 'topic', nick: nickOf(m.source), text: `${nickOf(m.source)} set the topic: ${last(m)}`, own: fromMe(c, m) });
  },
  MODE: (c, m) => {
    const target = p(m, 0);
    if (!isChannel(target, c.chanTypes)) return;
    const map = c.buffer(target, 'channel').members;
    let adding = true;
    let arg = 2;
    for (const ch of p(m, 1)) {
      if (ch === '+' || ch === '-') {
        adding = ch === '+';
        continue;
      }
      const prefix = c.prefixes.get(ch);
      if (prefix === undefined) {
        if ('beIkl'.includes(ch) && (adding || ch !== 'l')) arg++;
        continue;
      }
      const who = p(m, arg++);
      const key = [...map.keys()].find((k) => fold(k) === fold(who));
      if (key === undefined) continue;
      const cur = map.get(key) ?? '';
      map.set(key, adding ? (cur.includes(prefix) ? cur : prefix + cur) : cur.replace(prefix, ''));
    }
    c.addLine(target, { time: c.timeOf(m), kind: 'mode', nick: nickOf(m.source), text: `${nickOf(m.source)} set mode ${m.params.slice(1).join(' ')}`, own: false });
  },
  AWAY: (c, m) => {
    const nick = nickOf(m.source);
    forEachChannelOf(c, nick, (name) => {
      const b = c.buffer(name);
      const key = [...b.members.keys()].find((k) => fold(k) === fold(nick));
      if (key !== undefined) b.members.set(key, (b.members.get(key) ?? '').replace('~', '') + (m.params.length > 0 ? '~' : ''));
    });
  },
  PRIVMSG: (c, m) => message(c, m),
  NOTICE: (c, m) => message(c, m),
  TAGMSG: (c, m) => {
    const state = m.tags.get('+typing');
    if (state === undefined || fromMe(c, m)) return;
    const to = p(m, 0);
    const from = nickOf(m.source);
    const b = c.find(isChannel(to, c.chanTypes) ? to : from);
    if (b === undefined) return;
    if (state === 'active' || state === 'paused') b.typing.set(fold(from), { nick: from, until: Date.now() + (state === 'active' ? 6000 : 30000) });
    else b.typing.delete(fold(from));
  },
  MARKREAD: (c, m) => {
    const at = /^timestamp=(.+)$/.exec(p(m, 1));
    if (at !== null) c.setReadMarker(p(m, 0), Date.parse(at[1]!));
  },
  BATCH: (c, m) => {
    const ref = p(m, 0);
    if (ref.startsWith('+') && p(m, 1) === 'chathistory') c.batches.set(ref.slice(1), { target: p(m, 2), lines: [] });
    else if (ref.startsWith('-')) {
      const b = c.batches.get(ref.slice(1));
      c.batches.delete(ref.slice(1));
      if (b !== undefined) c.mergeHistory(b.target, b.lines);
    }
  },
  FAIL: (c, m) => c.info(`${p(m, 0)}: ${last(m)}`, 'error', c.active),
  ERROR: (c, m) => c.info(last(m), 'error'),
};

function message(c: ChatClient, m: Message): void {
  const r = c.messageLine(m);
  if (r === null) return;
  const b = c.buffer(r.target);
  b.typing.delete(fold(r.line.nick));
  c.addLine(r.target, r.line);
}

/** Numerics that only say something: shown in the server buffer. */
for (const code of ['002', '003', '004', '251', '252', '253', '254', '255', '265', '266', '372', '375', '401', '403', '404', '405', '432', '442', '461', '471', '473', '474', '475', '482', '421', '417']) {
  (handlers as Record<string, Handler>)[code] ??= numeric;
}
