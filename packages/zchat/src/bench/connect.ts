/**
 * Open a znet `Stream` to the target, optionally from a chosen local address (the idle scenario spreads its
 * connections over several 127.0.0.x source addresses so ephemeral ports never run out).
 */
import { tcpConnectToHost } from 'znet';
import { WsBenchStream, type BenchStream } from './ws-stream.js';

/**
 * Connect to `host:port` (from `localAddress` when given), with TCP_NODELAY set; over WebSocket (IRC lines as
 * messages, `--protocol ws`) when `websocket`. Resolves a Stream the
 * caller owns and must close. Rejects with NetError: ConnectionRefused, AddressNotAvailable (no such
 * local address or no free port), ConnectionTimedOut after `timeoutMs`, ProcessFdQuotaExceeded, ...
 */
export async function openStream(host: string, port: number, localAddress: string | null, timeoutMs: number, websocket = false): Promise<BenchStream> {
  if (websocket) return WsBenchStream.open(host, port, localAddress, timeoutMs);
  const stream = await tcpConnectToHost(host, port, localAddress === null ? { timeoutMs } : { timeoutMs, localAddress });
  stream.setNoDelay(true);
  return stream;
}
