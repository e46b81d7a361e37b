/**
 * IRC message lines: a pure parser and serializer for `[@tags] [:source] COMMAND [params...] [:trailing]`
 * (modern.ircdocs.horse "Message format"; IRCv3 message-tags for the tag section and its escaping).
 *
 * Lines here never carry the CRLF terminator: `parseMessage` accepts one (and strips it), the serializers
 * return the line without it and the writer appends `\r\n`. No I/O, no clock, no config, never imports
 * `net/` or `core/`.
 */

/** One parsed IRC message. `command` is upper-cased (ASCII only); `tags` values are unescaped. */
export interface IrcMessage {
  tags: Map<string, string>;
  source?: string;
  command: string;
  params: string[];
}

/**
 * Why a line was rejected. The gateway maps each to an action:
 * - `Empty`: nothing but spaces (skip silently).
 * - `TagsTooLong` / `BodyTooLong`: over `MessageLimits` (ERR_INPUTTOOLONG 417, keep the connection).
 * - `BadChar`: a NUL, or a CR/LF before the end of the line.
 * - `NoCommand`: tags or a source but no command.
 * - `BadTags`: a tag section with no tag at all (`@ PRIVMSG ...`).
 * - `InvalidUtf8`: bytes (or a string with lone surrogates) that are not UTF-8 (FAIL ... INVALID_UTF8).
 */
export type ParseError = 'Empty' | 'TagsTooLong' | 'BodyTooLong' | 'BadChar' | 'NoCommand' | 'BadTags' | 'InvalidUtf8';

/**
 * The parser's answer. On `BodyTooLong` and `InvalidUtf8`, `partial` is the message as far as it could be
 * read (lossily decoded for InvalidUtf8), so the gateway can name the command and echo a `label` tag in its
 * error reply; it is absent when even that was not possible.
 */
export type ParseResult = { ok: true; msg: IrcMessage } | { ok: false; error: ParseError; partial?: IrcMessage };

/** Byte limits applied by `parseMessage`. `Infinity` disables a limit. */
export interface MessageLimits {
  /** The whole tag section, counting the leading `@` and the space after it. */
  tagBytes: number;
  /** Everything after the tag section, counting the CRLF (even when the line came without one). */
  bodyBytes: number;
}

/** The protocol's maxima: 8191 bytes of tag section (message-tags "Size limit") and 512-byte bodies. */
export const messageLimits: Readonly<MessageLimits> = Object.freeze({ tagBytes: 8191, bodyBytes: 512 });

/**
 * What a server accepts from a client: "Clients MUST NOT send messages with tag data exceeding 4094 bytes"
 * (message-tags), i.e. 4096 with `@` and the space; irctest's testLengthLimits checks exactly this bound.
 */
export const clientMessageLimits: Readonly<MessageLimits> = Object.freeze({ tagBytes: 4096, bodyBytes: 512 });

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** ES2024 string methods (present in Node 20, absent from the ES2023 lib typings). */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Parses one line (a string, or the raw bytes as read from the socket) into an `IrcMessage`.
 * A trailing `\n`, `\r\n` or `\r` is stripped first. Never throws, whatever the input; on failure returns
 * `{ ok: false, error }` (see `ParseError`). Tags with invalid names are dropped, not rejected, as
 * message-tags requires; a repeated tag keeps its last value. Defaults to `messageLimits`; a server reading
 * from clients should pass `clientMessageLimits`.
 */
export function parseMessage(line: string | Uint8Array, limits: Readonly<MessageLimits> = messageLimits): ParseResult {
  let s: string;
  if (typeof line === 'string') {
    s = line;
    const wf = s as unknown as WellFormed;
    if (!wf.isWellFormed()) return invalidUtf8(wf.toWellFormed(), limits);
  } else {
    try {
      s = strictUtf8.decode(line);
    } catch {
      return invalidUtf8(lossyUtf8.decode(line), limits);
    }
  }
  return parseString(s, limits);
}

function invalidUtf8(lossy: string, limits: Readonly<MessageLimits>): ParseResult {
  const r = parseString(lossy, limits);
  return r.ok ? { ok: false, error: 'InvalidUtf8', partial: r.msg } : { ok: false, error: 'InvalidUtf8' };
}

/** UTF-8 byte length of `s`, computed only when the UTF-16 length cannot already decide against `limit`. */
function exceeds(s: string, extra: number, limit: number): boolean {
  if (s.length + extra > limit) return true;
  if (s.length * 3 + extra <= limit) return false;
  return Buffer.byteLength(s, 'utf8') + extra > limit;
}

const BAD_CHAR = /[\0\r\n]/;

function parseString(line: string, limits: Readonly<MessageLimits>): ParseResult {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 0x0d) end--;
  const s = end === line.length ? line : line.slice(0, end);
  if (BAD_CHAR.test(s)) return { ok: false, error: 'BadChar' };

  const tags = new Map<string, string>();
  let pos = 0;
  if (s.charCodeAt(0) === 0x40 /* @ */) {
    const space = s.indexOf(' ');
    const tagEnd = space === -1 ? s.length : space;
    // The section is '@' + data + ' ': tagEnd bytes up to the space, plus the space itself.
    if (exceeds(s.slice(0, tagEnd), 1, limits.tagBytes)) return { ok: false, error: 'TagsTooLong' };
    if (space === -1) return { ok: false, error: 'NoCommand' };
    if (tagEnd === 1) return { ok: false, error: 'BadTags' };
    parseTags(s.slice(1, tagEnd), tags);
    pos = tagEnd + 1;
  }
  const hadTags = pos > 0;
  const body = pos === 0 ? s : s.slice(pos);
  const tooLong = exceeds(body, 2, limits.bodyBytes);

  const r = parseBody(body, tags);
  if (typeof r === 'string') {
    if (r === 'Empty' && hadTags) return { ok: false, error: 'NoCommand' };
    return tooLong ? { ok: false, error: 'BodyTooLong' } : { ok: false, error: r };
  }
  return tooLong ? { ok: false, error: 'BodyTooLong', partial: r } : { ok: true, msg: r };
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === 0x20) i++;
  return i;
}

function parseBody(s: string, tags: Map<string, string>): IrcMessage | 'Empty' | 'NoCommand' {
  // Parts are separated by one or more spaces; leading spaces are tolerated (modern.ircdocs "Parameters").
  let i = skipSpaces(s, 0);
  let source: string | undefined;
  if (s.charCodeAt(i) === 0x3a /* : */) {
    const space = s.indexOf(' ', i);
    if (space === -1) return 'NoCommand';
    if (space > i + 1) source = s.slice(i + 1, space);
    i = skipSpaces(s, space + 1);
    if (i === s.length) return 'NoCommand';
  }
  if (i === s.length) return 'Empty';
  let space = s.indexOf(' ', i);
  if (space === -1) space = s.length;
  const command = asciiUpper(s.slice(i, space));
  const params: string[] = [];
  i = space;
  while (true) {
    i = skipSpaces(s, i);
    if (i >= s.length) break;
    if (s.charCodeAt(i) === 0x3a) {
      params.push(s.slice(i + 1));
      break;
    }
    let next = s.indexOf(' ', i);
    if (next === -1) next = s.length;
    params.push(s.slice(i, next));
    i = next;
  }
  const msg: IrcMessage = { tags, command, params };
  if (source !== undefined) msg.source = source;
  return msg;
}

/** ASCII-only upper-casing: `toUpperCase` would turn `ß` into `SS` and change the command's length. */
function asciiUpper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

/**
 * Tag names per message-tags: optional `+` (client-only), optional vendor (a host name) and `/`, then
 * letters, digits and hyphens.
 */
const TAG_NAME = /^\+?(?:[A-Za-z0-9.-]+\/)?[A-Za-z0-9-]+$/;

/** Whether `name` is a well-formed tag key (`time`, `+typing`, `draft/label`, `+example.com/x`). */
export function isValidTagName(name: string): boolean {
  return TAG_NAME.test(name);
}

function parseTags(data: string, into: Map<string, string>): void {
  let start = 0;
  while (start <= data.length) {
    let semi = data.indexOf(';', start);
    if (semi === -1) semi = data.length;
    const pair = data.slice(start, semi);
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    // "Implementations MUST NOT perform any validation that would reject the message if an invalid tag key
    // name is used": such tags are dropped instead.
    if (TAG_NAME.test(name)) into.set(name, eq === -1 ? '' : unescapeTagValue(pair.slice(eq + 1)));
    start = semi + 1;
  }
}

const UNESCAPE: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/**
 * The value of a tag as sent on the wire, unescaped: `\:` `\s` `\\` `\r` `\n` become `;` space `\` CR LF,
 * a backslash before any other character is dropped, and a trailing lone backslash is dropped.
 */
export function unescapeTagValue(raw: string): string {
  if (raw.indexOf('\\') === -1) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i === raw.length) break;
    const e = raw[i]!;
    out += UNESCAPE[e] ?? e;
  }
  return out;
}

const ESCAPE: Record<string, string> = { ';': '\\:', ' ': '\\s', '\\': '\\\\', '\r': '\\r', '\n': '\\n', '\0': '' };

/** A tag value escaped for the wire (inverse of `unescapeTagValue`); NUL, which has no escape, is dropped. */
export function escapeTagValue(value: string): string {
  return /[; \\\r\n\0]/.test(value) ? value.replace(/[; \\\r\n\0]/g, (c) => ESCAPE[c]!) : value;
}

/** Tags as a map or a plain record, for the serializers. */
export type TagsInput = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/**
 * The tag section `@k=v;k2` (without the trailing space), or `''` when there are no tags. Keys that are not
 * valid tag names are left out; an empty value is written as the bare key.
 */
export function formatTags(tags: TagsInput | undefined): string {
  if (tags === undefined) return '';
  const entries: Iterable<[string, string]> = tags instanceof Map ? tags.entries() : Object.entries(tags);
  let out = '';
  for (const [k, v] of entries) {
    if (!TAG_NAME.test(k)) continue;
    out += (out === '' ? '@' : ';') + k + (v === '' ? '' : '=' + escapeTagValue(v));
  }
  return out;
}

const STRIP = /[\0\r\n]/g;
const STRIP_WITH_SPACE = /[\0\r\n ]/g;

/** A middle parameter that cannot start a trailing one or split into two: no space, not empty, no leading ':'. */
function middle(p: string): string {
  if (/[\0\r\n ]/.test(p)) p = p.replace(STRIP_WITH_SPACE, '');
  return p === '' || p.charCodeAt(0) === 0x3a ? '*' + p : p;
}

/**
 * Formats one line WITHOUT the CRLF. The last parameter gets a `:` only when it needs one (empty, starts
 * with `:`, or contains a space) or when `forceTrailing` is set (what many servers do for PRIVMSG text).
 *
 * No parameter can inject a line or change the parameter count: CR, LF and NUL are stripped from every
 * part; in the source, command and middle parameters spaces are stripped too, and a middle parameter left
 * empty or starting with `:` is prefixed with `*`. Throws RangeError only when `command` is empty after
 * that (a programming error, never a peer's).
 */
export function formatLine(
  source: string | undefined,
  command: string,
  params: readonly string[],
  tags?: TagsInput,
  forceTrailing = false,
): string {
  const cmd = /[\0\r\n ]/.test(command) ? command.replace(STRIP_WITH_SPACE, '') : command;
  if (cmd === '') throw new RangeError('IRC command must not be empty');
  let out = formatTags(tags);
  if (out !== '') out += ' ';
  if (source !== undefined && source !== '') {
    const src = /[\0\r\n ]/.test(source) ? source.replace(STRIP_WITH_SPACE, '') : source;
    if (src !== '') out += ':' + src + ' ';
  }
  out += cmd;
  const last = params.length - 1;
  for (let i = 0; i < last; i++) out += ' ' + middle(params[i]!);
  if (last >= 0) {
    let p = params[last]!;
    if (/[\0\r\n]/.test(p)) p = p.replace(STRIP, '');
    const needsColon = forceTrailing || p === '' || p.charCodeAt(0) === 0x3a || p.indexOf(' ') !== -1;
    out += needsColon ? ' :' + p : ' ' + p;
  }
  return out;
}

/** `formatLine` for a whole `IrcMessage` (no CRLF); same sanitising and the same RangeError on no command. */
export function serializeMessage(msg: IrcMessage, options: { forceTrailing?: boolean } = {}): string {
  return formatLine(msg.source, msg.command, msg.params, msg.tags, options.forceTrailing ?? false);
}
