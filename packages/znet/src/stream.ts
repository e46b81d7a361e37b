/**
 * `Stream`: Zig's std.net.Stream over a node:net socket. Reads are pull-based: `read(buf)` copies into the
 * caller's buffer; bytes that arrive before anyone reads wait in a small bounded queue, and past that the
 * socket stops reading from the kernel, so a slow reader pushes back on its peer instead of growing memory.
 * Writes settle only once the bytes are in the kernel, so the caller may reuse its buffer at once and a
 * peer that stops reading makes `write` wait.
 */
import type { Socket } from 'node:net';
import { Address } from './address.js';
import { NetError, toNetError } from './errors.js';
import { callSite, fail, type CallSite } from './mode.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';
import type { ReadSource, WriteSink } from './io-types.js';
import { SideState, ended, locallyClosed, paused, type ResolveRead } from './stream-state.js';

/** Bytes queued ahead of the reader before the socket stops reading from the kernel. */
const readHighWater = 64 * 1024;

/** A zero-length write: its callback runs once every write before it has reached the kernel. */
const drainMarker = Buffer.alloc(0);

// A parked read keeps only its promise's resolve function: one shared executor hands it over, so a read
// allocates no closure of its own, and the reject function (unreferenced) is collected at once. A failed read
// resolves with a rejected promise instead, which rejects the read with the same error.
let capturedResolve: ResolveRead | null = null;
function captureResolve(resolve: ResolveRead): void {
  capturedResolve = resolve;
}
function rejected(err: NetError): Promise<never> {
  return Promise.reject(err);
}

const kStream = Symbol('znet.stream');
type OwnedSocket = Socket & { [kStream]: Stream };

// Listeners are shared functions that find their stream through `this`, so a connection costs no closures.
function socketOnData(this: OwnedSocket, chunk: Buffer): void {
  this[kStream]._onData(chunk);
}
function socketOnEnd(this: OwnedSocket): void {
  this[kStream]._onEnd();
}
function socketOnError(this: OwnedSocket, err: Error): void {
  this[kStream]._onError(err);
}
function socketOnClose(this: OwnedSocket): void {
  this[kStream]._onClose();
}

/**
 * A connected byte stream (TCP, unix, or TLS). Obtain one from `StreamServer.accept()` or a connect function;
 * the caller owns it and must `close()` it.
 *
 * Concurrency: reads issued while another read is pending are served in call order, each with the next
 * bytes; likewise writes are delivered in call order. Await each call to keep memory bounded.
 */
export class Stream implements ReadSource, WriteSink, AsyncDisposable {
  /** The underlying node:net Socket (or tls.TLSSocket), as Zig's `handle` is the OS socket. */
  readonly handle: Socket;
  // The pending read, if any, in fields of its own rather than a record per read; further concurrent reads
  // wait in `side.laterReads`.
  private readBuf: Uint8Array | null = null;
  private readResolve: ResolveRead | null = null;
  private state = paused;
  /** Bytes in `side.queue` not yet read. */
  private queued = 0;
  private side: SideState | null = null;

  /** Wrap a socket. The socket must not have been read from; znet takes over its events. */
  constructor(socket: Socket) {
    this.handle = socket;
    (socket as OwnedSocket)[kStream] = this;
    // Nothing is read from the kernel until the first read(): pull, not push.
    socket.pause();
    socket.on('data', socketOnData);
    socket.on('end', socketOnEnd);
    socket.on('error', socketOnError);
    socket.on('close', socketOnClose);
  }

  /**
   * Read up to `buf.length` bytes into `buf`; resolves how many. **Resolves 0 only at end of stream** (the peer
   * shut down its side, or this stream was closed while the read was pending); a read may return fewer bytes
   * than asked for, so loop (or use `readAll` / `readAtLeast`) when you need an exact amount. Bytes that do not
   * fit stay for the next read. An empty `buf` resolves 0 at once without reading.
   * Rejects: ConnectionResetByPeer, ConnectionTimedOut, NotOpenForReading (after `close()`), ...
   */
  read(buf: Uint8Array): Promise<number> {
    if (this.queued > 0 && this.readResolve === null) return Promise.resolve(this.takeQueued(buf));
    if (buf.length === 0) return Promise.resolve(0);
    const error = this.side === null ? null : this.side.error;
    if (error !== null) return Promise.reject(fail(error.again(), callSite(this.read), 'read'));
    const state = this.state;
    if (state & ended) return Promise.resolve(0);
    if (state & locallyClosed) return Promise.reject(fail(new NetError('NotOpenForReading', 'read on a closed stream'), callSite(this.read), 'read'));
    const site = callSite(this.read);
    const promise = new Promise<number>(captureResolve);
    const resolve = capturedResolve!;
    capturedResolve = null;
    if (this.readResolve === null) {
      this.readBuf = buf;
      this.readResolve = resolve;
      if (site !== undefined) this.sideState().readSite = site;
    } else {
      (this.sideState().laterReads ??= []).push({ buf, resolve, site });
    }
    if (state & paused) {
      this.state = state & ~paused;
      this.handle.resume();
    }
    return promise;
  }

  /** Read until `buf` is full or the stream ends; resolves the count (less than `buf.length` only at end). */
  async readAll(buf: Uint8Array): Promise<number> {
    return this.readAtLeast(buf, buf.length);
  }

  /** Read at least `len` bytes (up to `buf.length`); resolves the count, less than `len` only at end of stream. */
  async readAtLeast(buf: Uint8Array, len: number): Promise<number> {
    if (len > buf.length) throw new RangeError(`readAtLeast: len ${len} exceeds buffer length ${buf.length}`);
    let index = 0;
    while (index < len) {
      const n = await this.read(buf.subarray(index));
      if (n === 0) break;
      index += n;
    }
    return index;
  }

  /**
   * Write `buf` (all of it: node queues what the kernel does not take at once); resolves `buf.length` once the
   * bytes are handed to the kernel, so `buf` may be reused when the promise settles. A peer that stops reading
   * makes this wait (backpressure). Rejects: BrokenPipe, ConnectionResetByPeer, NotOpenForWriting.
   */
  write(buf: Uint8Array): Promise<number> {
    const site = callSite(this.write);
    const refused = this.writeRefusal();
    if (refused) return Promise.reject(fail(refused, site, 'write'));
    if (buf.length === 0) return Promise.resolve(0);
    this.handle.write(buf);
    return this.settleWrite(buf.length, site, 'write');
  }

  /**
   * Write all of `buf`. Same as `write` here (node never writes partially), kept for Zig's surface. Returns
   * `write`'s own promise rather than wrapping it: one promise per call on the hot path, not two.
   */
  writeAll(buf: Uint8Array): Promise<void> {
    return this.write(buf) as Promise<unknown> as Promise<void>;
  }

  /**
   * Write several buffers with one system call (`writev`); resolves the total byte count once all of them are in
   * the kernel. Never writes partially, so unlike Zig's version there is nothing to retry.
   */
  writev(iovecs: readonly Uint8Array[]): Promise<number> {
    const site = callSite(this.writev);
    const refused = this.writeRefusal();
    if (refused) return Promise.reject(fail(refused, site, 'writev'));
    let total = 0;
    for (const v of iovecs) total += v.length;
    if (total === 0) return Promise.resolve(0);
    const socket = this.handle;
    if (iovecs.length === 1) {
      socket.write(iovecs[0]!);
    } else {
      // Corked writes leave node as one writev system call.
      socket.cork();
      for (const v of iovecs) if (v.length > 0) socket.write(v);
      socket.uncork();
    }
    return this.settleWrite(total, site, 'writev');
  }

  /**
   * Called right after handing bytes to node. Usually node wrote them to the kernel inside that call, and the
   * caller's buffer is free at once. Otherwise a zero-length marker write settles the promise when everything
   * before it has left, so no callback or closure is kept per write or per stream.
   */
  private settleWrite(n: number, site: CallSite | undefined, op: string): Promise<number> {
    const socket = this.handle;
    if (socket.writableLength === 0 && socket.errored === null && !socket.destroyed) return Promise.resolve(n);
    return new Promise<number>((resolve, reject) => {
      socket.write(drainMarker, (err?: Error | null) => {
        if (err) reject(fail(this.side?.error?.again() ?? toNetError(err, 'write'), site, op));
        else resolve(n);
      });
    });
  }

  /**
   * Write every buffer in `iovecs`, in order. Zig's `writevAll` mutates the caller's iovecs to resume after a
   * partial write; here partial writes are resumed inside node, so `iovecs` is left untouched and this is the
   * same as `writev`.
   */
  writevAll(iovecs: readonly Uint8Array[]): Promise<void> {
    return this.writev(iovecs) as Promise<unknown> as Promise<void>;
  }

  /** Zig's `io.Reader` surface over this stream (readByte, readInt, readUntilDelimiter...). */
  reader(): Reader {
    return new Reader(this);
  }

  /** Zig's `io.Writer` surface over this stream (writeAll, writeInt, print...). */
  writer(): Writer {
    return new Writer(this);
  }

  /**
   * Half-close: flush what was written, then send FIN. Reading still works until the peer ends. Later writes
   * reject with NotOpenForWriting. Idempotent.
   */
  shutdown(): Promise<void> {
    const socket = this.handle;
    if (socket.writableFinished || socket.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.end(() => resolve());
      // 'close' also settles it, e.g. when the peer resets before the flush completes.
      socket.once('close', () => resolve());
    });
  }

  /**
   * Close the stream at once, releasing the socket. Bytes already handed to the kernel are still sent. Reads
   * pending at this moment resolve 0 (end of stream, since the owner ended it); writes still queued in node
   * reject with NotOpenForWriting; later calls reject with NotOpenForReading / NotOpenForWriting.
   * Idempotent: closing twice is safe.
   */
  close(): void {
    if (this.state & locallyClosed) return;
    this.state |= locallyClosed;
    this.handle.destroy();
    this.endReads(null);
  }

  /** `await using stream = ...` closes it. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** True once closed locally, or once the socket is gone (reset, error). */
  get closed(): boolean {
    return (this.state & locallyClosed) !== 0 || this.handle.destroyed;
  }

  /** Bytes accepted by `write` but not yet handed to the kernel. */
  get writableLength(): number {
    return this.handle.writableLength;
  }

  /** The peer's address (for unix sockets, the path, or '' when the peer is unnamed). */
  get remoteAddress(): Address {
    const known = this.side === null ? null : this.side.remote;
    if (known !== null) return known;
    const s = this.handle;
    const a = s.remoteAddress === undefined ? Address.initUnix(unixPath(s, 'remote')) : Address.fromNode(s.remoteAddress, s.remotePort ?? 0, s.remoteFamily);
    this.sideState().remote = a;
    return a;
  }

  /** This end's address. */
  get localAddress(): Address {
    const s = this.handle;
    return s.localAddress === undefined ? Address.initUnix(unixPath(s, 'local')) : Address.fromNode(s.localAddress, s.localPort ?? 0, s.localFamily);
  }

  /** Disable (true) or enable Nagle's algorithm. */
  setNoDelay(noDelay = true): void {
    this.handle.setNoDelay(noDelay);
  }

  /** Enable TCP keep-alive probes after `initialDelayMs` of silence. */
  setKeepAlive(enable = true, initialDelayMs = 0): void {
    this.handle.setKeepAlive(enable, initialDelayMs);
  }

  // --- socket events (called by the shared listeners above) ---

  /** @internal */
  _onData(chunk: Buffer): void {
    let offset = 0;
    while (this.readResolve !== null && offset < chunk.length) {
      const buf = this.readBuf!;
      const resolve = this.readResolve;
      this.nextRead();
      const n = Math.min(buf.length, chunk.length - offset);
      chunk.copy(buf, 0, offset, offset + n);
      offset += n;
      resolve(n);
    }
    if (offset < chunk.length) {
      (this.sideState().queue ??= []).push(offset === 0 ? chunk : chunk.subarray(offset));
      this.queued += chunk.length - offset;
      if (this.queued >= readHighWater && !(this.state & paused)) {
        this.state |= paused;
        this.handle.pause();
      }
    }
    // With nothing queued the socket keeps reading: the next read most likely comes soon, and pausing costs a
    // system call per message.
  }

  /** @internal */
  _onEnd(): void {
    this.state |= ended;
    this.endReads(null);
  }

  /** @internal */
  _onError(err: Error): void {
    if (this.state & locallyClosed && (err as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED') return;
    const side = this.sideState();
    if (!side.error) side.error = toNetError(err, 'read');
    this.endReads(side.error);
  }

  /** @internal */
  _onClose(): void {
    // Closed without 'end' or 'error' (e.g. destroyed by the other side of a pipe): pending reads end.
    this.endReads(null);
  }

  /** Move the next concurrent read, if any, into the pending slot (or empty it). */
  private nextRead(): void {
    const side = this.side;
    const later = side === null ? null : side.laterReads;
    const next = later === null ? undefined : later.shift();
    if (next === undefined) {
      this.readBuf = null;
      this.readResolve = null;
      if (side !== null) side.readSite = undefined;
      return;
    }
    if (later!.length === 0) side!.laterReads = null;
    this.readBuf = next.buf;
    this.readResolve = next.resolve;
    side!.readSite = next.site;
  }

  private sideState(): SideState {
    return (this.side ??= new SideState());
  }

  /** Settle every pending read, in order: 0 (end of stream) when `err` is null, else a rejection with a copy of it. */
  private endReads(err: NetError | null): void {
    while (this.readResolve !== null) {
      const resolve = this.readResolve;
      const site = this.side === null ? undefined : this.side.readSite;
      this.nextRead();
      resolve(err === null ? 0 : rejected(fail(err.again(), site, 'read')));
    }
  }

  private takeQueued(buf: Uint8Array): number {
    let copied = 0;
    const side = this.side!;
    const queue = side.queue!;
    while (copied < buf.length && queue.length > 0) {
      const head = queue[0]!;
      const available = head.length - side.queueOffset;
      const n = Math.min(available, buf.length - copied);
      head.copy(buf, copied, side.queueOffset, side.queueOffset + n);
      copied += n;
      if (n === available) {
        queue.shift();
        side.queueOffset = 0;
      } else {
        side.queueOffset += n;
      }
    }
    this.queued -= copied;
    const state = this.state;
    if (state & paused && this.queued < readHighWater / 2 && !(state & (ended | locallyClosed))) {
      this.state = state & ~paused;
      this.handle.resume();
    }
    return copied;
  }

  private writeRefusal(): NetError | null {
    const error = this.side === null ? null : this.side.error;
    if (error !== null) return error.again();
    if (this.state & locallyClosed || this.handle.destroyed) return new NetError('NotOpenForWriting', 'write on a closed stream');
    if (this.handle.writableEnded) return new NetError('NotOpenForWriting', 'write after shutdown()');
    return null;
  }
}

function unixPath(socket: Socket, side: 'remote' | 'local'): string {
  // node:net exposes no address for unix sockets; the server side knows its own path.
  const server = (socket as unknown as { server?: { address(): unknown } }).server;
  if (side === 'local' && server) {
    const a = server.address();
    if (typeof a === 'string') return a;
  }
  return '';
}
