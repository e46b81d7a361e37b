/**
 * `StreamServer`: Zig's std.net.StreamServer on node:net. `init` only records options; `listen` binds;
 * `accept` hands out one connection at a time. Connections that arrive while nobody is in `accept()` wait in a
 * queue bounded by `kernelBacklog`; past that they are closed at once, never held in unbounded memory.
 */
import { closeSync, openSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Address } from './address.js';
import { NetError, toNetError } from './errors.js';
import { callSite, fail, type CallSite } from './mode.js';
import { Stream } from './stream.js';
import { loadTlsContext, type TlsServerOptions } from './tls-options.js';

/** Options of `StreamServer.init`, Zig's `StreamServer.Options` plus TLS. */
export interface StreamServerOptions {
  /** Pending connections the OS keeps before refusing, and the size of znet's own accept queue. Default 128. */
  kernelBacklog?: number;
  /**
   * Zig's SO_REUSEADDR switch. On POSIX node always sets SO_REUSEADDR on listening TCP sockets, so a restarted
   * server can bind at once; `false` cannot turn that off and is accepted for fidelity.
   */
  reuseAddress?: boolean;
  /** SO_REUSEPORT: several processes share one port (node >= 22.12). OperationNotSupported where unavailable. */
  reusePort?: boolean;
  /** Serve TLS: every accepted stream is decrypted before znet sees it. */
  tls?: TlsServerOptions;
  /** Finish the TLS handshake within this time or drop the connection. Default 10 s. */
  tlsHandshakeTimeoutMs?: number;
  /**
   * TLS only: count each connection from the moment it is accepted, before its handshake, so stalled handshakes
   * cannot exceed the caller's limits. `tryAcquire(ip)` false closes the connection at once. Every acquired
   * connection is released exactly once by znet if it never reaches `accept()` (handshake failed or timed out,
   * accept queue full, server closed); once `accept()` hands it out, releasing is the caller's job.
   */
  admission?: Admission;
}

/** Per-address accounting that `StreamServer` consults as connections arrive (see `StreamServerOptions.admission`). */
export interface Admission {
  /** Count one more connection from `ip`; false refuses it (the connection is closed at once). */
  tryAcquire(ip: string): boolean;
  /** A connection from `ip` that was counted has closed. */
  release(ip: string): void;
}

/** The seed's `Connection`: the accepted stream (owned by the caller, who must close it) and the peer. */
export interface Connection {
  /** The accepted connection. */
  readonly stream: Stream;
  /** The peer's address. */
  readonly address: Address;
}

type Queued = { stream: Stream } | { error: NetError };

interface PendingAccept {
  resolve: (c: Connection) => void;
  reject: (e: NetError) => void;
  site: CallSite | undefined;
}

const transientAcceptErrors = new Set<string>(['ProcessFdQuotaExceeded', 'SystemFdQuotaExceeded', 'ConnectionAborted', 'SystemResources']);

const kOwner = Symbol('znet.server');
type OwnedServer = net.Server & { [kOwner]: StreamServer };

function serverOnConnection(this: OwnedServer, socket: net.Socket): void {
  this[kOwner]._onConnection(socket);
}
function serverOnError(this: OwnedServer, err: Error): void {
  this[kOwner]._onError(err);
}
function serverOnTlsClientError(this: OwnedServer, _err: Error, socket: net.Socket): void {
  // A handshake that fails or never finishes concerns only that client: drop it, keep serving.
  this[kOwner]._onHandshakeFailed(socket);
  socket.destroy();
}
function serverOnRawConnection(this: OwnedServer, socket: net.Socket): void {
  this[kOwner]._onRawConnection(socket);
}

/**
 * The address a raw (pre-handshake) socket was admitted under, so it is released exactly once. A TLSSocket made by
 * a tls.Server keeps its raw socket as `_parent` (node's _tls_wrap), which is how the two are matched.
 */
const kAdmitted = Symbol('znet.admitted');
type AdmittedSocket = net.Socket & { [kAdmitted]?: string; _parent?: AdmittedSocket };

/**
 * Zig's `std.net.StreamServer`: `init` records the options, `listen` binds, `accept` (or `for await`) hands out
 * connections, `close` stops listening and `deinit` releases everything (`await using` calls it).
 */
export class StreamServer implements AsyncIterable<Connection>, AsyncDisposable {
  /** The listen backlog and the bound of the queue of connections nobody has accepted yet. */
  readonly kernelBacklog: number;
  /** As given to `init` (node always sets SO_REUSEADDR on POSIX listeners). */
  readonly reuseAddress: boolean;
  /** Whether `listen` asks for SO_REUSEPORT. */
  readonly reusePort: boolean;
  private readonly tlsOptions: TlsServerOptions | undefined;
  private readonly tlsHandshakeTimeoutMs: number;
  private readonly admission: Admission | undefined;
  /** TLS connections whose handshake is under way (raw sockets), closed by `close()`. */
  private readonly handshaking = new Set<AdmittedSocket>();
  private server: net.Server | null = null;
  private bound: Address | null = null;
  private queue: Queued[] = [];
  private waiters: PendingAccept[] = [];
  private dropped = 0;

  private constructor(options: StreamServerOptions) {
    const backlog = options.kernelBacklog ?? 128;
    if (!Number.isInteger(backlog) || backlog < 1 || backlog > 0x7fffffff) throw new RangeError(`kernelBacklog must be an integer from 1 to 2^31-1, got ${backlog}`);
    this.kernelBacklog = backlog;
    this.reuseAddress = options.reuseAddress ?? false;
    this.reusePort = options.reusePort ?? false;
    this.tlsOptions = options.tls;
    this.tlsHandshakeTimeoutMs = options.tlsHandshakeTimeoutMs ?? 10_000;
    this.admission = options.tls ? options.admission : undefined;
  }

  /** Record the options. Nothing is acquired until `listen`; release with `deinit` (or `await using`). */
  static init(options: StreamServerOptions = {}): StreamServer {
    return new StreamServer(options);
  }

  /**
   * Bind and listen on `address` (port 0 picks a free port: read it from `listenAddress`). Rejects with
   * AddressInUse, AccessDenied, AddressNotAvailable, OperationNotSupported (reusePort), TlsInitializationFailed.
   */
  async listen(address: Address): Promise<void> {
    const site = callSite(this.listen);
    if (this.server) throw fail(new NetError('AddressInUse', 'this server is already listening'), site, 'listen');
    const options: net.ListenOptions & { reusePort?: boolean } = { backlog: this.kernelBacklog };
    const target = address.toNodeConnect();
    if ('path' in target) options.path = target.path;
    else Object.assign(options, target);
    if (this.reusePort) {
      if (!supportsReusePort()) throw fail(new NetError('OperationNotSupported', `reusePort needs node >= 22.12 (this is ${process.version})`), site, 'listen');
      options.reusePort = true;
    }
    let server: net.Server;
    try {
      server = this.tlsOptions
        ? tls.createServer({ ...loadTlsContext(this.tlsOptions), allowHalfOpen: true, handshakeTimeout: this.tlsHandshakeTimeoutMs } as tls.TlsOptions)
        : net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    } catch (err) {
      throw fail(toNetError(err), site, 'listen');
    }
    (server as OwnedServer)[kOwner] = this;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(fail(toNetError(err), site, 'listen'));
      server.once('error', onError);
      server.listen(options, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on(this.tlsOptions ? 'secureConnection' : 'connection', serverOnConnection);
    server.on('error', serverOnError);
    if (this.tlsOptions) server.on('tlsClientError', serverOnTlsClientError);
    if (this.tlsOptions) server.on('connection', serverOnRawConnection);
    this.server = server;
    const bound = server.address();
    this.bound = typeof bound === 'string' || bound === null ? Address.initUnix(target && 'path' in target ? target.path : String(bound)) : Address.fromNode(bound.address, bound.port, bound.family);
  }

  /** The bound address (with the real port when 0 was asked for). Throws SocketNotListening before `listen`. */
  get listenAddress(): Address {
    if (!this.bound) throw new NetError('SocketNotListening', 'listenAddress is set by listen()');
    return this.bound;
  }

  /**
   * Serve new TLS connections with this key and certificate (a renewed certificate, a reload); connections already
   * open keep theirs. Throws TlsInitializationFailed (bad files: nothing changes) or OperationNotSupported when this
   * server does not serve TLS or is not listening.
   */
  setTls(options: TlsServerOptions): void {
    const server = this.server;
    if (!this.tlsOptions || !server) throw new NetError('OperationNotSupported', 'setTls needs a listening TLS server');
    const material = loadTlsContext(options);
    (server as tls.Server).setSecureContext(material as tls.SecureContextOptions);
  }

  /** True between a successful `listen` and `close`. */
  get listening(): boolean {
    return this.server !== null;
  }

  /** Connections closed because the accept queue was full (kernelBacklog waiting, nobody accepting). */
  get droppedConnections(): number {
    return this.dropped;
  }

  /**
   * Wait for the next connection. The returned stream is a caller-managed resource: close it.
   * Rejects: SocketNotListening (not listening, or `close()` while waiting), ProcessFdQuotaExceeded /
   * SystemFdQuotaExceeded (out of file descriptors: the server keeps listening, and accepting works again
   * once descriptors are freed), ConnectionAborted.
   */
  accept(): Promise<Connection> {
    const site = callSite(this.accept);
    const next = this.queue.shift();
    if (next) {
      if ('error' in next) return Promise.reject(fail(next.error, site, 'accept'));
      return Promise.resolve(connectionOf(next.stream));
    }
    if (!this.server) return Promise.reject(fail(new NetError('SocketNotListening', 'accept on a server that is not listening'), site, 'accept'));
    return new Promise<Connection>((resolve, reject) => this.waiters.push({ resolve, reject, site }));
  }

  /**
   * Accept connections until `close()`, which ends the loop cleanly. Passing shortages (out of descriptors,
   * a connection aborted before it was accepted) do not end the loop: they are skipped (and printed in debug
   * mode), as a server must outlive them; call `accept()` directly to see them. Other errors are thrown.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Connection> {
    while (true) {
      try {
        yield await this.accept();
      } catch (err) {
        if (err instanceof NetError && transientAcceptErrors.has(err.code)) continue;
        if (err instanceof NetError && err.code === 'SocketNotListening') return;
        throw err;
      }
    }
  }

  /**
   * Stop listening: no new connections; pending `accept` calls reject with SocketNotListening; connections
   * queued but never accepted are closed. Accepted streams stay open (their owners close them). Safe to call
   * when not listening.
   */
  close(): void {
    const server = this.server;
    this.server = null;
    if (server) server.close();
    for (const q of this.queue) if ('stream' in q) this.dropQueued(q.stream);
    // Handshakes under way would finish (or time out) into a server nobody accepts from: end them now.
    for (const raw of this.handshaking) {
      this.releaseAdmitted(raw);
      raw.destroy();
    }
    this.handshaking.clear();
    this.queue = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(fail(new NetError('SocketNotListening', 'the server was closed'), w.site, 'accept'));
  }

  /** Release all resources (closes the listener). Idempotent. */
  deinit(): void {
    this.close();
    this.bound = null;
  }

  /** `deinit`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.deinit();
  }

  /** @internal */
  _onConnection(socket: net.Socket): void {
    const raw = (socket as AdmittedSocket)._parent;
    if (raw !== undefined) this.handshaking.delete(raw);
    const stream = new Stream(socket);
    if (!this.server) {
      // A TLS handshake that finished after close(): nobody will accept it.
      this.dropQueued(stream);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(connectionOf(stream));
    else if (this.queue.length >= this.kernelBacklog) {
      this.dropped++;
      this.dropQueued(stream);
    } else this.queue.push({ stream });
    const exhausted = descriptorShortage();
    if (exhausted) this._onError(exhausted);
  }

  /** @internal A TCP connection arrived on a TLS server, before its handshake: count it (admission). */
  _onRawConnection(socket: AdmittedSocket): void {
    if (this.admission) {
      const ip = socket.remoteAddress;
      if (ip === undefined || !this.admission.tryAcquire(ip)) {
        socket.destroy();
        return;
      }
      socket[kAdmitted] = ip;
    }
    this.handshaking.add(socket);
  }

  /** @internal A handshake failed or timed out: its connection never reaches accept(). */
  _onHandshakeFailed(tlsSocket: AdmittedSocket): void {
    const raw = tlsSocket._parent;
    if (raw !== undefined) this.handshaking.delete(raw);
    this.releaseAdmitted(raw);
  }

  /** Close a stream that will never be accepted, releasing its admission. */
  private dropQueued(stream: Stream): void {
    this.releaseAdmitted((stream.handle as AdmittedSocket)._parent);
    stream.close();
  }

  private releaseAdmitted(raw: AdmittedSocket | undefined): void {
    const ip = raw?.[kAdmitted];
    if (raw === undefined || ip === undefined) return;
    delete raw[kAdmitted];
    this.admission?.release(ip);
  }

  /** @internal */
  _onError(err: Error): void {
    const error = toNetError(err);
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.reject(fail(error, waiter.site, 'accept'));
      return;
    }
    // Nobody is accepting: keep one error for the next accept, like a syscall would report it.
    if (!this.queue.some((q) => 'error' in q)) this.queue.push({ error });
  }
}

/**
 * When the process runs out of file descriptors, libuv accepts each new connection with a descriptor it keeps
 * in reserve and closes it at once, without telling node (its "EMFILE trick", which keeps the loop from
 * spinning). So the failure never reaches an 'error' event; znet looks for a free descriptor after each
 * accepted connection instead (two cheap system calls) and reports the shortage to the next `accept`.
 */
function descriptorShortage(): Error | null {
  if (process.platform === 'win32') return null;
  try {
    closeSync(openSync('/dev/null', 'r'));
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EMFILE' || code === 'ENFILE') return Object.assign(new Error(`accept: ${code}: no free file descriptor for the next connection`), { code, syscall: 'accept' });
    return null;
  }
}

/** The address is worked out only when asked for: most servers never read it. */
class AcceptedConnection implements Connection {
  constructor(readonly stream: Stream) {}
  get address(): Address {
    return this.stream.remoteAddress;
  }
}

function connectionOf(stream: Stream): Connection {
  return new AcceptedConnection(stream);
}

function supportsReusePort(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}
