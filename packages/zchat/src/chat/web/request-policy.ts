/**
 * Who may open a WebSocket, and who the client is: pure functions of the request's headers and the
 * socket's peer address (no I/O), so the gateway and the tests share them.
 */
import { Address } from 'znet';

/** `ip` in the canonical form znet prints (`::ffff:127.0.0.1` becomes `127.0.0.1`), or null if not an IP. */
export function canonicalIp(ip: string): string | null {
  const text = ip.toLowerCase().startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  try {
    return Address.parseIp(text, 0).ip;
  } catch {
    return null;
  }
}

/**
 * The client's IP address. From a peer in `trustedProxies` (canonical IPs), the last address of
 * `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it saw, so entries
 * further left were written by the client and prove nothing); from anyone else, the peer itself. A header
 * that does not parse is ignored.
 */
export function clientIp(peer: string, forwardedFor: string | string[] | undefined, trustedProxies: ReadonlySet<string>): string {
  const remote = canonicalIp(peer) ?? peer;
  if (!trustedProxies.has(remote) || forwardedFor === undefined) return remote;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = canonicalIp(hops[i]!.trim());
    if (ip === null) return remote;
    if (!trustedProxies.has(ip)) return ip;
  }
  return remote;
}

const loopbackHosts: ReadonlySet<string> = new Set(['localhost', '[::1]']);

function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Whether a browser page at `origin` may open a WebSocket here (a page elsewhere must not be able to chat
 * as a visitor's IP). No Origin (a client that is not a browser) is allowed. The page's own origin (its
 * host matching the request's `Host`) is allowed. Then, with `allowedOrigins` empty, loopback pages; with
 * it set, exactly those origins.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  if (allowedOrigins.length === 0) return isLoopbackHost(url.hostname);
  return allowedOrigins.some((o) => o.toLowerCase() === url.origin);
}

/** The subprotocols of the IRCv3 WebSocket spec, in the order the server prefers them. */
export const ircSubprotocols = ['text.ircv3.net', 'binary.ircv3.net'] as const;
export type IrcSubprotocol = (typeof ircSubprotocols)[number];

/**
 * The subprotocol to answer with: the first one the client lists that we speak; null when it lists only
 * others (the handshake then carries none, and a browser fails the connection, as RFC 6455 says).
 * A client that lists none gets text frames (the spec's default) without a header.
 */
export function chooseSubprotocol(offered: ReadonlySet<string>): IrcSubprotocol | null {
  for (const p of offered) if ((ircSubprotocols as readonly string[]).includes(p)) return p as IrcSubprotocol;
  return null;
}
