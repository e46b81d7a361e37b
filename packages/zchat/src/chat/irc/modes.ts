/**
 * IRC modes as tables, and pure parsing/formatting of MODE arguments (modern.ircdocs.horse "Channel modes",
 * "User modes", and the CHANMODES / PREFIX ISUPPORT classes that tell which modes take a parameter).
 * Applying a change is the core's job; this file only turns `+ov-b a b mask` into a list and back.
 */

/**
 * How a channel mode uses a parameter, as the CHANMODES classes define it:
 * `list` (A: a mask to add/remove; none = show the list), `param` (B: always), `setParam` (C: only when set),
 * `flag` (D: never), `prefix` (PREFIX: a member's nick, always).
 */
export type ChannelModeKind = 'list' | 'param' | 'setParam' | 'flag' | 'prefix';

/** One channel mode. `prefix` is the status character shown before members' nicks (prefix modes only). */
export interface ChannelModeDef {
  mode: string;
  kind: ChannelModeKind;
  prefix?: string;
  doc: string;
}

/** Every channel mode zchat knows, prefix modes first in descending rank (PREFIX's order). */
export const channelModes: readonly ChannelModeDef[] = Object.freeze([
  { mode: 'o', kind: 'prefix', prefix: '@', doc: 'channel operator: may kick, set modes and (with +t) the topic' },
  { mode: 'v', kind: 'prefix', prefix: '+', doc: 'voice: may speak in a moderated (+m) channel' },
  { mode: 'b', kind: 'list', doc: 'ban mask nick!user@host with * and ? wildcards; m:<mask> mutes instead (EXTBAN)' },
  { mode: 'e', kind: 'list', doc: 'ban exception: a matching user is not banned (EXCEPTS); m:<mask> lifts a mute' },
  { mode: 'I', kind: 'list', doc: 'invite exception: a matching user may join +i without an INVITE (INVEX)' },
  { mode: 'k', kind: 'param', doc: 'key (password) needed to join' },
  { mode: 'l', kind: 'setParam', doc: 'limit on the number of members' },
  { mode: 'C', kind: 'flag', doc: 'no CTCP to the channel except ACTION (ERR_CANNOTSENDTOCHAN)' },
  { mode: 'i', kind: 'flag', doc: 'invite only' },
  { mode: 'm', kind: 'flag', doc: 'moderated: only voiced members and operators may speak' },
  { mode: 'n', kind: 'flag', doc: 'no messages from outside the channel' },
  { mode: 's', kind: 'flag', doc: 'secret: hidden from LIST, WHOIS and NAMES for non-members' },
  { mode: 't', kind: 'flag', doc: 'only operators may change the topic' },
] satisfies ChannelModeDef[]);

/** One user mode. `userSettable`: a user may set it on themselves; `userRemovable`: may unset it. */
export interface UserModeDef {
  mode: string;
  userSettable: boolean;
  userRemovable: boolean;
  doc: string;
}

/** Every user mode zchat knows. */
export const userModes: readonly UserModeDef[] = Object.freeze([
  { mode: 'i', userSettable: true, userRemovable: true, doc: 'invisible: hidden from WHO and NAMES for strangers' },
  // RFC 2812 3.1.5: "+o" via MODE "SHOULD be ignored"; operator status comes from OPER only.
  { mode: 'o', userSettable: false, userRemovable: true, doc: 'server operator (set by OPER)' },
  { mode: 'w', userSettable: true, userRemovable: true, doc: 'receives WALLOPS' },
  { mode: 'B', userSettable: true, userRemovable: true, doc: 'marks the user as a bot (ISUPPORT BOT, WHOIS 335)' },
] satisfies UserModeDef[]);

/** Most mode changes with a parameter per MODE command and per line sent (ISUPPORT MODES). */
export const maxModesPerLine = 4;

const channelByLetter = new Map(channelModes.map((d) => [d.mode, d]));
const userByLetter = new Map(userModes.map((d) => [d.mode, d]));

/** The definition of channel mode `letter`, or undefined when zchat does not know it. */
export function channelModeDef(letter: string): ChannelModeDef | undefined {
  return channelByLetter.get(letter);
}

/** The definition of user mode `letter`, or undefined when zchat does not know it. */
export function userModeDef(letter: string): UserModeDef | undefined {
  return userByLetter.get(letter);
}

function lettersOf(kind: ChannelModeKind): string {
  return channelModes.filter((d) => d.kind === kind).map((d) => d.mode).join('');
}

/** The CHANMODES ISUPPORT value `A,B,C,D` derived from the table: `beI,k,l,Cimnst`. */
export const chanmodesValue = [lettersOf('list'), lettersOf('param'), lettersOf('setParam'), lettersOf('flag')].join(',');

/** The PREFIX ISUPPORT value `(modes)prefixes` derived from the table: `(ov)@+`. */
export const prefixValue = `(${lettersOf('prefix')})${channelModes.filter((d) => d.prefix).map((d) => d.prefix).join('')}`;

/** The status characters, highest first (`@+`): STATUSMSG, NAMES prefixes, `PRIVMSG @#chan`. */
export const statusPrefixes = channelModes.filter((d) => d.prefix).map((d) => d.prefix).join('');

/** Every user mode letter (RPL_MYINFO). */
export const userModeLetters = userModes.map((d) => d.mode).join('');

/** Every channel mode letter (RPL_MYINFO). */
export const channelModeLetters = channelModes.map((d) => d.mode).join('');

/** One mode change: `+o nick` is `{ add: true, mode: 'o', arg: 'nick' }`. */
export interface ModeChange {
  add: boolean;
  mode: string;
  arg?: string;
}

/** Whether channel mode `def` consumes a parameter when set (`add`) or unset. */
export function takesParam(def: ChannelModeDef, add: boolean): boolean {
  switch (def.kind) {
    case 'prefix':
    case 'param':
    case 'list':
      return true;
    case 'setParam':
      return add;
    case 'flag':
      return false;
  }
}

/** What `parseChannelModes` read from one MODE command. */
export interface ChannelModeParse {
  /** The changes to apply, in order. */
  changes: ModeChange[];
  /** List modes named without a parameter (`MODE #c +b`): the client asks to see that list (367/368). */
  lists: string[];
  /** Unknown letters, each once, in order: one ERR_UNKNOWNMODE (472) each. */
  unknown: string[];
  /** Letters that needed a parameter but had none left (`+k` alone): ignored; ERR_NEEDMOREPARAMS if wanted. */
  missing: string[];
}

/**
 * Parses channel MODE arguments: `args[0]` is the mode string (`+ov-k`; a missing leading sign means `+`),
 * the rest are parameters consumed left to right by the modes that take one (CHANMODES/PREFIX classes).
 * At most `maxParams` changes that carry a parameter are kept, as ISUPPORT MODES promises; later ones are
 * dropped (their parameters still consumed). `-k` takes its key when one is given and works without one.
 * Never throws; returns empty lists for an empty mode string.
 */
export function parseChannelModes(args: readonly string[], maxParams = maxModesPerLine): ChannelModeParse {
  const out: ChannelModeParse = { changes: [], lists: [], unknown: [], missing: [] };
  const modestring = args[0] ?? '';
  let next = 1;
  let add = true;
  let withParam = 0;
  for (const c of modestring) {
    if (c === '+' || c === '-') {
      add = c === '+';
      continue;
    }
    const def = channelByLetter.get(c);
    if (def === undefined) {
      if (!out.unknown.includes(c)) out.unknown.push(c);
      continue;
    }
    if (!takesParam(def, add)) {
      out.changes.push({ add, mode: c });
      continue;
    }
    const arg = next < args.length ? args[next++] : undefined;
    if (arg === undefined || arg === '') {
      if (def.kind === 'list') {
        if (!out.lists.includes(c)) out.lists.push(c);
      } else if (def.kind === 'param' && !add) {
        out.changes.push({ add, mode: c });
      } else if (!out.missing.includes(c)) {
        out.missing.push(c);
      }
      continue;
    }
    if (withParam >= maxParams) continue;
    withParam++;
    out.changes.push({ add, mode: c, arg });
  }
  return out;
}

/** What `parseUserModes` read from a user MODE string. */
export interface UserModeParse {
  changes: ModeChange[];
  /** Unknown letters, each once: reply ERR_UMODEUNKNOWNFLAG (501) once if any. */
  unknown: string[];
}

/**
 * Parses a user mode string (`+iw-o`). Changes a user may not make on themselves (setting `+o`) are
 * silently left out, as RFC 2812 3.1.5 asks. Never throws.
 */
export function parseUserModes(modestring: string): UserModeParse {
  const out: UserModeParse = { changes: [], unknown: [] };
  let add = true;
  for (const c of modestring) {
    if (c === '+' || c === '-') {
      add = c === '+';
      continue;
    }
    const def = userByLetter.get(c);
    if (def === undefined) {
      if (!out.unknown.includes(c)) out.unknown.push(c);
      continue;
    }
    if (add ? def.userSettable : def.userRemovable) out.changes.push({ add, mode: c });
  }
  return out;
}

/**
 * Formats applied changes in the compact form, one array of MODE parameters per line to send:
 * `[{+o a}, {+v b}, {-b m}]` gives `[['+ov-b', 'a', 'b', 'm']]`. A new line starts when a line already
 * carries `maxParams` parameters or when its parameters would exceed `maxParamBytes` bytes (so long masks
 * cannot push a line past 512 bytes). Returns `[]` for no changes.
 */
export function formatModeChanges(changes: readonly ModeChange[], maxParams = maxModesPerLine, maxParamBytes = 400): string[][] {
  const lines: string[][] = [];
  let modes = '';
  let sign: boolean | undefined;
  let args: string[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (modes !== '') lines.push([modes, ...args]);
    modes = '';
    sign = undefined;
    args = [];
    bytes = 0;
  };
  for (const ch of changes) {
    if (ch.arg !== undefined) {
      const len = Buffer.byteLength(ch.arg) + 1;
      if (args.length >= maxParams || (args.length > 0 && bytes + len > maxParamBytes)) flush();
      args.push(ch.arg);
      bytes += len;
    }
    if (sign !== ch.add) {
      modes += ch.add ? '+' : '-';
      sign = ch.add;
    }
    modes += ch.mode;
  }
  flush();
  return lines;
}
