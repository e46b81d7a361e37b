/**
 * The two wire protocols as drivers with one shape: register a nick, join/part a room, send a message
 * to a room, send a round-trip probe, quit, and answer whatever the server asks on its own (IRC PING).
 *
 * Plain text (zchat): the name is sent at once (the `Identifier: ` prompt has no line ending and may be
 * answered early), "Hello, NAME!" confirms it; `/join #room` answers "You are in #room." (or "Now talking
 * in #room." when already a member); plain lines go to the current room; the probe is a private message
 * to oneself (`/msg NAME ~zp~...`), which comes back once with echo off.
 * IRC (any RFC 1459/2812 server): NICK/USER then 001; JOIN then 366 (end of NAMES); PRIVMSG; the probe is
 * `PING :~zp~...`, answered by PONG.
 */
import type { AutoReply, BenchConn } from './conn.js';
import type { Protocol } from './options.js';
import { PROBE_MARKER } from './payload.js';

/** A nick the server refused because it is taken; the caller retries with another. */
export class NickInUseError extends Error {
  override readonly name = 'NickInUseError';
}

/** Protocol operations; each resolves when the server confirmed it and rejects with the server's refusal. */
export interface Driver {
  readonly protocol: Protocol;
  readonly autoReply: AutoReply;
  /** Register as `nick`; rejects NickInUseError when taken, Error otherwise (or after `timeoutMs`). */
  register(conn: BenchConn, nick: string, timeoutMs: number): Promise<void>;
  join(conn: BenchConn, room: string, timeoutMs: number): Promise<void>;
  part(conn: BenchConn, room: string, timeoutMs: number): Promise<void>;
  /** Ask to leave; the server closes the connection (the caller waits for that). */
  quit(conn: BenchConn): void;
  /** The bytes that say `text` in `room` (plain: the client's current room). */
  messageBytes(room: string, text: string): Uint8Array;
  /** Send a round-trip probe; the reply reaches `ConnSink.onProbe`. */
  probe(conn: BenchConn, token: number): void;
}

const encoder = new TextEncoder();

function noReply(): boolean {
  return false;
}

const plain: Driver = {
  protocol: 'plain',
  autoReply: noReply,
  async register(conn, nick, timeoutMs) {
    conn.sendLine(nick);
    await conn.waitFor((line) => {
      if (line.includes(`Hello, ${nick}!`)) return true;
      if (/error: The name \S+ is taken/.test(line)) return new NickInUseError(line);
      return line.includes('error: ') ? new Error(`name refused: ${line}`) : false;
    }, timeoutMs, `greeting for ${nick}`);
    conn.nick = nick;
    // A server with a default room (zchat's #lobby) has put us in it, beside its real users: leave it, so benchmark
    // clients are only in their own rooms. Either answer is certain: "You left #lobby." or "not in a room".
    conn.sendLine('/part');
    await conn.waitFor((line) => line.startsWith('You left #') || line.startsWith('error: You are not in a room'), timeoutMs, `leaving the default room as ${nick}`);
  },
  async join(conn, room, timeoutMs) {
    conn.sendLine(`/join ${room}`);
    await conn.waitFor((line) => {
      if (line.startsWith(`You are in ${room}.`) || line.startsWith(`Now talking in ${room}.`)) return true;
      return line.startsWith('error: ') ? new Error(`join ${room} refused: ${line}`) : false;
    }, timeoutMs, `join of ${room}`);
  },
  async part(conn, room, timeoutMs) {
    conn.sendLine(`/part ${room}`);
    await conn.waitFor((line) => {
      if (line.startsWith(`You left ${room}.`)) return true;
      return line.startsWith('error: ') ? new Error(`part ${room} refused: ${line}`) : false;
    }, timeoutMs, `part of ${room}`);
  },
  quit(conn) {
    conn.sendLine('/quit');
  },
  messageBytes(_room, text) {
    return encoder.encode(`${text}\r\n`);
  },
  probe(conn, token) {
    conn.sendLine(`/msg ${conn.nick} ${PROBE_MARKER}${token}`);
  },
};

const P = 0x50, I = 0x49, N = 0x4e, G = 0x47, SPACE = 0x20;
const decoder = new TextDecoder();

/** `:prefix COMMAND params...` split into words (prefix kept as the first word when present). */
function words(line: string): string[] {
  return line.split(' ', 5);
}

function ircError(what: string, line: string, codes: readonly string[]): Error | false {
  const w = words(line);
  const code = w[0]?.startsWith(':') ? w[1] : w[0];
  if (code === 'ERROR') return new Error(`${what}: ${line}`);
  return code !== undefined && codes.includes(code) ? new Error(`${what}: ${line}`) : false;
}

// Numerics that refuse a JOIN (RFC 2812 5.2): no such channel, too many channels, full, invite-only,
// banned, bad key, bad mask, plus 477 (registered nicks only) and 489 (TLS only) from common servers.
const JOIN_ERRORS = ['403', '405', '437', '471', '473', '474', '475', '476', '477', '489'];

const irc: Driver = {
  protocol: 'irc',
  autoReply(conn, bytes, start, end) {
    if (end - start < 5 || bytes[start] !== P || bytes[start + 1] !== I || bytes[start + 2] !== N || bytes[start + 3] !== G || bytes[start + 4] !== SPACE) return false;
    conn.sendLine(`PONG ${decoder.decode(bytes.subarray(start + 5, end))}`);
    return true;
  },
  async register(conn, nick, timeoutMs) {
    // USER goes once per connection; a retry after 433 only sends NICK.
    conn.sendLine(conn.nick === '' ? `NICK ${nick}\r\nUSER ${nick} 0 * :zchat bench` : `NICK ${nick}`);
    conn.nick = nick;
    await conn.waitFor((line) => {
      const w = words(line);
      if (w[1] === '001') return true;
      if (w[1] === '433' || w[1] === '436') return new NickInUseError(line);
      return ircError(`registration of ${nick} refused`, line, ['432', '465', '464']);
    }, timeoutMs, `001 for ${nick}`);
  },
  async join(conn, room, timeoutMs) {
    conn.sendLine(`JOIN ${room}`);
    const lower = room.toLowerCase();
    await conn.waitFor((line) => {
      const w = words(line);
      if (w[1] === '366' && w[3]?.toLowerCase() === lower) return true;
      return ircError(`join ${room} refused`, line, JOIN_ERRORS);
    }, timeoutMs, `366 for ${room}`);
  },
  async part(conn, room, timeoutMs) {
    conn.sendLine(`PART ${room}`);
    const mine = `:${conn.nick}!`.toLowerCase();
    await conn.waitFor((line) => {
      const w = words(line);
      if (w[1] === 'PART' && line.toLowerCase().startsWith(mine)) return true;
      return ircError(`part ${room} refused`, line, ['403', '442']);
    }, timeoutMs, `PART of ${room}`);
  },
  quit(conn) {
    conn.sendLine('QUIT :bench done');
  },
  messageBytes(room, text) {
    return encoder.encode(`PRIVMSG ${room} :${text}\r\n`);
  },
  probe(conn, token) {
    conn.sendLine(`PING :${PROBE_MARKER}${token}`);
  },
};

/** IRC over WebSocket: the same lines, one per message (the connection does the framing, ws-stream.ts). */
const ws: Driver = { ...irc, protocol: 'ws' };

/** The driver for `protocol`. */
export function driverFor(protocol: Protocol): Driver {
  return protocol === 'irc' ? irc : protocol === 'ws' ? ws : plain;
}
