/**
 * What a client sees when registration completes (modern.ircdocs "Connection Registration"):
 * 001-004, the 005 ISUPPORT lines, LUSERS, then the MOTD or 422. LUSERS and MOTD are also commands.
 *
 * 002-005 and the MOTD depend only on the gateway and its config, so they are formatted once per gateway
 * as templates with a slot for the nick (and the ISUPPORT values escaped once), not once per client.
 */
import { isupportParams } from './isupport.js';
import { formatLine } from './message.js';
import { channelModeLetters, channelModes, takesParam, userModeLetters } from './modes.js';
import * as N from './numerics.js';
import type { ChatConfig } from '../config.js';
import type { IrcContext, IrcServerInfo } from './context.js';

/** Channel modes that take a parameter when set (004's last field). */
const channelModesWithParam = channelModes.filter((d) => takesParam(d, true)).map((d) => d.mode).join('');

/** A numeric line without its nick: the line for nick `n` is `head + n + tail`. */
export interface NumericTemplate {
  readonly head: string;
  readonly tail: string;
}

/** Any one-character token: formatLine writes it unchanged, so it marks where the nick goes. */
const NICK_SLOT = 'x';

/**
 * `formatLine(server, code, [nick, ...params])` with the nick left as a slot. `params` must not be empty
 * (the nick is then a middle parameter). Pure.
 */
export function numericTemplate(server: string, code: string, params: readonly string[]): NumericTemplate {
  if (params.length === 0) throw new RangeError('numericTemplate: the nick must not be the last parameter');
  const line = formatLine(server, code, [NICK_SLOT, ...params]);
  // `:server code x ...` (or `code x ...` without a server): the slot follows the first one or two spaces.
  const first = line.indexOf(' ');
  const at = line.startsWith(':') ? line.indexOf(' ', first + 1) + 1 : first + 1;
  return { head: line.slice(0, at), tail: line.slice(at + NICK_SLOT.length) };
}

/**
 * The line of `t` for `nick`. Same text as formatLine for any nick the core accepts (non-empty, no space,
 * CR, LF or NUL, not starting with ':'), which is every registered nick.
 */
export function fillTemplate(t: NumericTemplate, nick: string): string {
  return t.head + nick + t.tail;
}

interface WelcomeTemplates {
  /** 002, 003, 004 and the 005 lines. */
  readonly burst: readonly NumericTemplate[];
  /** 375, 372 per line, 376; or 422 alone. */
  readonly motd: readonly NumericTemplate[];
  /** The config's MOTD list these were made from: a reload replaces it, and the templates are made again. */
  readonly motdSource: readonly string[];
}

const cache = new WeakMap<IrcServerInfo, WelcomeTemplates>();

function templatesFor(g: IrcServerInfo, config: ChatConfig): WelcomeTemplates {
  let t = cache.get(g);
  if (t !== undefined && t.motdSource === config.motd) return t;
  const { serverName } = config;
  const num = (code: string, ...params: string[]): NumericTemplate => numericTemplate(serverName, code, params);
  const burst = [
    num(N.RPL_YOURHOST, `Your host is ${serverName}, running version ${g.version}`),
    num(N.RPL_CREATED, `This server was created ${new Date(g.startedAt).toUTCString()}`),
    num(N.RPL_MYINFO, serverName, g.version, userModeLetters, channelModeLetters, channelModesWithParam),
    ...isupportParams(config, NICK_SLOT).map((p) => num(N.RPL_ISUPPORT, ...p.slice(1))),
  ];
  const motd = config.motd.length === 0
    ? [num(N.ERR_NOMOTD, N.numericText[N.ERR_NOMOTD] ?? '')]
    : [
        num(N.RPL_MOTDSTART, `- ${serverName} Message of the day - `),
        ...config.motd.map((line) => num(N.RPL_MOTD, `- ${line}`)),
        num(N.RPL_ENDOFMOTD, N.numericText[N.RPL_ENDOFMOTD] ?? ''),
      ];
  t = { burst, motd, motdSource: config.motd };
  cache.set(g, t);
  return t;
}

/** Send 251-255 and 265/266 with the core's live counts. */
export function sendLusers(s: IrcContext): void {
  const st = s.core.stats();
  const visible = st.users - st.invisible;
  s.server.maxUsersSeen = Math.max(s.server.maxUsersSeen, st.users);
  s.numeric(N.RPL_LUSERCLIENT, `There are ${visible} users and ${st.invisible} invisible on 1 servers`);
  s.numeric(N.RPL_LUSEROP, String(st.opers), 'operator(s) online');
  s.numeric(N.RPL_LUSERUNKNOWN, String(st.unregistered), 'unknown connection(s)');
  s.numeric(N.RPL_LUSERCHANNELS, String(st.rooms), 'channels formed');
  s.numeric(N.RPL_LUSERME, `I have ${st.users} clients and 0 servers`);
  s.numeric(N.RPL_LOCALUSERS, String(st.users), String(s.server.maxUsersSeen), `Current local users ${st.users}, max ${s.server.maxUsersSeen}`);
  s.numeric(N.RPL_GLOBALUSERS, String(st.users), String(s.server.maxUsersSeen), `Current global users ${st.users}, max ${s.server.maxUsersSeen}`);
}

/** Send the MOTD (375, 372 per line, 376), or 422 when the config has none. */
export function sendMotd(s: IrcContext): void {
  const nick = s.user.nick;
  for (const t of templatesFor(s.server, s.config).motd) s.send(fillTemplate(t, nick));
}

/** The burst after registration: 001-005, LUSERS, MOTD. */
export function sendWelcome(s: IrcContext): void {
  s.numeric(N.RPL_WELCOME, `Welcome to the ${s.config.network} IRC Network ${s.user.mask}`);
  const nick = s.user.nick;
  for (const t of templatesFor(s.server, s.config).burst) s.send(fillTemplate(t, nick));
  sendLusers(s);
  sendMotd(s);
}
