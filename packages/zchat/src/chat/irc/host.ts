/**
 * What an `IrcSession` needs from whatever accepted its connection: the TCP gateway (gateway.ts) or the
 * WebSocket gateway (chat/web). Both serve the same sessions, so registration, caps, flood control, send
 * queues and the core are shared; only the framing of lines differs. Also the IRC timeouts both apply.
 */
import type { ReloadResult } from '../reload.js';
import { formatLine } from './message.js';
import type { IrcSession } from './session.js';

export type { IrcHost, SessionStream } from './session.js';

/** REHASH where no reload was provided (an embedder's server with no config file). */
export function noReload(): Promise<ReloadResult> {
  return Promise.resolve({ ok: false, errors: ['no config file to reload: the server was started without one'] });
}

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
