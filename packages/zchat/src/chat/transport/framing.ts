/**
 * Framing: how a connection's bytes become whole messages and back. Sessions (plain, IRC) read and write
 * through a `Transport` and never see the byte stream, so one session class serves CRLF lines over TCP
 * or TLS today and whole WebSocket messages next. A gateway takes a `Framing`, which turns each accepted
 * znet `Stream` into a `Transport` (a WebSocket framing does its handshake there).
 */
import type { Stream } from 'znet';
import { readLines } from './read-lines.js';
import type { LineSink } from './read-lines.js';

/**
 * Where a transport sends what it reads: the session. `onLine` gets one message without its framing (a
 * line without LF, a CR may remain; one WebSocket text message), as bytes reused after the call.
 */
export type FrameSink = LineSink;

/**
 * A framed connection as a session sees it. The session owns it and closes it.
 *
 * Output contract: sessions write whole lines, each ending in CR LF, possibly several joined in one
 * buffer (a reply burst, cached event bytes). A line framing writes them as they are; a message framing
 * sends each line as one message, without its CR LF.
 */
export interface Transport {
  /**
   * Read messages of at most `maxBytes` (without framing) into `sink` until the peer ends, a read fails or
   * `sink.ended`; a longer message is reported with `sink.onTooLong` and skipped, the connection kept.
   * Resolves with a short reason reading stopped ('Connection closed' at end of stream); never rejects.
   * Call once.
   */
  readMessages(maxBytes: number, sink: FrameSink): Promise<string>;
  /**
   * Write `chunks` (together whole CRLF-terminated lines) in order. Resolves once they are handed to the
   * kernel; rejects with a znet `NetError` when the peer is gone or the transport is closed.
   */
  writev(chunks: readonly Uint8Array[]): Promise<number>;
  /** Bytes accepted by `writev` but not yet handed to the kernel (for the send-queue bound). */
  readonly writableLength: number;
  /** True once closed by either side; writes then fail. */
  readonly closed: boolean;
  /** End the sending side after what was written (a refusal, then close). Rejects like `writev`. */
  shutdown(): Promise<void>;
  /** Release the connection now; idempotent. */
  close(): void;
}

/** Turns an accepted stream into a transport. A row of the gateway table picks one. */
export interface Framing {
  /** 'lines' (CR LF over a byte stream), 'websocket', ... */
  readonly name: string;
  /**
   * Frame `stream` (its owner from now on). Resolves null when the peer fails the framing's handshake, the
   * stream then closed; never rejects.
   */
  open(stream: Stream): Promise<Transport | null>;
}

/** CR LF (or bare LF) lines over a byte stream: the framing of plain text and IRC over TCP and TLS. */
export class LineTransport implements Transport {
  constructor(readonly stream: Stream) {}

  readMessages(maxBytes: number, sink: FrameSink): Promise<string> {
    return readLines(this.stream, maxBytes, sink);
  }

  writev(chunks: readonly Uint8Array[]): Promise<number> {
    return this.stream.writev(chunks);
  }

  get writableLength(): number {
    return this.stream.writableLength;
  }

  get closed(): boolean {
    return this.stream.closed;
  }

  shutdown(): Promise<void> {
    return this.stream.shutdown();
  }

  close(): void {
    this.stream.close();
  }
}

/** The line framing: no handshake, the stream's bytes are the lines. */
export const lineFraming: Framing = {
  name: 'lines',
  open: (stream) => Promise.resolve(new LineTransport(stream)),
};
