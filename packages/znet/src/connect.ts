/**
 * Client side: Zig's tcpConnectToHost / tcpConnectToAddress / connectUnixSocket, plus tlsConnectToHost.
 * Each resolves a connected `Stream` owned by the caller.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Address } from './address.js';
import { NetError, toNetError } from './errors.js';
import { callSite, fail, type CallSite } from './mode.js';
import { getAddressList } from './resolve.js';
import { Stream } from './stream.js';
import type { TlsClientOptions } from './tls-options.js';

/** Options of the connect functions. */
export interface ConnectOptions {
  /** Abort the attempt: rejects with Canceled and closes the half-open socket. */
  signal?: AbortSignal;
  /** Give up after this long: rejects with ConnectionTimedOut. Default: the OS's own timeout. */
  timeoutMs?: number;
  /**
   * Bind the local end to this IP before connecting (e.g. one of several 127.0.0.x addresses, so that a load
   * generator does not run out of ephemeral ports on one source address). AddressNotAvailable if not local.
   */
  localAddress?: string;
}

/**
 * Connect to `address` (ip4, ip6 or unix). Rejects: ConnectionRefused, NetworkUnreachable,
 * ConnectionTimedOut, AddressNotAvailable, FileNotFound (unix), Canceled, ...
 */
export function tcpConnectToAddress(address: Address, options: ConnectOptions = {}): Promise<Stream> {
  const site = callSite(tcpConnectToAddress);
  return connectSocket(() => net.connect({ ...address.toNodeConnect(), ...local(options), allowHalfOpen: true }), 'connect', options, site);
}

function local(options: ConnectOptions): { localAddress?: string } {
  return options.localAddress === undefined ? {} : { localAddress: options.localAddress };
}

/**
 * Resolve `host` and try each of its addresses in order, as Zig does; resolves the first stream that
 * connects. Rejects with the last address's error (e.g. ConnectionRefused), UnknownHostName when the name
 * has no address, or Canceled / ConnectionTimedOut (the timeout covers the whole attempt).
 */
export async function tcpConnectToHost(host: string, port: number, options: ConnectOptions = {}): Promise<Stream> {
  const site = callSite(tcpConnectToHost);
  return connectEach(host, port, options, site, (address) => net.connect({ ...address.toNodeConnect(), ...local(options), allowHalfOpen: true }), 'connect');
}

/** Connect to a unix domain socket at `path`. Rejects: FileNotFound, ConnectionRefused, AccessDenied. */
export function connectUnixSocket(path: string, options: ConnectOptions = {}): Promise<Stream> {
  const site = callSite(connectUnixSocket);
  return connectSocket(() => net.connect({ path, allowHalfOpen: true }), 'connect', options, site);
}

/**
 * Connect with TLS and finish the handshake; the stream reads and writes plaintext. Rejects as
 * tcpConnectToHost, plus TlsCertificateNotVerified (untrusted or mismatched certificate) and TlsAlert.
 */
export async function tlsConnectToHost(host: string, port: number, options: ConnectOptions & TlsClientOptions = {}): Promise<Stream> {
  const site = callSite(tlsConnectToHost);
  const servername = options.servername ?? (net.isIP(host) ? undefined : host);
  return connectEach(host, port, options, site, (address) => tls.connect({
    ...(address.toNodeConnect() as { host: string; port: number }),
    ...local(options),
    ca: options.ca as tls.ConnectionOptions['ca'],
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    ...(servername ? { servername } : {}),
  }), 'secureConnect');
}

async function connectEach(host: string, port: number, options: ConnectOptions, site: CallSite | undefined, open: (a: Address) => net.Socket, readyEvent: string): Promise<Stream> {
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  let addresses: Address[];
  try {
    addresses = await getAddressList(host, port, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    throw fail(toNetError(err), site, 'connect');
  }
  let last: NetError = new NetError('UnknownHostName', `no address for ${host}`);
  for (const address of addresses) {
    const remaining = deadline === undefined ? undefined : deadline - Date.now();
    if (remaining !== undefined && remaining <= 0) break;
    try {
      return await connectSocket(() => open(address), readyEvent, { ...options, ...(remaining === undefined ? {} : { timeoutMs: remaining }) }, undefined);
    } catch (err) {
      last = err as NetError;
      if (last.code === 'Canceled' || last.code === 'TlsCertificateNotVerified' || last.code === 'TlsAlert') break;
    }
  }
  if (deadline !== undefined && Date.now() >= deadline && last.code !== 'Canceled') last = new NetError('ConnectionTimedOut', `connect to ${host}:${port} timed out`);
  throw fail(last, site, 'connect');
}

function connectSocket(open: () => net.Socket, readyEvent: string, options: ConnectOptions, site: CallSite | undefined): Promise<Stream> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(fail(new NetError('Canceled', 'connect aborted'), site, 'connect'));
  return new Promise<Stream>((resolve, reject) => {
    const socket = open();
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: NetError | null): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        reject(site ? fail(err, site, 'connect') : err);
      } else {
        resolve(new Stream(socket));
      }
    };
    const onReady = (): void => finish(null);
    const onError = (err: Error): void => finish(toNetError(err));
    const onAbort = (): void => finish(new NetError('Canceled', 'connect aborted'));
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) timer = setTimeout(() => finish(new NetError('ConnectionTimedOut', `connect timed out after ${timeoutMs} ms`)), timeoutMs);
  });
}
