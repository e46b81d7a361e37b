/**
 * The framing of IRC over WebSocket (ircv3.net/specs/extensions/websocket): the session's send queue hands
 * over buffers of CRLF-terminated lines, as for TCP; here each line becomes one WebSocket message, without
 * its CR LF, in a text frame (`text.ircv3.net`, the default) or a binary one (`binary.ircv3.net`).
 */
import WebSocket from 'ws';
import * as wsModule from 'ws';
import type { Writable } from 'node:stream';
import type { FrameSink, Transport } from '../transport/framing.js';

const LF = 0x0a;
/** Sender.frame options for one whole unmasked server message (RFC 6455 5.2: FIN, no RSV, text or binary). */
const textFrame = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true };
const binaryFrame = { ...textFrame, opcode: 2 };
/** ws's frame builder (public in ws, absent from its type definitions). */
const Sender = (wsModule as unknown as { Sender: { frame(data: Buffer, options: typeof textFrame): Buffer[] } }).Sender;
const CR = 0x0d;

/** Bytes ws may hold unsent before `close` drops the connection instead of saying goodbye politely. */
const politeCloseBytes = 64 * 1024;

const kReader = Symbol('zchat.wsReader');

/** What `readMessages` keeps on the WebSocket, for the module-level listeners. */
interface Reader {
  sink: FrameSink;
  maxBytes: number;
  done: (reason: string) => void;
}
type ReadingSocket = WebSocket & { [kReader]: Reader };

/**
 * One message is one line: a trailing LF (and the CR the IRC parser drops) is tolerated. Invalid UTF-8 in
 * a text frame never gets here: ws closes with 1007 first. Over `maxBytes`: the sink's `onTooLong`.
 */
function wsOnMessage(this: ReadingSocket, data: Buffer): void {
  const r = this[kReader];
  if (r.sink.ended) return;
  let line: Uint8Array = data;
  if (line.length > 0 && line[line.length - 1] === LF) line = line.subarray(0, line.length - 1);
  if (line.length > r.maxBytes + 1) r.sink.onTooLong();
  else r.sink.onLine(line);
}
function wsOnClose(this: ReadingSocket, code: number): void {
  this[kReader].done(closeReasons[code] ?? 'Connection closed');
}
function wsOnError(): void {
  // ws closes the connection itself (1002, 1007, 1009...) and 'close' follows.
}

/** Quit reasons for the close codes ws sends when it fails a connection (RFC 6455 7.4.1). */
const closeReasons: Readonly<Record<number, string>> = { 1002: 'WebSocket protocol error', 1006: 'Connection closed', 1007: 'Invalid UTF-8', 1009: 'Message too big' };

/**
 * IRC lines as WebSocket messages: the framing `Transport` of a WebSocket session. The session owns it and
 * closes it through `close`.
 */
export class WsStream implements Transport {
  constructor(private readonly ws: WebSocket, private readonly binary: boolean) {}

  /**
   * Hand each message to `sink` (`onLine`, or `onTooLong` past `maxBytes`) until the WebSocket closes.
   * Resolves with the quit reason ('Invalid UTF-8' for 1007, 'Message too big' for 1009...); never rejects.
   */
  readMessages(maxBytes: number, sink: FrameSink): Promise<string> {
    return new Promise((done) => {
      const ws = this.ws as ReadingSocket;
      ws[kReader] = { sink, maxBytes, done };
      ws.on('message', wsOnMessage as (this: WebSocket, data: Buffer) => void);
      ws.on('close', wsOnClose as (this: WebSocket, code: number) => void);
      ws.on('error', wsOnError);
      if (ws.readyState === WebSocket.CLOSED) done('Connection closed');
    });
  }

  /** Close after what was sent (a close frame, 1000); resolves at once. */
  shutdown(): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  /** Bytes accepted but not yet handed to the kernel (ws's buffer and the socket's). */
  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  /** True once the WebSocket is closing or closed: nothing more can be sent. */
  get closed(): boolean {
    return this.ws.readyState !== WebSocket.OPEN;
  }

  /**
   * Send every line in `chunks` (each a run of whole lines ending in LF, a CR before it dropped) as one
   * message. Resolves with the bytes taken once they are with the socket, at once when nothing was
   * waiting before; rejects when the WebSocket closed under it.
   */
  writev(chunks: readonly Uint8Array[]): Promise<number> {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('WebSocket closed'));
    const socket = (ws as unknown as { _socket: Writable })._socket;
    // Without compression a frame is a header and the line: ws's Sender.frame builds each one, and the batch
    // (a reply burst, or all the fan-out a tick queued for this client) goes to the socket in one write, as
    // on TCP. ws.send would write every message on its own, several times the CPU per delivery.
    const compressed = (ws as unknown as { _extensions: Record<string, unknown> })._extensions['permessage-deflate'] !== undefined;
    const frames: Uint8Array[] = [];
    let total = 0;
    for (const chunk of chunks) {
      total += chunk.length;
      let start = 0;
      while (start < chunk.length) {
        let lf = chunk.indexOf(LF, start);
        if (lf === -1) lf = chunk.length;
        const end = lf > start && chunk[lf - 1] === CR ? lf - 1 : lf;
        const line = Buffer.from(chunk.buffer, chunk.byteOffset + start, end - start);
        if (compressed) ws.send(line, { binary: this.binary });
        else frames.push(...Sender.frame(line, this.binary ? binaryFrame : textFrame));
        start = lf + 1;
      }
    }
    if (compressed || frames.length === 0) return Promise.resolve(total);
    const idle = socket.writableLength === 0;
    const bytes = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    if (idle) {
      socket.write(bytes);
      return Promise.resolve(total);
    }
    return new Promise((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve(total))));
  }

  /** Close now: a close frame (1000) when little is waiting, else drop the connection. Idempotent. */
  close(): void {
    const ws = this.ws;
    if (ws.readyState === WebSocket.CLOSED) return;
    if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < politeCloseBytes) ws.close(1000);
    else ws.terminate();
  }
}
