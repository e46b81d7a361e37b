/**
 * `--protocol ws`: a generator connection as IRC over WebSocket (text.ircv3.net), shaped like the znet
 * Stream `BenchConn` reads and writes, so the IRC driver, the payload parsing and the scenarios are the
 * same as over TCP. Each message comes out of `read` as a line with CR LF; each line written goes out as
 * one message.
 */
import WebSocket from 'ws';

/** What `BenchConn` uses of a connection: a znet Stream, or this. */
export interface BenchStream {
  read(buf: Uint8Array): Promise<number>;
  writev(chunks: readonly Uint8Array[]): Promise<number>;
  readonly writableLength: number;
  close(): void;
}

const CRLF = Buffer.from('\r\n');
const LF = 0x0a;
const CR = 0x0d;

function wsOnMessage(this: WebSocket & { owner: WsBenchStream }, data: Buffer): void {
  this.owner.push(data);
}

/** A WebSocket IRC client connection for the load generator. The caller closes it. */
export class WsBenchStream implements BenchStream {
  /** Messages received and not yet read; `offset` into the first. */
  private queue: Buffer[] = [];
  private offset = 0;
  private waiting: { buf: Uint8Array; resolve: (n: number) => void } | null = null;
  private ended = false;
  private answerQueued = false;

  private constructor(private readonly ws: WebSocket) {
    (ws as WebSocket & { owner: WsBenchStream }).owner = this;
    ws.on('message', wsOnMessage as (this: WebSocket, data: Buffer) => void);
    ws.on('close', () => this.end());
    ws.on('error', () => this.end());
  }

  /**
   * Open ws://host:port/ from `localAddress` (when given) within `timeoutMs`. Rejects with the handshake or
   * connect error. The generator trusts the server's UTF-8 (it parses bytes), so ws skips validating it.
   */
  static open(host: string, port: number, localAddress: string | null, timeoutMs: number): Promise<WsBenchStream> {
    const h = host.includes(':') ? `[${host}]` : host;
    const ws = new WebSocket(`ws://${h}:${port}/`, ['text.ircv3.net'], {
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
      skipUTF8Validation: true,
      ...(localAddress === null ? {} : { localAddress }),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        (ws as unknown as { _socket: { setNoDelay(v: boolean): void } })._socket.setNoDelay(true);
        resolve(new WsBenchStream(ws));
      });
      ws.once('error', reject);
    });
  }

  /**
   * @internal A message arrived. A waiting read is answered in a microtask, after ws has emitted every
   * message of the socket chunk it is parsing: one read per chunk, as over TCP, not one per message.
   */
  push(data: Buffer): void {
    this.queue.push(data, CRLF);
    if (this.waiting !== null && !this.answerQueued) {
      this.answerQueued = true;
      queueMicrotask(() => this.answer());
    }
  }

  private answer(): void {
    this.answerQueued = false;
    if (this.waiting === null) return;
    const w = this.waiting;
    this.waiting = null;
    w.resolve(this.fill(w.buf));
  }

  private end(): void {
    this.ended = true;
    if (this.waiting !== null) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(this.fill(w.buf));
    }
  }

  private fill(buf: Uint8Array): number {
    let n = 0;
    while (this.queue.length > 0 && n < buf.length) {
      const head = this.queue[0]!;
      const take = Math.min(head.length - this.offset, buf.length - n);
      buf.set(head.subarray(this.offset, this.offset + take), n);
      n += take;
      this.offset += take;
      if (this.offset === head.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    return n;
  }

  /** Lines of received messages, CR LF after each; 0 at the end. */
  read(buf: Uint8Array): Promise<number> {
    if (this.queue.length > 0 || this.ended) return Promise.resolve(this.fill(buf));
    return new Promise((resolve) => (this.waiting = { buf, resolve }));
  }

  /** Each line of `chunks` (CR LF or LF ended) as one message. */
  writev(chunks: readonly Uint8Array[]): Promise<number> {
    // One socket write for the batch, as over TCP (ws writes each message as it is sent).
    const socket = (this.ws as unknown as { _socket: { cork(): void; uncork(): void } | null })._socket;
    socket?.cork();
    let total = 0;
    for (const chunk of chunks) {
      total += chunk.length;
      let start = 0;
      while (start < chunk.length) {
        let lf = chunk.indexOf(LF, start);
        if (lf === -1) lf = chunk.length;
        const end = lf > start && chunk[lf - 1] === CR ? lf - 1 : lf;
        if (end > start) this.ws.send(chunk.subarray(start, end));
        start = lf + 1;
      }
    }
    socket?.uncork();
    return this.ws.readyState === WebSocket.OPEN ? Promise.resolve(total) : Promise.reject(new Error('WebSocket closed'));
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  close(): void {
    this.ws.terminate();
  }
}
