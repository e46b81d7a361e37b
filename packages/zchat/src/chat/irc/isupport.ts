/**
 * RPL_ISUPPORT (005) as a table: one row per token, its value computed from the ChatConfig, and the split
 * into 005 lines (modern.ircdocs.horse "RPL_ISUPPORT Parameters"). Pure; every row has a test.
 */
import type { ChatConfig } from '../config.js';
import { chanmodesValue, maxModesPerLine, prefixValue, statusPrefixes } from './modes.js';

/** One ISUPPORT token. `value` returns the raw (unescaped) value, or null for a token sent bare. */
export interface IsupportToken {
  name: string;
  value: (config: ChatConfig) => string | null;
  doc: string;
}

/** Most targets in one PRIVMSG/NOTICE/KICK (TARGMAX, MAXTARGETS); ERR_TOOMANYTARGETS past it. */
export const maxTargets = 4;

/**
 * The LIST filters zchat implements (ELIST): C creation time (`C<min`, `C>min`), M mask, N negated mask,
 * T topic time (`T<min`, `T>min`), U user count (`<n`, `>n`).
 */
export const elistValue = 'CMNTU';

/** Every token zchat advertises, in the order sent. */
export const isupportTokens: readonly IsupportToken[] = Object.freeze([
  { name: 'AWAYLEN', value: (c) => String(c.limits.awayLength), doc: 'longest AWAY message' },
  { name: 'BOT', value: () => 'B', doc: 'user mode marking bots (WHO flag B, WHOIS 335)' },
  { name: 'CASEMAPPING', value: () => 'rfc1459', doc: 'nick and channel comparison (src/chat/core/casemap.ts)' },
  { name: 'CHANLIMIT', value: (c) => `#:${c.limits.maxRoomsPerUser}`, doc: 'channels one user may join' },
  { name: 'CHANMODES', value: () => chanmodesValue, doc: 'channel modes by parameter class (modes.ts)' },
  { name: 'CHANNELLEN', value: (c) => String(c.limits.roomLength), doc: 'longest channel name, # included' },
  { name: 'CHANTYPES', value: () => '#', doc: 'channel name prefixes' },
  { name: 'ELIST', value: () => elistValue, doc: 'LIST filters' },
  { name: 'EXCEPTS', value: () => 'e', doc: 'ban exception list mode' },
  { name: 'EXTBAN', value: () => ',m', doc: 'extended ban types, no prefix: m:<mask> mutes (b) or lifts a mute (e)' },
  { name: 'INVEX', value: () => 'I', doc: 'invite exception list mode' },
  { name: 'KICKLEN', value: (c) => String(c.limits.reasonLength), doc: 'longest KICK reason' },
  { name: 'MAXLIST', value: (c) => `beI:${c.limits.listEntries}`, doc: 'longest ban, exception and invite-exception list' },
  { name: 'MAXTARGETS', value: () => String(maxTargets), doc: 'targets per PRIVMSG/NOTICE (older clients)' },
  { name: 'MODES', value: () => String(maxModesPerLine), doc: 'mode changes with a parameter per MODE' },
  { name: 'MONITOR', value: (c) => String(c.limits.monitorEntries), doc: 'most nicks on a MONITOR list' },
  { name: 'NETWORK', value: (c) => c.network, doc: 'network name' },
  { name: 'NICKLEN', value: (c) => String(c.limits.nickLength), doc: 'longest nick' },
  { name: 'PREFIX', value: () => prefixValue, doc: 'member status modes and their prefixes' },
  { name: 'STATUSMSG', value: () => statusPrefixes, doc: 'PRIVMSG/NOTICE @#chan to members with a status' },
  {
    name: 'TARGMAX',
    value: () => `JOIN:,KICK:${maxTargets},NAMES:${maxTargets},NOTICE:${maxTargets},PART:,PRIVMSG:${maxTargets},WHOIS:1`,
    doc: 'targets per command',
  },
  { name: 'TOPICLEN', value: (c) => String(c.limits.topicLength), doc: 'longest topic' },
  { name: 'UTF8ONLY', value: () => null, doc: 'non-UTF-8 input is refused (FAIL ... INVALID_UTF8)' },
  { name: 'WHOX', value: () => null, doc: 'WHO with %fields (RPL_WHOSPCRPL 354)' },
] satisfies IsupportToken[]);

/**
 * A value escaped as ISUPPORT requires: `\`, space and `=` become `\x5C`, `\x20`, `\x3D`, so a NETWORK
 * name with spaces stays one token. Non-printable and non-ASCII characters are escaped the same way, byte
 * by byte, because 005 parameters must be ASCII (irctest checks it).
 */
export function escapeIsupportValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte > 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x3d) out += String.fromCharCode(byte);
    else out += '\\x' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Every token as sent: `NAME=value` (escaped) or bare `NAME`. */
export function isupportStrings(config: ChatConfig): string[] {
  return isupportTokens.map((t) => {
    const v = t.value(config);
    return v === null ? t.name : `${t.name}=${escapeIsupportValue(v)}`;
  });
}

/** Most tokens in one 005: 15 parameters minus the nick and the trailing text (modern.ircdocs). */
export const tokensPerLine = 13;

/**
 * The parameters of each 005 line for `nick`: `[nick, ...up to 13 tokens, 'are supported by this server']`.
 * The gateway formats each with its server prefix; at most 13 short tokens keep a line far under 512 bytes.
 */
export function isupportParams(config: ChatConfig, nick: string): string[][] {
  const tokens = isupportStrings(config);
  const lines: string[][] = [];
  for (let i = 0; i < tokens.length; i += tokensPerLine) {
    lines.push([nick, ...tokens.slice(i, i + tokensPerLine), 'are supported by this server']);
  }
  return lines;
}
