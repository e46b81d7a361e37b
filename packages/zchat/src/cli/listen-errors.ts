/**
 * One line for each way `zchat serve` can fail to listen, naming the port, the flag that moves it and what to do,
 * instead of a stack trace: the first thing a new operator meets when another server already holds a port.
 */
import type { ChatConfig } from '../chat/config.js';
import { NetError } from 'znet';

/** Each listener's port in `config` with the flag that sets it, in the order the server starts them. */
function portFlags(config: ChatConfig): [number | null, string][] {
  return [
    [config.plain.enabled ? config.plain.port : null, '--plain-port'],
    [config.irc.enabled ? config.irc.port : null, '--irc-port'],
    [config.irc.enabled && config.tls.key !== null ? config.tls.ircPort : null, '--irc-tls-port'],
    [config.plain.enabled && config.tls.key !== null ? config.tls.plainPort : null, '--plain-tls-port'],
    [config.web.enabled ? config.web.port : null, '--web-port'],
    [config.web.enabled && config.tls.key !== null ? config.tls.webPort : null, '--web-tls-port'],
  ];
}

/** The port of a failed listen, from the Node error under the NetError (it carries `port`). */
function failedPort(err: NetError): number | null {
  const cause = err.cause as { port?: unknown } | undefined;
  return typeof cause?.port === 'number' ? cause.port : null;
}

/**
 * What to tell the operator when the server could not start with `config` because of `err` (one line, no trailing
 * newline), e.g. `port 6667 is already in use; pick another with --irc-port or stop the other server`.
 */
export function describeListenError(err: unknown, config: ChatConfig): string {
  if (!(err instanceof NetError)) return `cannot start: ${err instanceof Error ? err.message : String(err)}`;
  const host = config.host;
  const port = failedPort(err);
  const flag = portFlags(config).find(([p]) => p === port)?.[1] ?? 'its port flag';
  switch (err.code) {
    case 'AddressInUse':
      return `port ${port ?? '?'} is already in use on ${host}; pick another with ${flag} or stop the other server`;
    case 'AccessDenied':
      return `permission denied to listen on port ${port ?? '?'}: ports below 1024 need root or CAP_NET_BIND_SERVICE ` +
        `(docs/ZCHAT.md, Running in production); pick a port from 1024 up with ${flag}`;
    case 'AddressNotAvailable':
      return `${host} is not an address of this machine; listen on one of its addresses, 127.0.0.1 (this machine ` +
        `only) or 0.0.0.0 (every interface) with --host`;
    case 'InvalidIPAddressFormat':
      return `the host to listen on must be an IP address of this machine, not "${host}": 127.0.0.1 (this machine ` +
        `only), 0.0.0.0 (every interface) or one of its addresses, with --host or host: in the config file`;
    case 'TlsInitializationFailed':
      return `TLS key or certificate: ${err.message}`;
    default:
      return `cannot listen on ${host}${port === null ? '' : ` port ${port}`}: ${err.message}`;
  }
}
