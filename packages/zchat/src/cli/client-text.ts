/**
 * Text handling for the terminal client, free of I/O: splitting the server's bytes into lines plus a trailing
 * partial line (the server's `Identifier: ` prompt has no newline), making server text safe to print, and
 * colouring names locally.
 */

/**
 * Splits a byte stream into complete lines (CRLF or LF, ending removed) and the text after the last newline.
 * Invalid UTF-8 becomes U+FFFD rather than failing: the client shows what it can.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending = '';

  /** Feed bytes; returns the lines completed by them. `partial` then holds any unterminated text. */
  push(bytes: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(bytes, { stream: true });
    const parts = text.split('\n');
    this.pending = parts.pop()!;
    return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  /** The text received after the last newline (a prompt, or the start of a line still arriving). */
  get partial(): string {
    return this.pending;
  }

  /** Forget the partial text (the user answered the prompt, or the connection ended). Returns what it was. */
  takePartial(): string {
    const p = this.pending + this.decoder.decode();
    this.pending = '';
    return p;
  }
}

// SGR colour sequences are the only escapes the server sends (after /color on); anything else (CSI cursor moves,
// OSC titles, lone controls) could move the cursor or retitle the terminal, so it is removed whole.
// eslint-disable-next-line no-control-regex
const sgr = /\x1b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const controls = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[^[]?|[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * Make a server line safe for a terminal: keep tab and (when `keepColour`) SGR colour sequences, drop every other
 * control character and escape sequence.
 */
export function sanitize(line: string, keepColour: boolean): string {
  if (!keepColour) return line.replace(sgr, '').replace(controls, '');
  let out = '';
  let last = 0;
  for (const m of line.matchAll(sgr)) {
    out += line.slice(last, m.index).replace(controls, '') + m[0];
    last = m.index + m[0].length;
  }
  return out + line.slice(last).replace(controls, '');
}

const palette = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];
const nick = String.raw`[A-Za-z_\[\]{}\\|^\`][A-Za-z0-9_\[\]{}\\|^\`-]*`;

/** The colour a name always gets: a hash of the name (case-insensitive) into 12 readable ANSI colours. */
export function nameColour(name: string): number {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return palette[h % palette.length]!;
}

const paint = (code: number | string, s: string): string => `\x1b[${code}m${s}\x1b[0m`;
const paintName = (name: string): string => paint(nameColour(name), name);

/**
 * Colour rules for the plain-text protocol's line shapes (src/chat/plain/format.ts), first match wins. Leading tags
 * (`[#room] `, `[private] `, `[to name] `, `[notice] `) are dimmed, then: a message `name: text`, an action
 * `* name text`, an event `name has joined.` / `name is now known as ...` / `name set the topic ...`, an error line,
 * and server notices (`*** ...`).
 */
const tags = String.raw`((?:\[[^\]]{1,60}\] )*)`;
const rules: readonly { pattern: RegExp; render: (m: RegExpExecArray) => string }[] = [
  { pattern: /^((?:Error|error|ERROR)\b.*)$/, render: (m) => paint(31, m[1]!) },
  { pattern: /^(\*\*\* .*)$/, render: (m) => paint(2, m[1]!) },
  { pattern: new RegExp(`^${tags}(${nick})(: .*)$`), render: (m) => `${dimTags(m[1]!)}${paintName(m[2]!)}${m[3]}` },
  { pattern: new RegExp(`^${tags}(\\* )(${nick})( .*)?$`), render: (m) => `${dimTags(m[1]!)}${m[2]}${paintName(m[3]!)}${m[4] ?? ''}` },
  { pattern: new RegExp(`^${tags}(${nick})( (?:has |is now |set |cleared |was kicked ).*)$`), render: (m) => `${dimTags(m[1]!)}${paintName(m[2]!)}${paint(2, m[3]!)}` },
];

function dimTags(text: string): string {
  return text === '' ? '' : paint(2, text);
}

/** Colour one (sanitized) line. Lines that already carry colour (the server's own, after /color on) are left alone. */
export function colourize(line: string): string {
  if (line.includes('\x1b[')) return line;
  for (const { pattern, render } of rules) {
    const m = pattern.exec(line);
    if (m) return render(m);
  }
  return line;
}
