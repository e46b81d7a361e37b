/**
 * Names as IRC compares them: rfc1459 casemapping, where `[]\~` are the upper case of `{}|^` (RFC 1459 §2.2).
 * Nicks and room names are unique under `casefold`, across every protocol. Pure functions.
 */

const FOLD = new Uint16Array(128);
for (let c = 0; c < 128; c++) FOLD[c] = c;
for (let c = 0x41; c <= 0x5a; c++) FOLD[c] = c + 0x20; // A-Z -> a-z
FOLD[0x5b] = 0x7b; // [ -> {
FOLD[0x5d] = 0x7d; // ] -> }
FOLD[0x5c] = 0x7c; // \ -> |
FOLD[0x7e] = 0x5e; // ~ -> ^

/**
 * The rfc1459 case fold of `name`: ASCII letters lowered and `[]\~` mapped to `{}|^`. Other characters
 * (including non-ASCII) are left as they are, so folding is idempotent and never fails.
 */
export function casefold(name: string): string {
  let i = 0;
  const n = name.length;
  // Fast path: most names are already folded; return the same string without allocating.
  for (; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c < 128 && FOLD[c] !== c) break;
  }
  if (i === n) return name;
  let out = name.slice(0, i);
  for (; i < n; i++) {
    const c = name.charCodeAt(i);
    out += c < 128 ? String.fromCharCode(FOLD[c]!) : name[i];
  }
  return out;
}

/** True when `a` and `b` are the same name under rfc1459 casemapping. */
export function namesEqual(a: string, b: string): boolean {
  return a === b || casefold(a) === casefold(b);
}

function isNickChar(c: number, first: boolean): boolean {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true; // letters
  // `[ \ ] ^ _ backtick` (0x5b-0x60) and `{ | }` (0x7b-0x7d)
  if ((c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7d)) return true;
  if (first) return false;
  return (c >= 0x30 && c <= 0x39) || c === 0x2d; // digits and '-' but not first
}

/**
 * Whether `nick` is a valid nick: 1..maxLength characters of letters, digits and ``-_[]{}\|^` ``, not
 * starting with a digit or `-` (RFC 2812 §2.3.1, as issue 3 states it).
 */
export function isValidNick(nick: string, maxLength: number): boolean {
  const n = nick.length;
  if (n < 1 || n > maxLength) return false;
  for (let i = 0; i < n; i++) if (!isNickChar(nick.charCodeAt(i), i === 0)) return false;
  return true;
}

/**
 * Whether `name` is a valid room name: starts with `#`, 2..maxLength characters, and contains no space,
 * comma, colon, BEL or other control character (RFC 2812 §1.3 channel names, minus the colon ergo also bans).
 */
export function isValidRoomName(name: string, maxLength: number): boolean {
  const n = name.length;
  if (n < 2 || n > maxLength || name.charCodeAt(0) !== 0x23) return false;
  for (let i = 1; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c === 0x2c || c === 0x3a || c === 0x7f) return false;
  }
  return true;
}
