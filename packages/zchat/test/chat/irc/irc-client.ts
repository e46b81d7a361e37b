/**
 * A small IRC client for tests (a `WireClient` of parsed lines: reading and waiting are shared with the
 * plain-text client). Also starts a server with plain text and IRC on port 0.
 */
import { after, before } from 'node:test';
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { parseMessage } from '../../../src/chat/irc/message.js';
import type { IrcMessage } from '../../../src/chat/irc/message.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer, ChatServerOptions } from '../../../src/chat/server.js';
import { Address, tcpConnectToAddress, tlsConnectToHost, type Stream } from 'znet';
import { LineClient } from '../helpers/line-client.js';
import { WireClient } from '../helpers/wire-client.js';

/** A line as received: the raw text and its parse. */
export interface Line {
  raw: string;
  msg: IrcMessage;
}

/** A connected IRC test client (a `WireClient` of parsed lines); a string match is the command. Always `close()` it. */
export class IrcClient extends WireClient<Line> {
  private constructor(stream: Stream) {
    super(stream, '\r\n');
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

  /** Raw lines up to the PONG of a PING sent now: everything the server had to say before it. */
  async drain(): Promise<string[]> {
    await this.send('PING :drain');
    const lines = await this.collectUntil('PONG');
    return lines.slice(0, -1).map((l) => l.raw);
  }

  /** An unparsable line keeps its raw text; its command reads `!<parse error>`. */
  protected parse(raw: string): Line {
    const r = parseMessage(raw);
    return { raw, msg: r.ok ? r.msg : { tags: new Map(), command: `!${r.error}`, params: [] } };
  }

  protected raw(line: Line): string {
    return line.raw;
  }

  /** A string matches the command, e.g. '001' or 'JOIN'. */
  protected matchString(match: string): (line: Line) => boolean {
    return (l) => l.msg.command === match;
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
  /** A plain-text client logged in as `name` (in the default room), closed by `stop`. */
  plain(name: string): Promise<LineClient>;
  stop(): Promise<void>;
}

/** Start plain + IRC + web (port 0) with flood control off unless overridden; `options` (e.g. a test clock) go to the server. */
export async function startIrcTestServer(overrides: DeepPartial<ChatConfig> = {}, options: ChatServerOptions = {}): Promise<IrcTestServer> {
  const config = makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    ...overrides,
    irc: { enabled: true, port: 0, ...overrides.irc },
    web: { enabled: true, port: 0, ...overrides.web },
    limits: { floodPerSecond: 0, roomLinesPerSecond: 0, ...overrides.limits },
  });
  const server = await startChatServer(config, options);
  const clients: IrcClient[] = [];
  const plains: LineClient[] = [];
  const ircPort = server.addresses.irc!.getPort();
  const plainPort = server.addresses.plain!.getPort();
  return {
    server,
    ircPort,
    plainPort,
    clients,
    async client(nick: string, caps: string[] = []): Promise<IrcClient> {
      const c = await IrcClient.register(ircPort, nick, caps);
      clients.push(c);
      return c;
    },
    async plain(name: string): Promise<LineClient> {
      const c = await LineClient.login(plainPort, name);
      plains.push(c);
      return c;
    },
    async stop(): Promise<void> {
      for (const c of clients) c.close();
      for (const c of plains) c.close();
      await server.close();
    },
  };
}

/**
 * Register `before`/`after` hooks for the calling test file: one `startIrcTestServer` before its tests
 * (`overrides` may be a function, for configs that need awaiting, such as password hashes), stopped with
 * all its clients after them. The returned object stands for the server once the hooks have run.
 */
export function useIrcTestServer(
  overrides: DeepPartial<ChatConfig> | (() => Promise<DeepPartial<ChatConfig>>) = {},
  options: ChatServerOptions = {},
): IrcTestServer {
  let ts: IrcTestServer | null = null;
  const current = (): IrcTestServer => {
    if (ts === null) throw new Error('the shared IRC test server is not started yet (use it inside a test)');
    return ts;
  };
  before(async () => {
    ts = await startIrcTestServer(typeof overrides === 'function' ? await overrides() : overrides, options);
  });
  after(async () => {
    await ts?.stop();
  });
  return {
    get server() { return current().server; },
    get ircPort() { return current().ircPort; },
    get plainPort() { return current().plainPort; },
    get clients() { return current().clients; },
    client: (nick, caps) => current().client(nick, caps),
    plain: (name) => current().plain(name),
    stop: () => current().stop(),
  };
}
