/**
 * A WebSocket IRC client for tests, over the `ws` library: every message kept as one line, waits bounded
 * in time, and how the connection closed (code) once it has.
 */
import WebSocket from 'ws';
import { parseMessage } from '../../../src/chat/irc/message.js';
import type { IrcMessage } from '../../../src/chat/irc/message.js';

/** How a handshake the server refused looked: the HTTP status. */
export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

export interface WsLine {
  raw: string;
  binary: boolean;
  msg: IrcMessage;
}

/** A connected WebSocket test client. Always `close()` it. */
export class WsClient {
  readonly lines: WsLine[] = [];
  cursor = 0;
  /** Set when the connection closed: the close code. */
  closeCode: number | null = null;
  private wake: (() => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      const raw = data.toString('utf8');
      const r = parseMessage(raw);
      this.lines.push({ raw, binary, msg: r.ok ? r.msg : { tags: new Map(), command: `!${r.error}`, params: [] } });
      this.wake?.();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      this.wake?.();
    });
    ws.on('error', () => {});
  }

  /** Open ws://127.0.0.1:`port`/ with `protocols` and extra `headers` (`autoPong` false: never answer pings); rejects with UpgradeRefused on an HTTP answer. */
  static connect(port: number, protocols: string[] = ['text.ircv3.net'], headers: Record<string, string> = {}, path = '/', autoPong = true): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols, { headers, autoPong });
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(new UpgradeRefused(res.statusCode ?? 0));
        res.resume();
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  /** Connect and register as `nick`, waiting for the end of the MOTD. */
  static async register(port: number, nick: string, protocols?: string[], headers?: Record<string, string>): Promise<WsClient> {
    const c = await WsClient.connect(port, protocols, headers);
    c.send(`NICK ${nick}`);
    c.send(`USER ${nick} 0 * :${nick}`);
    await c.waitFor((l) => l.msg.command === '376' || l.msg.command === '422');
    return c;
  }

  /** Send one line as one message (text frame unless `binary`). */
  send(line: string | Buffer, binary = false): void {
    this.ws.send(line, { binary });
  }

  /** The next line from the cursor on that matches (a command name or a predicate), within `timeoutMs`. */
  async waitFor(match: string | ((l: WsLine) => boolean), timeoutMs = 5_000): Promise<WsLine> {
    const test = typeof match === 'string' ? (l: WsLine) => l.msg.command === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.lines.length) {
        const line = this.lines[this.cursor++]!;
        if (test(line)) return line;
      }
      if (this.closeCode !== null) throw new Error(`closed (${this.closeCode}) before a match; got ${this.lines.map((l) => l.raw).join(' | ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${this.lines.map((l) => l.raw).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** Resolves with the close code once the connection is closed (within `timeoutMs`). */
  async closed(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === null) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('still open');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.wake = () => {
          clearTimeout(t);
          this.wake = null;
          resolve();
        };
      });
    }
    return this.closeCode;
  }

  close(): void {
    this.ws.terminate();
  }
}
