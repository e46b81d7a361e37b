/**
 * The IRC side of the web client: one WebSocket (text.ircv3.net) to the server the page came from, CAP
 * negotiation, SASL PLAIN, registration, and the replies that change the buffers (state.ts). Reconnects
 * with backoff when the connection drops, rejoins, and fetches what it missed (draft/chathistory AFTER the
 * last msgid seen) when the server offers it.
 */
import { fold, isChannel, line, nickOf, parse } from './irc.js';
import type { Message } from './irc.js';
import { countsAsUnread, mergeLines, newBuffer, unreadAfter } from './state.js';
import type { Buffer, BufferKind, Line, LineKind } from './state.js';
import { handlers } from './replies.js';

/** Capabilities the client asks for when the server offers them. */
export const wantedCaps = ['server-time', 'message-tags', 'echo-message', 'away-notify', 'multi-prefix', 'batch', 'draft/chathistory', 'draft/event-playback', 'draft/read-marker', 'sasl'];

export interface ConnectOptions {
  url: string;
  nick: string;
  /** SASL PLAIN account and password, when given. */
  account?: string;
  password?: string;
  channels: string[];
}

export type ConnectionState = 'connecting' | 'connected' | 'waiting' | 'closed';

/** Backoff before reconnect attempt `n` (0-based): 1 s, 2 s, 4 s ... at most 30 s, with jitter. */
export function backoffMs(n: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** n);
  return Math.round(base * (0.75 + random() * 0.25));
}

/** A chathistory batch being received: its target and lines. */
interface HistoryBatch {
  target: string;
  lines: Line[];
}

export class ChatClient {
  state: ConnectionState = 'closed';
  /** Why the last connection ended, shown to the user. */
  status = '';
  /** When the next reconnect attempt starts (ms), while `state` is 'waiting'. */
  retryAt = 0;
  nick: string;
  away: string | null = null;
  readonly caps = new Set<string>();
  /** Folded name -> buffer; the server buffer is under ''. */
  readonly buffers = new Map<string, Buffer>();
  active = '';
  chanTypes = '#&';
  /** Mode letter -> prefix character (ISUPPORT PREFIX). */
  prefixes = new Map([['o', '@'], ['v', '+']]);
  /** Called after every change; the view redraws on the next frame. */
  onChange: () => void = () => {};
  /** Called when a line arrives that was not sent by us in a buffer that is not active. */
  onActivity: (buffer: Buffer) => void = () => {};
  /** @internal open chathistory batches by reference tag. */
  readonly batches = new Map<string, HistoryBatch>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private quitting = false;
  private offered = new Map<string, string>();
  private lastTyping = 0;

  constructor(readonly options: ConnectOptions) {
    this.nick = options.nick;
    this.buffers.set('', newBuffer(new URL(options.url).host, 'server'));
  }

  // ---- connection ----------------------------------------------------------------------------------

  /** Open the WebSocket and register. Safe to call again after a close (reconnect). */
  connect(): void {
    this.quitting = false;
    this.state = 'connecting';
    this.status = 'Connecting…';
    this.caps.clear();
    this.offered.clear();
    const ws = new WebSocket(this.options.url, ['text.ircv3.net']);
    this.ws = ws;
    ws.onopen = () => {
      this.send(line('CAP', ['LS', '302']));
      this.send(line('NICK', [this.nick]));
      this.send(line('USER', [this.options.nick, '0', '*', this.options.nick]));
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      const msg = parse(e.data);
      if (msg !== null) this.receive(msg);
      this.onChange();
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const b of this.buffers.values()) if (b.kind === 'channel') b.joined = false;
      if (this.quitting) {
        this.state = 'closed';
        this.status = 'Disconnected.';
      } else {
        const wait = backoffMs(this.attempt++);
        this.state = 'waiting';
        this.retryAt = Date.now() + wait;
        this.status = `Connection lost${e.reason ? ` (${e.reason})` : ''}; reconnecting in ${Math.ceil(wait / 1000)} s`;
        this.retryTimer = setTimeout(() => this.connect(), wait);
      }
      this.onChange();
    };
    this.onChange();
  }

  /** Reconnect now instead of waiting for the backoff. */
  retryNow(): void {
    if (this.state !== 'waiting') return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.connect();
  }

  /** QUIT and close; no reconnect. */
  quit(reason = 'Leaving'): void {
    this.quitting = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.ws !== null && this.ws.readyState === WebSocket.OPEN) this.send(line('QUIT', [reason]));
    this.ws?.close();
    this.state = 'closed';
    this.onChange();
  }

  /** Send one line (already built with `line`); dropped while disconnected. */
  send(text: string): void {
    if (this.ws !== null && this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  // ---- buffers -------------------------------------------------------------------------------------

  buffer(name: string, kind?: BufferKind): Buffer {
    const key = name === '' ? '' : fold(name);
    let b = this.buffers.get(key);
    if (b === undefined) {
      b = newBuffer(name, kind ?? (isChannel(name, this.chanTypes) ? 'channel' : 'query'));
      this.buffers.set(key, b);
    }
    return b;
  }

  find(name: string): Buffer | undefined {
    return this.buffers.get(name === '' ? '' : fold(name));
  }

  /** Add a line to `target`'s buffer (created if needed), counting it unread unless it is the active one. */
  addLine(target: string, l: Line): void {
    const b = this.buffer(target);
    if (l.msgid !== undefined && b.lines.some((x) => x.msgid === l.msgid)) return;
    b.lines.push(l);
    if (b.lines.length > 2000) {
      b.lines.splice(0, b.lines.length - 2000);
      b.version++;
    }
    if (fold(b.name) === fold(this.active) || (b.kind === 'server' && this.active === '')) {
      if (l.own || countsAsUnread(l)) this.markRead(b);
    } else if (countsAsUnread(l) && l.time > b.readAt) {
      b.unread++;
      if (b.kind === 'query' || fold(l.text).includes(fold(this.nick))) b.highlight = true;
      this.onActivity(b);
    }
  }

  /** A line from the server's notices buffer (errors, info). */
  info(text: string, kind: LineKind = 'info', target = ''): void {
    this.addLine(target, { time: Date.now(), kind, nick: '', text, own: false });
  }

  /** Show `name`'s buffer and mark it read. */
  select(name: string): void {
    const b = this.find(name);
    if (b === undefined) return;
    this.active = b.kind === 'server' ? '' : b.name;
    this.markRead(b);
    this.onChange();
  }

  /** Everything in `b` is read: tell the server (draft/read-marker) so other tabs and devices know. */
  markRead(b: Buffer): void {
    b.unread = 0;
    b.highlight = false;
    const last = b.lines[b.lines.length - 1];
    if (last === undefined || last.time <= b.readAt || b.kind === 'server') return;
    b.readAt = last.time;
    if (this.caps.has('draft/read-marker')) this.send(line('MARKREAD', [b.name, `timestamp=${new Date(last.time).toISOString()}`]));
  }

  /** A read marker from the server (after JOIN, or set by another client of ours). */
  setReadMarker(target: string, at: number): void {
    const b = this.find(target);
    if (b === undefined || at <= b.readAt) return;
    b.readAt = at;
    const u = unreadAfter(b.lines, at, this.nick, b.kind === 'query');
    b.unread = u.unread;
    b.highlight = u.highlight;
  }

  /** Merge history lines into a buffer (chathistory), then recount its unread lines. */
  mergeHistory(target: string, lines: Line[]): void {
    const b = this.buffer(target);
    const before = b.lines.length;
    b.lines = mergeLines(b.lines, lines);
    b.version++;
    if (b.lines.length === before && lines.length === 0) b.moreBefore = false;
    if (fold(b.name) === fold(this.active)) this.markRead(b);
    else {
      const u = unreadAfter(b.lines, b.readAt, this.nick, b.kind === 'query');
      b.unread = u.unread;
      b.highlight = u.highlight;
    }
  }

  // ---- what the user does ------------------------------------------------------------------------------

  /** Send `text` to `target` (each line of a paste as its own message); without echo-message, show it now. */
  say(target: string, text: string, action = false): void {
    for (const part of text.split(/\r?\n/)) {
      if (part === '') continue;
      const body = action ? `\x01ACTION ${part}\x01` : part;
      this.send(line('PRIVMSG', [target, body]));
      if (!this.caps.has('echo-message')) this.addLine(target, { time: Date.now(), kind: action ? 'action' : 'message', nick: this.nick, text: part, own: true });
    }
    this.lastTyping = 0;
  }

  /** Tell `target` we are typing (+typing client tag), at most every 3 s while typing goes on. */
  typing(target: string, state: 'active' | 'done'): void {
    if (!this.caps.has('message-tags') || target === '') return;
    const now = Date.now();
    if (state === 'active' && now - this.lastTyping < 3000) return;
    if (state === 'done' && this.lastTyping === 0) return;
    this.lastTyping = state === 'active' ? now : 0;
    this.send(line('TAGMSG', [target], { '+typing': state }));
  }

  /** Ask for older lines of `target` (chathistory BEFORE its oldest msgid); false when not possible. */
  loadOlder(target: string): boolean {
    const b = this.find(target);
    if (b === undefined || !b.moreBefore || !this.caps.has('draft/chathistory') || b.kind === 'server') return false;
    const oldest = b.lines.find((l) => l.msgid !== undefined);
    this.send(line('CHATHISTORY', ['BEFORE', b.name, oldest === undefined ? '*' : `msgid=${oldest.msgid}`, '50']));
    return true;
  }

  // ---- what the server says ------------------------------------------------------------------------

  /** @internal One server message. */
  receive(msg: Message): void {
    const batch = msg.tags.get('batch');
    if (batch !== undefined && this.batches.has(batch) && (msg.command === 'PRIVMSG' || msg.command === 'NOTICE')) {
      const l = this.messageLine(msg);
      if (l !== null) this.batches.get(batch)!.lines.push(l.line);
      return;
    }
    handlers[msg.command]?.(this, msg);
  }

  /** The time a message carries (server-time), else now. */
  timeOf(msg: Message): number {
    const t = msg.tags.get('time');
    const ms = t === undefined ? NaN : Date.parse(t);
    return Number.isNaN(ms) ? Date.now() : ms;
  }

  /** A PRIVMSG/NOTICE as a line, and the buffer it belongs to (the peer for private ones). */
  messageLine(msg: Message): { target: string; line: Line } | null {
    const [to, text] = msg.params;
    if (to === undefined || text === undefined) return null;
    const from = nickOf(msg.source);
    const own = fold(from) === fold(this.nick);
    const target = isChannel(to, this.chanTypes) ? to : own ? to : msg.source.includes('!') ? from : '';
    let kind: LineKind = msg.command === 'NOTICE' ? 'notice' : 'message';
    let body = text;
    // CTCP (\x01-delimited): ACTION is /me; other requests are not shown.
    // eslint-disable-next-line no-control-regex
    const ctcp = /^\x01(\S+)(?: (.*?))?\x01?$/.exec(text);
    if (ctcp !== null) {
      if (ctcp[1] !== 'ACTION') return null;
      kind = 'action';
      body = ctcp[2] ?? '';
    }
    const msgid = msg.tags.get('msgid');
    return { target, line: { time: this.timeOf(msg), kind, nick: from, text: body, own, ...(msgid !== undefined ? { msgid } : {}) } };
  }

  /** @internal After 001: join the channels (those asked for, and those we were in before a reconnect). */
  registered(): void {
    this.attempt = 0;
    this.state = 'connected';
    this.status = '';
    const rejoin = [...this.buffers.values()].filter((b) => b.kind === 'channel').map((b) => b.name);
    const names = [...new Set([...this.options.channels, ...rejoin].map((c) => c.trim()).filter((c) => c !== ''))];
    for (const name of names) this.send(line('JOIN', [name]));
    if (this.away !== null) this.send(line('AWAY', [this.away]));
    if (!this.caps.has('draft/chathistory')) return;
    for (const b of this.buffers.values()) {
      if (b.kind !== 'query') continue;
      this.catchUp(b);
    }
  }

  /** @internal What `b` missed: AFTER the last msgid seen, or the latest lines when we have none. */
  catchUp(b: Buffer): void {
    if (!this.caps.has('draft/chathistory')) return;
    const last = [...b.lines].reverse().find((l) => l.msgid !== undefined);
    if (last === undefined) this.send(line('CHATHISTORY', ['LATEST', b.name, '*', '100']));
    else this.send(line('CHATHISTORY', ['AFTER', b.name, `msgid=${last.msgid}`, '100']));
  }

  /** @internal CAP LS (possibly in several lines): request what we want; then SASL or CAP END. */
  capLs(items: string, more: boolean): void {
    for (const item of items.split(' ')) {
      if (item === '') continue;
      const eq = item.indexOf('=');
      this.offered.set(eq === -1 ? item : item.slice(0, eq), eq === -1 ? '' : item.slice(eq + 1));
    }
    if (more) return;
    const want = wantedCaps.filter((c) => this.offered.has(c) && (c !== 'sasl' || this.options.account));
    if (want.length === 0) this.send(line('CAP', ['END']));
    else this.send(line('CAP', ['REQ', want.join(' ')]));
  }

  /** @internal CAP ACK: start SASL PLAIN if asked for, else end negotiation. */
  capAck(items: string): void {
    for (const c of items.split(' ')) if (c !== '') this.caps.add(c.replace(/^-/, ''));
    if (this.caps.has('sasl') && this.options.account) this.send(line('AUTHENTICATE', ['PLAIN']));
    else this.send(line('CAP', ['END']));
  }

  /** @internal AUTHENTICATE +: send the PLAIN credentials (base64 of authzid NUL authcid NUL password). */
  saslContinue(): void {
    const { account = '', password = '' } = this.options;
    const bytes = new TextEncoder().encode(`${account}\0${account}\0${password}`);
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const b64 = btoa(bin);
    for (let i = 0; i < b64.length; i += 400) this.send(line('AUTHENTICATE', [b64.slice(i, i + 400)]));
    if (b64.length % 400 === 0) this.send(line('AUTHENTICATE', ['+']));
  }
}
