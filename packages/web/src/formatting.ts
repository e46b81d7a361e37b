/**
 * IRC formatting codes (modern.ircdocs.horse/formatting) to styled runs, and links found in the text. Pure
 * data out: the view turns each run into a text node inside an element, never into markup, so anything a
 * peer sends shows as the characters it is.
 */

export interface Style {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  mono: boolean;
  reverse: boolean;
  /** mIRC colour numbers 0-98, or null. */
  fg: number | null;
  bg: number | null;
}

/** A run of text in one style; `href` when the run is a link (http or https only). */
export interface Run {
  text: string;
  style: Style;
  href?: string;
}

const plainStyle: Style = { bold: false, italic: false, underline: false, strike: false, mono: false, reverse: false, fg: null, bg: null };

const toggles: Record<string, keyof Style> = { '\x02': 'bold', '\x1d': 'italic', '\x1f': 'underline', '\x1e': 'strike', '\x11': 'mono', '\x16': 'reverse' };

/** Split `text` into styled runs; formatting characters are consumed, other control characters dropped. */
export function parseFormatting(text: string): Run[] {
  const runs: Run[] = [];
  let style: Style = { ...plainStyle };
  let buf = '';
  const flush = (): void => {
    if (buf !== '') runs.push({ text: buf, style: { ...style } });
    buf = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const toggle = toggles[c];
    if (toggle !== undefined) {
      flush();
      style = { ...style, [toggle]: !style[toggle] };
    } else if (c === '\x0f') {
      flush();
      style = { ...plainStyle };
    } else if (c === '\x03') {
      flush();
      const m = /^(\d{1,2})(?:,(\d{1,2}))?/.exec(text.slice(i + 1));
      if (m === null) style = { ...style, fg: null, bg: null };
      else {
        style = { ...style, fg: Number(m[1]), bg: m[2] === undefined ? style.bg : Number(m[2]) };
        i += m[0].length;
      }
    } else if (c === '\x04') {
      // Hex colours: consumed, not shown (few clients send them).
      flush();
      const m = /^[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?/.exec(text.slice(i + 1));
      if (m !== null) i += m[0].length;
    } else if (c < ' ' || c === '\x7f') {
      // Other control characters show as nothing.
    } else buf += c;
  }
  flush();
  return runs.flatMap(splitLinks);
}

const linkPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** Split one run where links are; a trailing `.,;:!?)` stays outside the link, as people write. */
function splitLinks(run: Run): Run[] {
  const out: Run[] = [];
  let last = 0;
  for (const m of run.text.matchAll(linkPattern)) {
    let url = m[0];
    const trail = /[.,;:!?)\]]+$/.exec(url);
    if (trail !== null && !(trail[0].startsWith(')') && url.includes('('))) url = url.slice(0, url.length - trail[0].length);
    const start = m.index;
    if (start > last) out.push({ text: run.text.slice(last, start), style: run.style });
    out.push({ text: url, style: run.style, href: url });
    last = start + url.length;
  }
  if (last < run.text.length) out.push({ text: run.text.slice(last), style: run.style });
  return out;
}

/** The text without formatting codes (for notifications, titles, the read-out of a line). */
export function stripFormatting(text: string): string {
  return parseFormatting(text).map((r) => r.text).join('');
}
