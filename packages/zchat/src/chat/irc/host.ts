/**
 * What an `IrcSession` needs from whatever accepted its connection: the TCP gateway (gateway.ts) or the
 * WebSocket gateway (chat/web). Both serve the same sessions, so registration, caps, flood control, send
 * queues and the core are shared; only the framing of lines differs. Also the IRC timeouts both apply.
 */
import type { ReloadResult } from '../reload.js';
import type { ChatCore } from '../core/core.js';
import type { Transport } from '../transport/framing.js';
import { formatLine } from './message.js';
import type { IrcSession } from './session.js';

/** The owner of a set of IRC sessions. */
export interface IrcHost {
  readonly core: ChatCore;
  /** Shown in 002, 004, INFO and VERSION. */
  readonly version: string;
  /** When the host started (003), ms since the epoch. */
  readonly startedAt: number;
  /** Most registered users seen at once (265/266). */
  maxUsersSeen: number;
  /** A session began ending (its user has quit); it stays tracked until it closes. */
  sessionEnding(s: IrcSession, reason: string): void;
  /** A session's connection is closed: its connection slot is free again. */
  sessionClosed(s: IrcSession): void;
  /** The operator's REHASH: reload the config as SIGHUP does (see `ChatServer.reload`). */
  rehash(): Promise<ReloadResult>;
}

/** REHASH where no reload was provided (an embedder's server with no config file). */
export function noReload(): Promise<ReloadResult> {
  return Promise.resolve({ ok: false, errors: ['no config file to reload: the server was started without one'] });
}

/**
 * Where a session writes its bytes: the output half of a framing `Transport` (transport/framing.ts), which
 * a znet `Stream` also is (CR LF lines as they are); the WebSocket transport sends one line per message.
 */
export type SessionStream = Pick<Transport, 'writev' | 'writableLength' | 'closed' | 'close'>;

/** Registration timeout, idle timeout, server PINGs and their timeout for one open session at `now`. */
export function sweepIrcSession(s: IrcSession, now: number): void {
  const l = s.core.limits;
  const host = s.user.host;
  if (!s.user.registered && now - s.connectedAt >= l.registrationTimeoutMs) {
    s.end('Registration timed out', `Closing Link: ${host} (Registration timed out)`);
  } else if (l.idleTimeoutMs > 0 && now - s.lastInput >= l.idleTimeoutMs) {
    s.end('Idle timeout', `Closing Link: ${host} (Idle timeout)`);
  } else if (l.pingIntervalMs > 0) {
    if (s.pingSentAt !== 0 && now - s.pingSentAt >= l.pingIntervalMs) {
      const secs = Math.round((now - s.lastInput) / 1000);
      s.end(`Ping timeout: ${secs} seconds`, `Closing Link: ${host} (Ping timeout: ${secs} seconds)`);
    } else if (s.pingSentAt === 0 && now - s.lastInput >= l.pingIntervalMs) {
      s.pingSentAt = now;
      s.send(formatLine(undefined, 'PING', [s.config.serverName], undefined, true));
    }
  }
}

/** `ERROR :Closing Link: <host> (Server shutting down[: reason])` and end. */
export function shutdownIrcSession(s: IrcSession, reason: string): void {
  const why = `Server shutting down${reason ? `: ${reason}` : ''}`;
  s.end(why, `Closing Link: ${s.user.host} (${why})`);
}
