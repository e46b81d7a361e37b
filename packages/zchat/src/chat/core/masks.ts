/**
 * Ban/invite masks `nick!user@host` with `*` (any run) and `?` (one character) wildcards, compared under
 * rfc1459 casemapping (ergo and most servers match bans case-insensitively). Pure functions.
 */
import { casefold } from './casemap.js';

/**
 * The prefix of a mute entry (IRC extban `m`, ISUPPORT `EXTBAN=,m`): `m:<mask>` on the ban list lets a matching
 * user join but not speak; on the exception list it lifts such a mute.
 */
export const mutePrefix = 'm:';

/**
 * The canonical form of a list entry: a mask (below), or `m:` and a mask (a mute; see `mutePrefix`).
 * Returns null when the mask after `m:` is invalid.
 */
export function normalizeListEntry(entry: string): string | null {
  if (!entry.startsWith(mutePrefix)) return normalizeMask(entry);
  const mask = normalizeMask(entry.slice(mutePrefix.length));
  return mask === null ? null : mutePrefix + mask;
}

/**
 * The canonical form of a mask as a user typed it: `nick` -> `nick!*@*`, `user@host` -> `*!user@host`,
 * `nick!user` -> `nick!user@*`, and empty parts become `*` (as ergo's CanonicalizeMaskWildcard does).
 * Returns null for an empty mask or one containing a space or control character.
 */
export function normalizeMask(mask: string): string | null {
  if (mask.length === 0 || mask.length > 300) return null;
  for (let i = 0; i < mask.length; i++) if (mask.charCodeAt(i) <= 0x20 || mask.charCodeAt(i) === 0x7f) return null;
  let nick: string;
  let user: string;
  let host: string;
  const bang = mask.indexOf('!');
  const at = mask.indexOf('@', bang + 1);
  if (bang >= 0) {
    nick = mask.slice(0, bang);
    user = at >= 0 ? mask.slice(bang + 1, at) : mask.slice(bang + 1);
    host = at >= 0 ? mask.slice(at + 1) : '*';
  } else if (at >= 0) {
    nick = '*';
    user = mask.slice(0, at);
    host = mask.slice(at + 1);
  } else {
    nick = mask;
    user = '*';
    host = '*';
  }
  return `${nick || '*'}!${user || '*'}@${host || '*'}`;
}

/**
 * Whether `subject` (usually `nick!user@host`) matches the wildcard `mask`, case-insensitively under
 * rfc1459 casemapping. Linear-time greedy matching with a single backtrack point, so a hostile mask like
 * `*a*a*a*a*b` cannot make it exponential.
 */
export function matchMask(mask: string, subject: string): boolean {
  return globMatch(casefold(mask), casefold(subject));
}

function globMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = p.charCodeAt(pi);
    if (pi < p.length && (pc === 0x3f || pc === s.charCodeAt(si))) {
      pi++;
      si++;
    } else if (pi < p.length && pc === 0x2a) {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 0x2a) pi++;
  return pi === p.length;
}

/** `nick!user@host`, the form masks are matched against. */
export function userMask(nick: string, username: string, host: string): string {
  return `${nick}!${username}@${host}`;
}
