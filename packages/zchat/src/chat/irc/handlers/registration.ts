/**
 * Registration and connection commands: PASS, NICK, USER, CAP (302, cap-notify), AUTHENTICATE (SASL
 * PLAIN against config.accounts), PING, PONG, QUIT. Registration completes when a nick and USER are in,
 * CAP negotiation has ended and no SASL exchange is running.
 */
import type { VerifyResult } from '../../core/accounts.js';
import { casefold } from '../../core/casemap.js';
import { loginRefusal } from './login-words.js';
import { CAP_302, capListParams, capLsParams, offeredCapNames, parseCapReq } from '../caps.js';
import { sendError } from '../errors.js';
import type { IrcMessage } from '../message.js';
import * as N from '../numerics.js';
import type { CommandResult, IrcContext } from '../context.js';
import { sendWelcome } from '../welcome.js';

/**
 * Finish registration if everything is in; sends the welcome burst. Safe to call at any time. A SASL
 * exchange still waiting for the client is aborted with 906 first (sasl-3.1: registration completed
 * during SASL aborts it); one whose password check is running cannot be here, as later lines wait for it.
 */
export function tryRegister(s: IrcContext): void {
  const u = s.user;
  if (u.registered || s.ended || u.folded === '' || !s.reg.gotUser || s.reg.capNegotiating) return;
  if (s.reg.sasl !== null) {
    s.reg.sasl = null;
    s.numericStd(N.ERR_SASLABORTED);
  }
  const password = s.config.irc.password;
  if (password !== null && s.reg.pass !== password) {
    s.numericStd(N.ERR_PASSWDMISMATCH);
    s.end('Bad password', `Closing Link: ${u.host} (Bad password)`);
    return;
  }
  const r = s.core.register(u);
  if (!r.ok) {
    sendError(s, r.error);
    return;
  }
  sendWelcome(s);
}

/** PASS <password> */
export function pass(s: IrcContext, msg: IrcMessage): CommandResult {
  if (s.user.registered) {
    s.numericStd(N.ERR_ALREADYREGISTERED);
    return 'done';
  }
  s.reg.pass = msg.params[0]!;
  return 'done';
}

/** NICK <nickname> */
export function nick(s: IrcContext, msg: IrcMessage): CommandResult {
  const wanted = msg.params[0] ?? '';
  if (wanted === '') {
    s.numericStd(N.ERR_NONICKNAMEGIVEN);
    return 'done';
  }
  const claims = s.core.nickClaims;
  if (claims !== null) {
    // A cluster: the nick must be held cluster-wide first; later lines wait (the core re-checks after).
    const error = s.core.nicks.check(wanted, s.user, s.core.limits.nickLength);
    if (error !== null) {
      sendError(s, error, wanted);
      return 'done';
    }
    if (wanted === s.user.nick) return 'done';
    void finishNick(s, wanted, claims.reserve(casefold(wanted), s.user.id));
    return 'async';
  }
  applyNick(s, wanted);
  return 'done';
}

function applyNick(s: IrcContext, wanted: string): void {
  const r = s.core.changeNick(s.user, wanted);
  if (!r.ok) {
    sendError(s, r.error, wanted);
    return;
  }
  tryRegister(s);
}

async function finishNick(s: IrcContext, wanted: string, held: Promise<boolean>): Promise<void> {
  const ok = await held;
  if (!s.ended) {
    if (ok) applyNick(s, wanted);
    else sendError(s, 'NickInUse', wanted);
  }
  s.resume();
}

/** Usernames are shown in masks: keep letters, digits and a few marks, at most 16 characters. */
function cleanUsername(raw: string): string {
  const kept = raw.replace(/[^A-Za-z0-9._\-[\]{}\\|^`]/g, '').slice(0, 16);
  return kept === '' ? 'user' : kept;
}

/** USER <username> <mode> <unused> <realname> */
export function user(s: IrcContext, msg: IrcMessage): CommandResult {
  if (s.user.registered || s.reg.gotUser) {
    s.numericStd(N.ERR_ALREADYREGISTERED);
    return 'done';
  }
  const [username, , , realname] = msg.params as [string, string, string, string];
  if (username === '' || realname === '') {
    s.numericStd(N.ERR_NEEDMOREPARAMS, 'USER');
    return 'done';
  }
  s.user.username = cleanUsername(username);
  s.core.setRealname(s.user, realname);
  s.reg.gotUser = true;
  tryRegister(s);
  return 'done';
}

function capReply(s: IrcContext, lines: string[][]): void {
  for (const params of lines) s.sendFromServer('CAP', params);
}

/** CAP LS [<version>] | LIST | REQ :<caps> | END */
export function cap(s: IrcContext, msg: IrcMessage): CommandResult {
  const sub = msg.params[0]!.toUpperCase();
  const nickOrStar = s.user.nick;
  switch (sub) {
    case 'LS': {
      const v = Number(msg.params[1] ?? 0);
      if (Number.isInteger(v) && v > s.reg.capVersion) s.reg.capVersion = v;
      // cap-notify is implied for 302 clients (capability-negotiation "cap-notify").
      if (s.reg.capVersion >= CAP_302) s.setCaps(['cap-notify']);
      if (!s.user.registered) s.reg.capNegotiating = true;
      capReply(s, capLsParams(s.config, nickOrStar, s.reg.capVersion));
      return 'done';
    }
    case 'LIST':
      capReply(s, capListParams(s.config, nickOrStar, s.caps, s.reg.capVersion));
      return 'done';
    case 'REQ': {
      if (!s.user.registered) s.reg.capNegotiating = true;
      const arg = msg.params[1] ?? '';
      const sticky = s.reg.capVersion >= CAP_302 ? new Set(['cap-notify']) : new Set<string>();
      const r = parseCapReq(arg, offeredCapNames(s.config), sticky);
      if (r.ack) s.setCaps(r.enable, r.disable);
      s.sendFromServer('CAP', [nickOrStar, r.ack ? 'ACK' : 'NAK', arg], true);
      return 'done';
    }
    case 'END':
      if (!s.user.registered) {
        s.reg.capNegotiating = false;
        tryRegister(s);
      }
      return 'done';
    default:
      s.numericStd(N.ERR_INVALIDCAPCMD, msg.params[0]!);
      return 'done';
  }
}

/**
 * SASL limits: base64 arrives in 400-byte chunks (a longer one is 905 ERR_SASLTOOLONG); a PLAIN blob is
 * small, so a total past 8 KiB is a failed exchange (904), as ergo and the irctest flood test expect.
 */
const SASL_CHUNK = 400;
const SASL_MAX = 8192;

function saslFail(s: IrcContext, code: string): void {
  s.reg.sasl = null;
  s.numericStd(code);
  tryRegister(s);
}

/** AUTHENTICATE <mechanism> | <base64 chunk> | + | * */
export function authenticate(s: IrcContext, msg: IrcMessage): CommandResult {
  const arg = msg.params[0]!;
  if (!s.caps.has('sasl')) {
    s.numericStd(N.ERR_SASLFAIL);
    return 'done';
  }
  if (arg === '*') {
    if (s.reg.sasl === null) s.numericStd(N.ERR_SASLFAIL);
    else saslFail(s, N.ERR_SASLABORTED);
    return 'done';
  }
  if (s.user.account !== null) {
    s.numericStd(N.ERR_SASLALREADY);
    return 'done';
  }
  if (s.reg.sasl === null) {
    if (arg.toUpperCase() !== 'PLAIN') {
      s.numeric(N.RPL_SASLMECHS, 'PLAIN', 'are available SASL mechanisms');
      s.numericStd(N.ERR_SASLFAIL);
      return 'done';
    }
    s.reg.sasl = { mechanism: 'PLAIN', data: '' };
    s.send('AUTHENTICATE +');
    return 'done';
  }
  if (arg.length > SASL_CHUNK) {
    saslFail(s, N.ERR_SASLTOOLONG);
    return 'done';
  }
  if (arg !== '+') s.reg.sasl.data += arg;
  if (s.reg.sasl.data.length > SASL_MAX) {
    saslFail(s, N.ERR_SASLFAIL);
    return 'done';
  }
  if (arg.length === SASL_CHUNK) return 'done'; // more chunks follow
  const blob = Buffer.from(s.reg.sasl.data, 'base64').toString('utf8');
  const [authzid, authcid, password] = blob.split('\0');
  if (authcid === undefined || password === undefined || (authzid !== '' && authzid !== authcid)) {
    saslFail(s, N.ERR_SASLFAIL);
    return 'done';
  }
  void finishSasl(s, s.core.accounts.verify('account', authcid, password, { ip: s.user.ip, protocol: 'irc' }));
  return 'async';
}

async function finishSasl(s: IrcContext, check: Promise<VerifyResult>): Promise<void> {
  const r = await check;
  if (!s.ended) {
    if (r.ok) {
      s.reg.sasl = null;
      s.core.login(s.user, r.account);
      s.numeric(N.RPL_LOGGEDIN, s.user.mask, r.account, `You are now logged in as ${r.account}`);
      s.numericStd(N.RPL_SASLSUCCESS);
      tryRegister(s);
    } else {
      const why = loginRefusal(r);
      s.reg.sasl = null;
      if (why === null) s.numericStd(N.ERR_SASLFAIL);
      else s.numeric(N.ERR_SASLFAIL, `SASL authentication failed: ${why}`);
      tryRegister(s);
    }
  }
  s.resume();
}

/** PING <token> */
export function ping(s: IrcContext, msg: IrcMessage): CommandResult {
  s.sendFromServer('PONG', [s.config.serverName, msg.params[0]!]);
  return 'done';
}

/** PONG <token>: any line already proves the client is alive (the read loop noted the time). */
export function pong(): CommandResult {
  return 'done';
}

/** QUIT [<reason>] */
export function quit(s: IrcContext, msg: IrcMessage): CommandResult {
  const reason = msg.params[0] ? `Quit: ${msg.params[0]}` : 'Quit';
  s.end(reason, `Closing Link: ${s.user.host} (${reason})`);
  return 'closing';
}
