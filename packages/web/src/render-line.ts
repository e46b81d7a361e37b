/**
 * One chat line as DOM: every piece of text goes in as a text node (textContent), links are `<a>` with an
 * http(s) href checked here, formatting becomes classes. Nothing a peer sends is ever parsed as HTML.
 */
import { parseFormatting } from './formatting.js';
import type { Line } from './state.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className !== '') e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The message text with IRC formatting and links, appended to `parent`. */
export function renderText(parent: HTMLElement, text: string): void {
  for (const run of parseFormatting(text)) {
    const s = run.style;
    const classes: string[] = [];
    if (s.bold) classes.push('b');
    if (s.italic) classes.push('i');
    if (s.underline) classes.push('u');
    if (s.strike) classes.push('s');
    if (s.mono) classes.push('m');
    const fg = s.reverse ? s.bg : s.fg;
    const bg = s.reverse ? s.fg : s.bg;
    if (fg !== null && fg < 16) classes.push(`fg${fg}`);
    if (bg !== null && bg < 16) classes.push(`bg${bg}`);
    let node: HTMLElement;
    if (run.href !== undefined && /^https?:\/\//i.test(run.href)) {
      const a = el('a', classes.join(' '), run.text);
      a.href = run.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      node = a;
    } else if (classes.length > 0) node = el('span', classes.join(' '), run.text);
    else {
      parent.append(document.createTextNode(run.text));
      continue;
    }
    parent.append(node);
  }
}

/** A stable colour (one of 8 classes) for a nick. */
function nickClass(nick: string): string {
  let h = 0;
  for (let i = 0; i < nick.length; i++) h = (h * 31 + nick.charCodeAt(i)) >>> 0;
  return `nick n${h % 8}`;
}

/** One line of a buffer as an `<li>`. */
export function renderLine(l: Line): HTMLLIElement {
  const li = el('li', `line k-${l.kind}${l.own ? ' own' : ''}`);
  if (l.msgid !== undefined) li.dataset.msgid = l.msgid;
  const time = el('time', 'time', timeFormat.format(l.time));
  time.dateTime = new Date(l.time).toISOString();
  time.title = dateFormat.format(l.time);
  li.append(time);
  if (l.kind === 'message' || l.kind === 'notice') {
    li.append(el('span', nickClass(l.nick), l.kind === 'notice' ? `-${l.nick}-` : l.nick));
    const body = el('span', 'text');
    renderText(body, l.text);
    li.append(body);
  } else if (l.kind === 'action') {
    const body = el('span', 'text');
    body.append(el('span', nickClass(l.nick), `* ${l.nick}`), document.createTextNode(' '));
    renderText(body, l.text);
    li.append(body);
  } else {
    const body = el('span', 'text event');
    renderText(body, l.text);
    li.append(body);
  }
  return li;
}
