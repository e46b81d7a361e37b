/**
 * Open a znet `Stream` to the target, optionally from a chosen local address. znet's `tcpConnectToHost`
 * has no local-address option yet, and the idle scenario needs one (several 127.0.0.x source addresses so
 * ephemeral ports never run out), so this builds the socket and hands it to `new Stream(socket)`, znet's
 * documented way to wrap a socket. Errors are znet's NetError codes either way.
 */
import * as net from 'node:net';
import { tcpConnectToHost } from '../net/connect.js';
import { NetError, toNetError } from '../net/errors.js';
import { Stream } from '../net/stream.js';

/**
 * Connect to `host:port` (from `localAddress` when given), with TCP_NODELAY set. Resolves a Stream the
 * caller owns and must close. Rejects with NetError: ConnectionRefused, AddressNotAvailable (no such
 * local address or no free port), ConnectionTimedOut after `timeoutMs`, ProcessFdQuotaExceeded, ...
 */
export async function openStream(host: string, port: number, localAddress: string | null, timeoutMs: number): Promise<Stream> {
  if (localAddress === null) {
    const stream = await tcpConnectToHost(host, port, { timeoutMs });
    stream.setNoDelay(true);
    return stream;
  }
  return new Promise<Stream>((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress, allowHalfOpen: true, noDelay: true });
    const timer = setTimeout(() => finish(new NetError('ConnectionTimedOut', `connect timed out after ${timeoutMs} ms`)), timeoutMs);
    function finish(err: Error | null): void {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', finish);
      if (err === null) resolve(new Stream(socket));
      else {
        socket.destroy();
        reject(err instanceof NetError ? err : toNetError(err));
      }
    }
    const onConnect = (): void => finish(null);
    socket.once('connect', onConnect);
    socket.once('error', finish);
  });
}
