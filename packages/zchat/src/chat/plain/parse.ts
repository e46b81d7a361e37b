/**
 * The plain-text protocol's input side, pure: one line of bytes (already split at LF and capped by the
 * gateway's reader) to a command or a chat line. Never throws, never reads the clock, config or globals.
 */

/** A command (`/name args...`) or a chat line. */
export type PlainLine =
  | { readonly kind: 'text'; readonly text: string }
  | {
    readonly kind: 'command';
    /** Lower-cased command name without the slash ('' for a bare `/`). */
    readonly name: string;
    /** Whitespace-separated words after the name. */
    readonly args: readonly string[];
    /** Everything after the name, leading whitespace removed (for `/msg bob text`, `/me ...`). */
    readonly rest: string;
  };

/** Why a line was refused. Empty: nothing left after stripping (ignored silently by the gateway). */
export type PlainParseError = 'Empty' | 'TooLong' | 'InvalidUtf8';

export type PlainParseResult = { ok: true; line: PlainLine } | { ok: false; error: PlainParseError };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Escape and formatting sequences are removed whole, so no "[31m" or "04" residue is left behind. Matching
// control characters is the point of these patterns.
/* eslint-disable no-control-regex */
// IRC formatting (modern.ircdocs.horse/formatting): \x03 colour with at most two foreground digits and, only
// after them, a comma and at most two background digits; \x04 hex colour RRGGBB[,RRGGBB]. Bold, italics,
// underline, strikethrough, monospace, reverse and reset (\x02 \x1d \x1f \x1e \x11 \x16 \x0f) are one byte
// each and go with the other controls below.
const IRC_COLOR = /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?/g;
const ANSI_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// C0 controls except tab, DEL, and C1 controls.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
const HAS_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
/* eslint-enable no-control-regex */

/**
 * `text` without IRC colour/formatting sequences, ANSI escape sequences and control characters other than
 * tab: what a plain-text user may see. The result holds no control character but tab, so a second call
 * returns it unchanged (idempotent). Same string if already clean; never throws.
 */
export function stripControls(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  // Colours first: their digits are only recognisable next to their \x03/\x04.
  return text.replace(IRC_COLOR, '').replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/** Split `rest` into its first word and the text after it (leading whitespace removed). */
export function splitFirst(rest: string): [string, string] {
  const m = /^(\S*)\s*([\s\S]*)$/.exec(rest);
  return m ? [m[1]!, m[2]!] : ['', ''];
}

/**
 * Parse one input line: `bytes` without its LF (a trailing CR is dropped here). Lines longer than
 * `maxLineBytes` give TooLong; bytes that are not UTF-8 give InvalidUtf8; nothing printable gives Empty.
 * `/name args` is a command; `//text` sends the text `/text`.
 */
export function parseLine(bytes: Uint8Array, maxLineBytes: number): PlainParseResult {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  if (end > maxLineBytes) return { ok: false, error: 'TooLong' };
  let decoded: string;
  try {
    decoded = decoder.decode(end === bytes.length ? bytes : bytes.subarray(0, end));
  } catch {
    return { ok: false, error: 'InvalidUtf8' };
  }
  const text = stripControls(decoded);
  if (text.trim() === '') return { ok: false, error: 'Empty' };
  if (text.charCodeAt(0) !== 0x2f) return { ok: true, line: { kind: 'text', text } };
  if (text.charCodeAt(1) === 0x2f) return { ok: true, line: { kind: 'text', text: text.slice(1) } };
  const [word, rest] = splitFirst(text.slice(1));
  const args = rest === '' ? [] : rest.split(/\s+/).filter((w) => w !== '');
  return { ok: true, line: { kind: 'command', name: word.toLowerCase(), args, rest: rest.trimEnd() } };
}
