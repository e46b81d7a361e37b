/**
 * A small IRC client for tests, on znet: reads CRLF lines in the background, parses them, and waits for
 * a matching line with a bounded timeout. Also starts a server with plain text and IRC on port 0.
 */
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { parseMessage } from '../../../src/chat/irc/message.js';
import type { IrcMessage } from '../../../src/chat/irc/message.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';
import { Address } from '../../../src/net/address.js';
import { tcpConnectToAddress, tlsConnectToHost } from '../../../src/net/connect.js';
import type { Stream } from '../../../src/net/stream.js';

const encoder = new TextEncoder();

/** A line as received: the raw text and its parse. */
export interface Line {
  raw: string;
  msg: IrcMessage;
}

type Match = string | RegExp | ((l: Line) => boolean);

/** A connected test client. Always `close()` it. */
export class IrcClient {
  readonly lines: Line[] = [];
  cursor = 0;
  ended = false;
  private text = '';
  private readonly decoder = new TextDecoder();
  private wake: (() => void) | null = null;
  readonly done: Promise<void>;

  private constructor(readonly stream: Stream) {
    this.done = this.readLoop();
  }

  /** Connect over TCP to 127.0.0.1:`port`. */
  static async connect(port: number): Promise<IrcClient> {
    return new IrcClient(await tcpConnectToAddress(Address.parseIp('127.0.0.1', port)));
  }

  /** Connect over TLS trusting `ca`. */
  static async connectTls(port: number, ca: string): Promise<IrcClient> {
    return new IrcClient(await tlsConnectToHost('localhost', port, { ca, servername: 'localhost' }));
  }

  /** Connect and register as `nick` (CAP 302 with `caps` first when given); waits for 376/422. */
  static async register(port: number, nick: string, caps: string[] = []): Promise<IrcClient> {
    const c = await IrcClient.connect(port);
    await c.handshake(nick, caps);
    return c;
  }

  /** Registration on an open connection. */
  async handshake(nick: string, caps: string[] = []): Promise<void> {
    if (caps.length > 0) {
      await this.send('CAP LS 302');
      await this.waitFor((l) => l.msg.command === 'CAP' && l.msg.params[1] === 'LS' && l.msg.params[2] !== '*');
      await this.send(`CAP REQ :${caps.join(' ')}`);
      await this.waitFor((l) => l.msg.command === 'CAP' && (l.msg.params[1] === 'ACK' || l.msg.params[1] === 'NAK'));
    }
    await this.send(`NICK ${nick}`);
    await this.send(`USER ${nick} 0 * :${nick} real`);
    if (caps.length > 0) await this.send('CAP END');
    await this.waitFor((l) => l.msg.command === '376' || l.msg.command === '422');
  }

  private async readLoop(): Promise<void> {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await this.stream.read(buf);
        if (n === 0) break;
        this.text += this.decoder.decode(buf.subarray(0, n), { stream: true });
        for (;;) {
          const i = this.text.indexOf('\r\n');
          if (i < 0) break;
          const raw = this.text.slice(0, i);
          this.text = this.text.slice(i + 2);
          const r = parseMessage(raw);
          this.lines.push({ raw, msg: r.ok ? r.msg : { tags: new Map(), command: `!${r.error}`, params: [] } });
        }
        this.notify();
      }
    } catch {
      // reset or closed: treated as the end
    }
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (this.ended) throw new Error(`connection ended while waiting for ${what}; got ${JSON.stringify(this.lines.slice(-6).map((l) => l.raw))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last lines ${JSON.stringify(this.lines.slice(-6).map((l) => l.raw))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /**
   * The first unread line matching `match` (a string matches the command, e.g. '001' or 'JOIN'; a RegExp
   * the raw line); earlier unread lines are skipped.
   */
  async waitFor(match: Match, timeoutMs = 5000): Promise<Line> {
    const test = typeof match === 'string' ? (l: Line) => l.msg.command === match
      : match instanceof RegExp ? (l: Line) => match.test(l.raw) : match;
    let found = -1;
    await this.until(() => {
      for (let i = this.cursor; i < this.lines.length; i++) {
        if (test(this.lines[i]!)) {
          found = i;
          return true;
        }
      }
      return false;
    }, String(match), timeoutMs);
    this.cursor = found + 1;
    return this.lines[found]!;
  }

  /** Every unread line up to and including the first matching `match`. */
  async collectUntil(match: Match, timeoutMs = 5000): Promise<Line[]> {
    const start = this.cursor;
    await this.waitFor(match, timeoutMs);
    return this.lines.slice(start, this.cursor);
  }

  /** Wait until the server closes the connection. */
  async waitEnd(timeoutMs = 5000): Promise<void> {
    await this.until(() => this.ended, 'the end of the connection', timeoutMs).catch((err: Error) => {
      if (!this.ended) throw err;
    });
  }

  /** Send one line (CRLF added). */
  async send(line: string): Promise<void> {
    await this.stream.write(encoder.encode(`${line}\r\n`));
  }

  /** Send raw bytes. */
  async sendRaw(bytes: Uint8Array | string): Promise<void> {
    await this.stream.write(typeof bytes === 'string' ? encoder.encode(bytes) : bytes);
  }

  /** Close (idempotent). */
  close(): void {
    this.stream.close();
  }
}

/** A running server with plain text and IRC on 127.0.0.1 port 0. */
export interface IrcTestServer {
  server: ChatServer;
  ircPort: number;
  plainPort: number;
  clients: IrcClient[];
  /** Register an IRC client that `stop` closes. */
  client(nick: string, caps?: string[]): Promise<IrcClient>;
  stop(): Promise<void>;
}

/** Start plain + IRC with flood control off unless overridden. */
export async function startIrcTestServer(overrides: DeepPartial<ChatConfig> = {}): Promise<IrcTestServer> {
  const config = makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    ...overrides,
    irc: { enabled: true, port: 0, ...overrides.irc },
    limits: { floodPerSecond: 0, ...overrides.limits },
  });
  const server = await startChatServer(config);
  const clients: IrcClient[] = [];
  const ircPort = server.addresses.irc!.getPort();
  return {
    server,
    ircPort,
    plainPort: server.addresses.plain!.getPort(),
    clients,
    async client(nick: string, caps: string[] = []): Promise<IrcClient> {
      const c = await IrcClient.register(ircPort, nick, caps);
      clients.push(c);
      return c;
    },
    async stop(): Promise<void> {
      for (const c of clients) c.close();
      await server.close();
    },
  };
}
