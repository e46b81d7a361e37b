/**
 * What a client sees when registration completes (modern.ircdocs "Connection Registration"):
 * 001-004, the 005 ISUPPORT lines, LUSERS, then the MOTD or 422. LUSERS and MOTD are also commands.
 */
import { isupportParams } from './isupport.js';
import { channelModeLetters, channelModes, takesParam, userModeLetters } from './modes.js';

/** Channel modes that take a parameter when set (004's last field). */
const channelModesWithParam = channelModes.filter((d) => takesParam(d, true)).map((d) => d.mode).join('');
import * as N from './numerics.js';
import type { IrcSession } from './session.js';

/** Send 251-255 and 265/266 with the core's live counts. */
export function sendLusers(s: IrcSession): void {
  const st = s.core.stats();
  const visible = st.users - st.invisible;
  s.gateway.maxUsersSeen = Math.max(s.gateway.maxUsersSeen, st.users);
  s.numeric(N.RPL_LUSERCLIENT, `There are ${visible} users and ${st.invisible} invisible on 1 servers`);
  s.numeric(N.RPL_LUSEROP, String(st.opers), 'operator(s) online');
  s.numeric(N.RPL_LUSERUNKNOWN, String(st.unregistered), 'unknown connection(s)');
  s.numeric(N.RPL_LUSERCHANNELS, String(st.rooms), 'channels formed');
  s.numeric(N.RPL_LUSERME, `I have ${st.users} clients and 0 servers`);
  s.numeric(N.RPL_LOCALUSERS, String(st.users), String(s.gateway.maxUsersSeen), `Current local users ${st.users}, max ${s.gateway.maxUsersSeen}`);
  s.numeric(N.RPL_GLOBALUSERS, String(st.users), String(s.gateway.maxUsersSeen), `Current global users ${st.users}, max ${s.gateway.maxUsersSeen}`);
}

/** Send the MOTD (375, 372 per line, 376), or 422 when the config has none. */
export function sendMotd(s: IrcSession): void {
  const motd = s.config.motd;
  if (motd.length === 0) {
    s.numericStd(N.ERR_NOMOTD);
    return;
  }
  s.numeric(N.RPL_MOTDSTART, `- ${s.config.serverName} Message of the day - `);
  for (const line of motd) s.numeric(N.RPL_MOTD, `- ${line}`);
  s.numericStd(N.RPL_ENDOFMOTD);
}

/** The burst after registration: 001-005, LUSERS, MOTD. */
export function sendWelcome(s: IrcSession): void {
  const { serverName, network } = s.config;
  const version = s.gateway.version;
  s.numeric(N.RPL_WELCOME, `Welcome to the ${network} IRC Network ${s.user.mask}`);
  s.numeric(N.RPL_YOURHOST, `Your host is ${serverName}, running version ${version}`);
  s.numeric(N.RPL_CREATED, `This server was created ${new Date(s.gateway.startedAt).toUTCString()}`);
  s.numeric(N.RPL_MYINFO, serverName, version, userModeLetters, channelModeLetters, channelModesWithParam);
  for (const params of isupportParams(s.config, s.user.nick)) s.sendFromServer(N.RPL_ISUPPORT, params);
  sendLusers(s);
  sendMotd(s);
}
