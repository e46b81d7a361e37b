/**
 * The chat screen: conversations with unread counts, the active conversation's lines (new ones appended,
 * older ones loaded when scrolled to the top), its topic and members, who is typing, the connection state
 * and the input (commands, history on Up/Down, Alt+Up/Down to switch conversations, Tab for nicks).
 */
import type { ChatClient } from './client.js';
import { runInput } from './commands.js';
import { fold } from './irc.js';
import { renderLine } from './render-line.js';
import { sortedMembers } from './state.js';
import type { Buffer } from './state.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Lines drawn at once when a conversation is opened; more come with scrolling. */
const drawLimit = 500;

export class ChatView {
  private readonly lines = $<HTMLOListElement>('lines');
  private readonly input = $<HTMLInputElement>('input');
  private drawnKey: string | null = null;
  private drawnVersion = -1;
  private drawnCount = 0;
  private divider = 0;
  private frame = 0;
  private history: string[] = [];
  private historyAt = 0;
  private loadingOlder = false;

  constructor(private readonly client: ChatClient) {
    client.onChange = () => this.schedule();
    $('input-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => {
      const t = this.input.value;
      if (t !== '' && !t.startsWith('/')) client.typing(client.active, 'active');
      else if (t === '') client.typing(client.active, 'done');
    });
    this.lines.addEventListener('scroll', () => {
      if (this.lines.scrollTop < 40 && !this.loadingOlder && this.client.loadOlder(this.client.active)) this.loadingOlder = true;
    });
    $('menu').addEventListener('click', () => document.body.classList.toggle('show-buffers'));
    $('members-toggle').addEventListener('click', () => document.body.classList.toggle('show-members'));
    $('retry').addEventListener('click', () => client.retryNow());
    setInterval(() => this.schedule(), 1000);
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  /** Switch to `name`, remembering where its unread lines start for the divider. */
  open(name: string): void {
    const b = this.client.find(name);
    if (b === undefined) return;
    this.divider = b.unread > 0 ? b.readAt : Number.POSITIVE_INFINITY;
    this.client.select(name);
    document.body.classList.remove('show-buffers');
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '') return;
    this.history.push(text);
    if (this.history.length > 100) this.history.shift();
    this.historyAt = this.history.length;
    this.input.value = '';
    const error = runInput(this.client, text, this.client.active);
    if (error !== null) this.client.info(error, 'error', this.client.active);
    this.schedule();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const list = this.ordered();
      const i = list.findIndex((b) => fold(b.name) === fold(this.client.active) || (b.kind === 'server' && this.client.active === ''));
      const next = list[(i + (e.key === 'ArrowUp' ? -1 : 1) + list.length) % list.length];
      if (next !== undefined) this.open(next.kind === 'server' ? '' : next.name);
    } else if (e.key === 'ArrowUp' && this.historyAt > 0) {
      e.preventDefault();
      this.input.value = this.history[--this.historyAt] ?? '';
    } else if (e.key === 'ArrowDown' && this.historyAt < this.history.length) {
      e.preventDefault();
      this.input.value = this.history[++this.historyAt] ?? '';
    } else if (e.key === 'Tab' && this.input.value !== '') {
      const b = this.client.find(this.client.active);
      const m = /(\S+)$/.exec(this.input.value);
      if (b === undefined || m === null) return;
      const hit = [...b.members.keys()].find((n) => fold(n).startsWith(fold(m[1]!)));
      if (hit === undefined) return;
      e.preventDefault();
      const start = this.input.value.length - m[1]!.length;
      this.input.value = this.input.value.slice(0, start) + hit + (start === 0 ? ': ' : ' ');
    }
  }

  /** Server first, then rooms, then private conversations, each by name. */
  private ordered(): Buffer[] {
    const rank = { server: 0, channel: 1, query: 2 };
    return [...this.client.buffers.values()].sort((a, b) => rank[a.kind] - rank[b.kind] || fold(a.name).localeCompare(fold(b.name)));
  }

  private render(): void {
    this.frame = 0;
    const c = this.client;
    const active = c.find(c.active) ?? c.find('')!;
    this.renderBuffers(active);
    $('title').textContent = active.kind === 'server' ? active.name : active.name;
    $('topic').textContent = active.topic;
    $('topic').title = active.topic;
    const state = $('conn-state');
    state.textContent = c.state === 'connected' ? (c.away !== null ? `${c.nick} (away)` : c.nick) : c.status;
    state.className = `state-${c.state}`;
    $('retry').hidden = c.state !== 'waiting';
    document.body.classList.toggle('offline', c.state !== 'connected');
    this.renderMembers(active);
    this.renderLines(active);
    this.renderTyping(active);
    const unread = [...c.buffers.values()].reduce((n, b) => n + b.unread, 0);
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${active.name} – zchat`;
  }

  private renderBuffers(active: Buffer): void {
    const ul = $('buffer-list');
    ul.replaceChildren();
    for (const b of this.ordered()) {
      const li = document.createElement('li');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = `buffer k-${b.kind}${b === active ? ' active' : ''}${b.highlight ? ' highlight' : ''}${b.kind === 'channel' && !b.joined ? ' parted' : ''}`;
      btn.dataset.name = b.name;
      if (b === active) btn.setAttribute('aria-current', 'true');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = b.name;
      btn.append(name);
      if (b.unread > 0) {
        const badge = document.createElement('span');
        badge.className = 'unread';
        badge.textContent = String(b.unread);
        badge.setAttribute('aria-label', `${b.unread} unread`);
        btn.append(badge);
      }
      btn.addEventListener('click', () => this.open(b.kind === 'server' ? '' : b.name));
      li.append(btn);
      ul.append(li);
    }
  }

  private renderMembers(active: Buffer): void {
    const ul = $('member-list');
    ul.replaceChildren();
    $('members-count').textContent = active.kind === 'channel' ? `${active.members.size} here` : '';
    for (const [nick, prefix] of sortedMembers(active.members).slice(0, 1000)) {
      const li = document.createElement('li');
      li.className = `member${prefix.includes('~') ? ' away' : ''}`;
      const mark = document.createElement('span');
      mark.className = prefix.includes('@') ? 'op' : prefix.includes('+') ? 'voice' : 'mark';
      mark.textContent = prefix.includes('@') ? '@' : prefix.includes('+') ? '+' : '';
      if (prefix.includes('@')) mark.title = 'operator';
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = nick;
      btn.addEventListener('click', () => {
        this.client.buffer(nick, 'query');
        this.open(nick);
      });
      li.append(mark, btn);
      ul.append(li);
    }
  }

  private renderLines(b: Buffer): void {
    const key = fold(b.name) + b.kind;
    const el = this.lines;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 30;
    if (key !== this.drawnKey || b.version !== this.drawnVersion || b.lines.length < this.drawnCount) {
      const fromBottom = el.scrollHeight - el.scrollTop;
      const sameBuffer = key === this.drawnKey;
      el.replaceChildren();
      const start = Math.max(0, b.lines.length - Math.max(drawLimit, sameBuffer ? b.lines.length : 0));
      let dividerDrawn = false;
      for (const l of b.lines.slice(start)) {
        if (!dividerDrawn && l.time > this.divider && !l.own) {
          el.append(dividerItem());
          dividerDrawn = true;
        }
        el.append(renderLine(l));
      }
      this.drawnKey = key;
      this.drawnVersion = b.version;
      this.drawnCount = b.lines.length;
      this.loadingOlder = false;
      if (!sameBuffer || atBottom) el.scrollTop = el.scrollHeight;
      else el.scrollTop = el.scrollHeight - fromBottom;
      return;
    }
    for (const l of b.lines.slice(this.drawnCount)) el.append(renderLine(l));
    this.drawnCount = b.lines.length;
    if (atBottom) el.scrollTop = el.scrollHeight;
  }

  private renderTyping(b: Buffer): void {
    const now = Date.now();
    const names: string[] = [];
    for (const [k, t] of b.typing) {
      if (t.until < now) b.typing.delete(k);
      else names.push(t.nick);
    }
    $('typing').textContent = names.length === 0 ? '' : `${names.slice(0, 3).join(', ')}${names.length > 3 ? ' and others' : ''} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }
}

function dividerItem(): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'divider';
  li.textContent = 'new messages';
  return li;
}
