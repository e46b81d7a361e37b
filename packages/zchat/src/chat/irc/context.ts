/**
 * What an IRC command handler sees of its connection: `IrcContext`. Handlers take it, reply through it
 * and return a `CommandResult`; they never see the session class, its driver or its transport, so a
 * handler imports nothing that imports it back. The session (session.ts) implements it.
 */
import type { ChatConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { ChatEvent } from '../core/events.js';
import type { ChatUser } from '../core/users.js';
import type { ReloadResult } from '../reload.js';
import type { CapName } from './caps.js';

/**
 * What a handler did: 'done'; 'async' when it continues later (a password check) and will call
 * `resume()`; 'closing' when the session is ending.
 */
export type CommandResult = 'done' | 'async' | 'closing';

/** An AUTHENTICATE exchange under way: the mechanism and the base64 chunks received so far. */
export interface SaslExchange {
  mechanism: string;
  data: string;
}

/** Registration and CAP negotiation state of one connection; the registration handlers own it. */
export class RegistrationState {
  /** CAP LS version (0: none given; 302 enables values, multi-line replies and cap-notify). */
  capVersion = 0;
  /** True between CAP LS/REQ before registration and CAP END: registration waits. */
  capNegotiating = false;
  /** PASS given before registration, or null. */
  pass: string | null = null;
  /** True once USER was accepted. */
  gotUser = false;
  /** The AUTHENTICATE exchange under way, or null. */
  sasl: SaslExchange | null = null;
}

/** What an IRC listener tells its sessions: 002-004 and the LUSERS maximum (265/266). */
export interface IrcServerInfo {
  /** Shown in 002 and 004. */
  readonly version: string;
  /** When the listener started (003), ms since the epoch. */
  readonly startedAt: number;
  /** Most registered users seen at once (265/266); LUSERS raises it. */
  maxUsersSeen: number;
}

/** One IRC connection as its command handlers see it. */
export interface IrcContext {
  readonly core: ChatCore;
  readonly config: ChatConfig;
  readonly user: ChatUser;
  readonly server: IrcServerInfo;
  /** Whether the connection is TLS (WHOIS 671). */
  readonly secure: boolean;
  /** Enabled capabilities; change them with `setCaps`. */
  readonly caps: ReadonlySet<CapName>;
  readonly reg: RegistrationState;
  /** True once the session is ending or closed. */
  readonly ended: boolean;
  /** The nick as numerics address it: `*` before one is set. */
  readonly nick: string;
  /** Enable and disable capabilities (keeps the wire variant and echo-message in step). */
  setCaps(enable: Iterable<CapName>, disable?: Iterable<CapName>): void;
  /** Queue one line (no CRLF) as is, or into the labeled response being built. */
  send(line: string): void;
  /** A line from the server: `:<server> <command> <params...>`. */
  sendFromServer(command: string, params: readonly string[], forceTrailing?: boolean): void;
  /** A numeric: `:<server> <code> <nick> <params...>`. */
  numeric(code: string, ...params: string[]): void;
  /** A numeric whose last parameter is its standard text (numerics.ts), after `params`. */
  numericStd(code: string, ...params: string[]): void;
  /** IRCv3 standard reply: `FAIL <command> <code> [context...] :<text>`. */
  fail(command: string, code: string, text: string, ...context: string[]): void;
  /** Queue `event` outside any labeled response being built (echo-message to oneself). */
  deliverUnlabeled(event: ChatEvent): void;
  /** Run `body` with output collected into a labeled response for `label`. */
  labeled(label: string | undefined, body: () => void): void;
  /**
   * End the session: the user quits with `reason`, `errorText` (if any) goes out as `ERROR :<text>`, the
   * queue is flushed and the connection closed (at once when `immediate`). Idempotent.
   */
  end(reason: string, errorText?: string | null, immediate?: boolean): void;
  /** An 'async' command finished: send its labeled response, then run lines that waited. */
  resume(): void;
  /** The operator's REHASH: reload the config as SIGHUP does (see `ChatServer.reload`). */
  rehash(): Promise<ReloadResult>;
}
