/**
 * One generator connection: a znet Stream (or a WebSocket shaped like one, ws-stream.ts) read in chunks (one promise per chunk, not per line) and cut
 * into lines; measured messages and probe replies go to a `ConnSink`, anything else to the line waiter
 * the protocol driver set up (registration, join) or nowhere. Writes are coalesced: everything sent to
 * any connection during one event-loop turn leaves in one `writev` per connection at the next
 * `setImmediate`, so a sender answering many acknowledgements costs one syscall, not one per line.
 */
import type { BenchStream } from './ws-stream.js';
import { nowMicros } from './clock.js';
import { LineSplitter } from './lines.js';
import { findMarker, parsePayload, PROBE_MARKER, type Payload } from './payload.js';

/** Receives what a connection reads, with the receive time of the chunk that carried it. */
export interface ConnSink {
  /** A measured message (the payload object is reused; copy what you keep). */
  onMessage(conn: BenchConn, payload: Payload, recvMicros: number): void;
  /** A reply to this connection's round-trip probe. */
  onProbe(conn: BenchConn, recvMicros: number): void;
  /** The connection ended: `error` is null for an orderly end of stream. */
  onClose(conn: BenchConn, error: Error | null): void;
}

/** Protocol hook run on every line first: answers server PINGs; returns true when it consumed the line. */
export type AutoReply = (conn: BenchConn, bytes: Uint8Array, start: number, end: number) => boolean;

interface Waiter {
  test: (line: string) => boolean | Error;
  resolve: (line: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const TILDE = 0x7e;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const dirty: BenchConn[] = [];
let flushScheduled = false;

function flushAll(): void {
  flushScheduled = false;
  const conns = dirty.splice(0);
  for (const c of conns) c.flush();
}

/** A generator-side client connection; owns its stream (see the module comment). */
export class BenchConn {
  readonly stream: BenchStream;
  /** The scenario's index for this client. */
  readonly index: number;
  nick = '';
  /** Set by the driver once registered (and joined, where the scenario joins). */
  ready = false;
  closed = false;
  sink: ConnSink | null = null;
  /** Scenario data (e.g. which room, which sender). */
  tag = 0;
  private readonly buf: Uint8Array;
  private readonly splitter: LineSplitter;
  private readonly payload: Payload = { sender: 0, seq: 0, sentMicros: 0 };
  private recvMicros = 0;
  /** Position of the next `~` in `scanBytes` (Infinity: none), so marker searches scan each chunk once. */
  private tildeAt = Infinity;
  private scanBytes: Uint8Array | null = null;
  private out: Uint8Array[] | null = null;
  private waiter: Waiter | null = null;

  constructor(stream: BenchStream, index: number, private readonly autoReply: AutoReply, readBufferBytes = 16 * 1024) {
    this.stream = stream;
    this.index = index;
    this.buf = new Uint8Array(readBufferBytes);
    this.splitter = new LineSplitter((bytes, start, end) => this.onLine(bytes, start, end));
  }

  /** Start the read loop (runs until end of stream or error; then `sink.onClose`). Call once. */
  startReading(): void {
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    let error: Error | null = null;
    try {
      for (;;) {
        const n = await this.stream.read(this.buf);
        if (n === 0) break;
        // One clock read per chunk: every line in it arrived together.
        this.recvMicros = nowMicros();
        this.scanBytes = null;
        this.splitter.push(this.buf, n);
      }
    } catch (err) {
      error = err as Error;
    }
    this.closed = true;
    this.stream.close();
    if (this.waiter) this.settle(error ?? new Error(`connection closed by the server${this.lastLine ? `: ${this.lastLine}` : ''}`));
    this.sink?.onClose(this, error);
  }

  /** The last line that no sink or waiter took (for error messages). */
  lastLine = '';

  private onLine(bytes: Uint8Array, start: number, end: number): void {
    if (this.autoReply(this, bytes, start, end)) return;
    if (this.scanBytes !== bytes || this.tildeAt < start) {
      this.scanBytes = bytes;
      const at = bytes.indexOf(TILDE, start);
      this.tildeAt = at < 0 ? Infinity : at;
    }
    // Both markers start with `~`: a line without one needs no parsing.
    if (this.sink !== null && this.tildeAt < end) {
      // The marker cannot start before the line's first `~`: no need to scan the prefix again.
      const p = parsePayload(bytes, this.tildeAt, end, this.payload);
      if (p !== null) {
        this.sink.onMessage(this, p, this.recvMicros);
        return;
      }
      if (findMarker(bytes, this.tildeAt, end, PROBE_MARKER) >= 0) {
        this.sink.onProbe(this, this.recvMicros);
        return;
      }
    }
    if (this.waiter === null && this.ready) return;
    const line = decoder.decode(bytes.subarray(start, end));
    this.lastLine = line;
    if (this.waiter === null) return;
    const verdict = this.waiter.test(line);
    if (verdict === true) this.settle(null, line);
    else if (verdict instanceof Error) this.settle(verdict);
  }

  private settle(err: Error | null, line = ''): void {
    const w = this.waiter!;
    this.waiter = null;
    clearTimeout(w.timer);
    if (err) w.reject(err);
    else w.resolve(line);
  }

  /**
   * Resolve with the first line for which `test` returns true; reject when it returns an Error, after
   * `timeoutMs`, or when the connection ends. One waiter at a time (setup steps are sequential).
   */
  waitFor(test: (line: string) => boolean | Error, timeoutMs: number, what: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error(`connection closed before ${what}`));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(new Error(`no ${what} within ${timeoutMs} ms${this.lastLine ? ` (last line: ${this.lastLine})` : ''}`)), timeoutMs);
      this.waiter = { test, resolve, reject, timer };
    });
  }

  /** Queue `text` + CRLF for the next coalesced write. Ignored once closed. */
  sendLine(text: string): void {
    this.send(encoder.encode(`${text}\r\n`));
  }

  /** Queue raw bytes for the next coalesced write (the caller must not change them afterwards). */
  send(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.out === null) {
      this.out = [];
      dirty.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushAll);
      }
    }
    this.out.push(bytes);
  }

  /** @internal Write what is queued in one writev; a failed write ends the connection. */
  flush(): void {
    const batch = this.out;
    this.out = null;
    if (batch === null || this.closed) return;
    this.stream.writev(batch).catch(() => this.close());
  }

  /** Bytes handed to the socket but not yet to the kernel. */
  get backlog(): number {
    return this.stream.writableLength;
  }

  /** Close now (idempotent); the read loop then reports `onClose`. */
  close(): void {
    this.stream.close();
  }
}
