/**
 * Value checkers for command-line options: each converts the text or says what was expected. Pure.
 */
import type { Checked } from './command.js';
import type { LogLevel } from '../chat/config.js';

/** Log levels pino knows, in order; `--log-level` and the config's `logLevel` take these. */
export const logLevels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** A TCP port, 0 to 65535 (0: any free port, printed once bound). */
export function checkPort(raw: string): Checked {
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  return n >= 0 && n <= 65_535 ? { value: n } : { problem: `expected a port number from 0 to 65535, got "${raw}"` };
}

/** An IP address or host name to listen on or connect to. IPv6 may be bracketed: `[::1]`. */
export function checkHost(raw: string): Checked {
  const host = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  return /^[A-Za-z0-9.:%_-]{1,253}$/.test(host) ? { value: host } : { problem: `expected an IP address or host name, got "${raw}"` };
}

/** One of `logLevels`. */
export function checkLogLevel(raw: string): Checked {
  return (logLevels as readonly string[]).includes(raw) ? { value: raw } : { problem: `expected one of ${logLevels.join(', ')}, got "${raw}"` };
}

/** An integer within bounds. */
export function checkInt(min: number, max: number): (raw: string) => Checked {
  return (raw) => {
    const n = /^-?\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max ? { value: n } : { problem: `expected an integer from ${min} to ${max}, got "${raw}"` };
  };
}

/** A file path (non-empty). Existence is checked when the file is read, with the OS's reason. */
export function checkFile(raw: string): Checked {
  return raw.length > 0 ? { value: raw } : { problem: 'expected a file path, got ""' };
}

/** A data directory; "" means none (memory). */
export function checkDataDir(raw: string): Checked {
  // eslint-disable-next-line no-control-regex
  return raw.length <= 4096 && !/[\x00-\x1f\x7f]/.test(raw) ? { value: raw } : { problem: 'expected a directory path (or "" for memory)' };
}

/** Where to connect: `host:port`, `[v6]:port`, `host` (port 8888) or `:port` (host 127.0.0.1). */
export interface HostPort {
  host: string;
  port: number;
}

/** Parse `host:port` with the plain-text defaults filled in. Returns undefined when malformed. */
export function parseHostPort(raw: string, defaults: HostPort = { host: '127.0.0.1', port: 8888 }): HostPort | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(raw) ?? /^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)$/.exec(raw);
  if (!m) return undefined;
  // A bare IPv6 address (several colons, no brackets) has no port part.
  const bareV6 = m.length === 2;
  const hostText = bareV6 ? m[1]! : (m[1] ?? m[2] ?? '');
  const host = hostText === '' ? defaults.host : hostText;
  const port = !bareV6 && m[3] !== undefined ? Number(m[3]) : defaults.port;
  if (port < 1 || port > 65_535 || !/^[A-Za-z0-9.:%_-]{1,253}$/.test(host)) return undefined;
  return { host, port };
}

/** Checker for `parseHostPort`; the value is the normalised `host:port` text. */
export function checkHostPort(raw: string): Checked {
  const hp = parseHostPort(raw);
  return hp ? { value: formatHostPort(hp) } : { problem: `expected host:port (e.g. 127.0.0.1:8888 or [::1]:8888), got "${raw}"` };
}

/** `host:port`, bracketing IPv6 hosts. */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A Redis URL for --cluster: redis:// or rediss://, a host, an optional port and database. */
export function checkRedisUrl(raw: string): Checked {
  return /^rediss?:\/\/(?:[^\s/@]*@)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/\d{1,2})?$/.test(raw)
    ? { value: raw }
    : { problem: `expected a Redis URL such as redis://127.0.0.1:6379, got "${raw}"` };
}

/** A cluster node name for --node-id: 1 to 16 letters and digits. */
export function checkNodeId(raw: string): Checked {
  return /^[A-Za-z0-9]{1,16}$/.test(raw) ? { value: raw } : { problem: `expected 1 to 16 letters and digits, got "${raw}"` };
}
