/**
 * The framing of IRC over WebSocket (ircv3.net/specs/extensions/websocket): the session's send queue hands
 * over buffers of CRLF-terminated lines, as for TCP; here each line becomes one WebSocket message, without
 * its CR LF, in a text frame (`text.ircv3.net`, the default) or a binary one (`binary.ircv3.net`).
 */
import WebSocket from 'ws';
import type { SessionStream } from '../irc/host.js';

const LF = 0x0a;
const CR = 0x0d;

/** Bytes ws may hold unsent before `close` drops the connection instead of saying goodbye politely. */
const politeCloseBytes = 64 * 1024;

/**
 * A session's output as WebSocket messages (the `SessionStream` an `IrcSession` writes to). The gateway
 * owns the WebSocket; the session closes it through `close`.
 */
export class WsStream implements SessionStream {
  constructor(private readonly ws: WebSocket, private readonly binary: boolean) {}

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
    const options = { binary: this.binary };
    const idle = ws.bufferedAmount === 0;
    let total = 0;
    let last: Uint8Array | null = null;
    for (const chunk of chunks) {
      total += chunk.length;
      let start = 0;
      while (start < chunk.length) {
        let lf = chunk.indexOf(LF, start);
        if (lf === -1) lf = chunk.length;
        const end = lf > start && chunk[lf - 1] === CR ? lf - 1 : lf;
        if (last !== null) ws.send(last, options);
        last = chunk.subarray(start, end);
        start = lf + 1;
      }
    }
    if (last === null) return Promise.resolve(total);
    if (idle) {
      ws.send(last, options);
      return ws.readyState === WebSocket.OPEN ? Promise.resolve(total) : Promise.reject(new Error('WebSocket closed'));
    }
    return new Promise((resolve, reject) => ws.send(last, options, (err) => (err ? reject(err) : resolve(total))));
  }

  /** Close now: a close frame (1000) when little is waiting, else drop the connection. Idempotent. */
  close(): void {
    const ws = this.ws;
    if (ws.readyState === WebSocket.CLOSED) return;
    if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < politeCloseBytes) ws.close(1000);
    else ws.terminate();
  }
}
