/**
 * Zig's std.fmt placeholders for `Writer.print`: a pure function from a format string and arguments to text.
 *
 * A placeholder is `{[position][specifier]:[fill][alignment][width].[precision]}`, as in Zig:
 * - position: `{0}`, `{1s}`; without one, placeholders take the arguments in order.
 * - specifier: `` (default), `s`, `d`, `x`, `X`, `b`, `o`, `c`, `u`, `e`, `any`, optionally prefixed by `?`
 *   (then null/undefined print as `null`). See `format` for what each accepts.
 * - fill is one code point, and must be followed by an alignment (`<` left, `^` center, `>` right), except
 *   that a width starting with `0` and no alignment means fill `0`: `{d:05}` is `{d:0>5}`.
 * - width counts code points; precision is the number of decimals of a float.
 * - `{{` and `}}` are literal braces.
 *
 * Zig checks format strings at compile time; here a malformed string, too few or too many arguments, or a
 * value the specifier cannot format throw a TypeError naming the placeholder.
 *
 * Deliberate differences from Zig, because a JS number has no declared type: `{}` prints every number in
 * decimal (Zig prints floats as `{e}`); a number with a precision (`{d:.2}`) is formatted as a float even
 * when it is whole; positive numbers never get Zig's `+` sign (which Zig adds to signed types with a
 * width). As in Zig, everything is right-aligned by default, and zero fill goes before a minus sign
 * (`{d:0>4}` of -42 is `0-42`).
 */
import { inspect } from 'node:util';
import { NetError } from './errors.js';

type Align = 'left' | 'center' | 'right';

interface Placeholder {
  /** The placeholder as written, for error messages. */
  readonly text: string;
  /** Explicit argument position, or -1 to take the next argument. */
  readonly position: number;
  /** The specifier without a leading `?`. */
  readonly spec: Spec;
  /** True for `{?…}`: null and undefined print as `null`. */
  readonly optional: boolean;
  readonly fill: string;
  readonly align: Align;
  readonly width: number;
  readonly precision: number;
}

const specs = ['', 's', 'd', 'x', 'X', 'b', 'o', 'c', 'u', 'e', 'any'] as const;
type Spec = (typeof specs)[number];

interface Parsed {
  readonly parts: readonly (string | Placeholder)[];
  /** How many distinct argument positions the placeholders use. */
  readonly used: number;
}

// Format strings are nearly always literals, so parse each once. Bounded so strings built at run time cannot grow it.
const cache = new Map<string, Parsed>();
const cacheLimit = 512;

/**
 * Render `fmt` with `args` (see the module comment for the placeholder syntax). Pure; never touches I/O.
 *
 * What each specifier accepts (anything else throws TypeError):
 * - `{}`: strings as they are; numbers and bigints in decimal; booleans; `null`; `undefined`; a NetError as
 *   `error.Code`; a Uint8Array or array element by element, `{ 1, 2 }`; other objects as `{any}`.
 * - `{s}`: a string, a Uint8Array decoded as UTF-8, or an object with its own `toString`.
 * - `{d}`: a number (with precision: that many decimals) or bigint in decimal, never in exponent form.
 * - `{x}` `{X}`: an integer or bigint in hex; a fractional number as a hex float (`0x1.8p0`); a Uint8Array or
 *   string as the hex of its (UTF-8) bytes, two digits per byte.
 * - `{b}` `{o}`: an integer or bigint in binary or octal. `{c}`: a byte value 0..255 as a character
 *   (U+0000..U+00FF). `{u}`: a code point as its character. `{e}`: a number in scientific notation, `1.5e3`.
 * - `{any}`: a debug form: Uint8Arrays and arrays as `{ 1, 2 }`, other values as `util.inspect` on one line.
 * Arrays and Uint8Arrays (except `{s}` `{x}` `{X}`) apply the specifier and the options to each element.
 */
export function format(fmt: string, args: readonly unknown[]): string {
  const parsed = parse(fmt);
  let out = '';
  let next = 0;
  for (const part of parsed.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const index = part.position >= 0 ? part.position : next++;
    if (index >= args.length) {
      throw new TypeError(`format: too few arguments: placeholder '${part.text}' needs argument ${index} but ${args.length} given, in ${JSON.stringify(fmt)}`);
    }
    out += formatValue(args[index], part, 0, fmt);
  }
  if (args.length > parsed.used) {
    const unused = args.length - parsed.used;
    throw new TypeError(`format: ${unused} unused argument${unused === 1 ? '' : 's'} in ${JSON.stringify(fmt)}`);
  }
  return out;
}

function parse(fmt: string): Parsed {
  const hit = cache.get(fmt);
  if (hit !== undefined) return hit;
  const parts: (string | Placeholder)[] = [];
  const positions = new Set<number>();
  let auto = 0;
  let literal = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i];
    if (ch !== '{' && ch !== '}') {
      literal += ch;
      i++;
      continue;
    }
    if (fmt[i + 1] === ch) {
      literal += ch;
      i += 2;
      continue;
    }
    if (ch === '}') throw new TypeError(`format: missing opening { for the } at offset ${i} in ${JSON.stringify(fmt)}`);
    const close = fmt.indexOf('}', i + 1);
    if (close === -1) throw new TypeError(`format: missing closing } for the { at offset ${i} in ${JSON.stringify(fmt)}`);
    if (literal !== '') parts.push(literal);
    literal = '';
    const placeholder = parsePlaceholder(fmt.slice(i, close + 1), fmt);
    if (placeholder.position >= 0) positions.add(placeholder.position);
    else positions.add(auto++);
    parts.push(placeholder);
    i = close + 1;
  }
  if (literal !== '') parts.push(literal);
  const parsed: Parsed = { parts, used: positions.size };
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(fmt, parsed);
  return parsed;
}

/** Parse one `{…}` (braces included in `text`) the way Zig's `Placeholder.parse` does. */
function parsePlaceholder(text: string, fmt: string): Placeholder {
  const bad = (why: string): TypeError => new TypeError(`format: ${why} in placeholder '${text}' of ${JSON.stringify(fmt)}`);
  const cps = Array.from(text.slice(1, -1));
  let p = 0;
  const number = (): number => {
    let n = -1;
    while (p < cps.length && cps[p] >= '0' && cps[p] <= '9') n = (n < 0 ? 0 : n * 10) + Number(cps[p++]);
    return n;
  };
  if (cps[0] === '[') throw bad('named arguments are not supported; use a position such as {0}');
  const position = number();
  let specText = '';
  while (p < cps.length && cps[p] !== ':') specText += cps[p++];
  const optional = specText.startsWith('?');
  const spec = optional ? specText.slice(1) : specText;
  if (!(specs as readonly string[]).includes(spec)) throw bad(`unknown specifier '${specText}'`);
  let fill: string | undefined;
  let align: Align | undefined;
  if (p < cps.length) {
    p++; // the ':'
    const isAlign = (c: string | undefined): boolean => c === '<' || c === '^' || c === '>';
    if (p + 1 < cps.length && isAlign(cps[p + 1])) fill = cps[p++];
    if (isAlign(cps[p])) {
      const a = cps[p++];
      align = a === '<' ? 'left' : a === '^' ? 'center' : 'right';
    }
    if (fill === undefined && align === undefined && cps[p] === '0') fill = '0';
  }
  const width = number();
  let precision = -1;
  if (p < cps.length) {
    if (cps[p] !== '.') throw bad(`expected . or }, found '${cps[p]}'`);
    p++;
    precision = number();
    if (p < cps.length) throw bad(`extraneous trailing character '${cps[p]}'`);
  }
  if (precision > 100) throw bad('precision above 100');
  return { text, position, spec: spec as Spec, optional, fill: fill ?? ' ', align: align ?? 'right', width, precision };
}

/** Pad `s` to the placeholder's width, counting code points as Zig does. */
function pad(s: string, ph: Placeholder): string {
  if (ph.width <= 0 || s.length >= ph.width * 2) return s; // a UTF-16 length this large has enough code points
  let count = 0;
  for (const _ of s) count++;
  const padding = ph.width - count;
  if (padding <= 0) return s;
  switch (ph.align) {
    case 'left':
      return s + ph.fill.repeat(padding);
    case 'right':
      return ph.fill.repeat(padding) + s;
    case 'center':
      return ph.fill.repeat(Math.floor(padding / 2)) + s + ph.fill.repeat(Math.ceil(padding / 2));
  }
}

const maxDepth = 3; // Zig's default_max_depth

function formatValue(value: unknown, ph: Placeholder, depth: number, fmt: string): string {
  if (value === null || value === undefined) {
    if (ph.optional || ph.spec === '' || ph.spec === 'any') return pad(value === null || ph.optional ? 'null' : 'undefined', ph);
    throw mismatch(value, ph, fmt);
  }
  if (value instanceof Uint8Array && (ph.spec === 's' || ph.spec === 'x' || ph.spec === 'X')) {
    return pad(ph.spec === 's' ? decoder.decode(value) : hexBytes(value, ph.spec === 'X'), ph);
  }
  if (value instanceof Uint8Array || Array.isArray(value)) {
    if (depth >= maxDepth) return '{ ... }';
    const items = Array.from(value as ArrayLike<unknown>, (item) => formatValue(item, ph, depth + 1, fmt));
    return `{ ${items.join(', ')} }`;
  }
  switch (typeof value) {
    case 'number':
      return pad(formatNumber(value, ph, fmt), ph);
    case 'bigint':
      return pad(formatBigInt(value, ph, fmt), ph);
    case 'string':
      if (ph.spec === '' || ph.spec === 's') return pad(value, ph);
      if (ph.spec === 'x' || ph.spec === 'X') return pad(hexBytes(encoder.encode(value), ph.spec === 'X'), ph);
      if (ph.spec === 'any') return pad(inspect(value), ph);
      throw mismatch(value, ph, fmt);
    case 'boolean':
      if (ph.spec === '' || ph.spec === 'any') return pad(String(value), ph);
      throw mismatch(value, ph, fmt);
    default:
      break;
  }
  if (ph.spec === '' && value instanceof NetError) return pad(`error.${value.code}`, ph);
  if ((ph.spec === '' || ph.spec === 's') && hasOwnToString(value)) return pad(String(value), ph);
  if (ph.spec === '' || ph.spec === 'any') return pad(inspect(value, { compact: true, breakLength: Infinity, depth: maxDepth }), ph);
  throw mismatch(value, ph, fmt);
}

function mismatch(value: unknown, ph: Placeholder, fmt: string): TypeError {
  const kind = value === null ? 'null' : value instanceof Uint8Array ? 'Uint8Array' : Array.isArray(value) ? 'array' : typeof value;
  const shown = typeof value === 'number' || typeof value === 'bigint' ? ` ${String(value)}` : '';
  return new TypeError(`format: cannot format ${kind}${shown} with placeholder '${ph.text}' in ${JSON.stringify(fmt)}`);
}

function hasOwnToString(value: unknown): boolean {
  const toString = (value as { toString?: unknown }).toString;
  return typeof toString === 'function' && toString !== Object.prototype.toString && toString !== Array.prototype.toString;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const hexLower = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hexUpper = hexLower.map((h) => h.toUpperCase());

function hexBytes(bytes: Uint8Array, upper: boolean): string {
  const table = upper ? hexUpper : hexLower;
  let out = '';
  for (const b of bytes) out += table[b];
  return out;
}

function formatNumber(n: number, ph: Placeholder, fmt: string): string {
  switch (ph.spec) {
    case '':
    case 'any':
    case 'd':
      return decimal(n, ph.precision);
    case 'e':
      return scientific(n, ph.precision);
    case 'x':
    case 'X': {
      const s = Number.isInteger(n) ? radix(n, 16) : hexFloat(n, ph.precision);
      return ph.spec === 'X' ? s.toUpperCase() : s;
    }
    case 'b':
    case 'o':
      if (!Number.isInteger(n)) throw mismatch(n, ph, fmt);
      return radix(n, ph.spec === 'b' ? 2 : 8);
    case 'c':
      if (!Number.isInteger(n) || n < 0 || n > 0xff) throw mismatch(n, ph, fmt);
      return String.fromCharCode(n);
    case 'u':
      if (!Number.isInteger(n) || n < 0 || n > 0x10ffff) throw mismatch(n, ph, fmt);
      // Zig prints U+FFFD for a surrogate half, which UTF-8 cannot encode.
      return n >= 0xd800 && n <= 0xdfff ? '\ufffd' : String.fromCodePoint(n);
    case 's':
      throw mismatch(n, ph, fmt);
  }
}

function formatBigInt(n: bigint, ph: Placeholder, fmt: string): string {
  switch (ph.spec) {
    case '':
    case 'any':
    case 'd':
      return n.toString(10);
    case 'x':
      return radix(n, 16);
    case 'X':
      return radix(n, 16).toUpperCase();
    case 'b':
      return radix(n, 2);
    case 'o':
      return radix(n, 8);
    default:
      throw mismatch(n, ph, fmt);
  }
}

/** Integer in a base, with the minus sign in front as Zig's formatInt writes it. */
function radix(n: number | bigint, base: number): string {
  return n < 0 ? `-${(-n).toString(base)}` : n.toString(base);
}

/** Zig spells the special floats nan, inf, -inf. */
function special(n: number): string | undefined {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return undefined;
}

/** Decimal without exponent: the shortest round-trip digits, or exactly `precision` decimals. */
function decimal(n: number, precision: number): string {
  const sp = special(n);
  if (sp !== undefined) return sp;
  if (precision < 0) return expandExponent(String(n));
  if (Math.abs(n) < 1e21) return n.toFixed(precision);
  // toFixed switches to exponent form at 1e21; such doubles are whole, so BigInt is exact.
  return BigInt(n).toString() + (precision > 0 ? `.${'0'.repeat(precision)}` : '');
}

/** Rewrite JS's `1.5e-7` / `1e+21` forms as plain decimals. */
function expandExponent(s: string): string {
  const e = s.indexOf('e');
  if (e === -1) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot === -1 ? mantissa.length : dot) + exponent; // digits before the decimal point
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}

/** Scientific notation as Zig writes it: `1.5e3`, `5e-2` (no `+`). */
function scientific(n: number, precision: number): string {
  const sp = special(n);
  if (sp !== undefined) return sp;
  const s = precision < 0 ? n.toExponential() : n.toExponential(precision);
  return s.replace('e+', 'e');
}

/** A float in hexadecimal, `0x1.8p1`, as Zig's formatFloatHexadecimal prints an f64 (lower case). */
function hexFloat(n: number, precision: number): string {
  const sp = special(n);
  if (sp !== undefined) return sp;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  let exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  const digits = 13; // 52 fraction bits = 13 hex digits
  if (exponent === 0) exponent = 1; // subnormal: no implicit 1 bit
  else mantissa |= 1n << 52n;
  if (precision >= 0 && precision < digits) {
    // Keep guard, round and sticky bits, then round half to even (as Zig does).
    let extra = (digits - precision) * 4;
    while (extra > 2) {
      mantissa = (mantissa >> 1n) | (mantissa & 1n);
      extra--;
    }
    if (mantissa & 0b100n) mantissa |= 1n;
    mantissa = (mantissa + 1n) >> 2n;
    mantissa <<= BigInt((digits - precision) * 4);
    if (mantissa & (1n << 53n)) {
      mantissa >>= 1n;
      exponent++;
    }
  }
  const hex = mantissa.toString(16).padStart(digits + 1, '0');
  const fraction = hex.slice(1).replace(/0+$/, '');
  let out = `${sign}0x${hex[0]}`;
  if (precision > 0) out += `.${fraction.padEnd(precision, '0')}`;
  else if (precision < 0 && fraction.length > 0) out += `.${fraction}`;
  return `${out}p${exponent - 1023}`;
}
