/**
 * A small plain-text client for tests, over TCP or TLS (a `WireClient` of strings): recognises the
 * `Identifier: ` prompt (which has no line ending) and sends lines ending in LF, as nc and telnet users do.
 */
import { Address, tcpConnectToAddress, tlsConnectToHost, type Stream } from 'znet';
import { WireClient } from './wire-client.js';

const PROMPT = 'Identifier: ';

/** How `LineClient.connect` connects. */
export interface LineClientOptions {
  /** False: never read (a slow consumer). Default true. */
  read?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /** Connect over TLS, trusting this CA certificate (PEM). */
  ca?: string;
}

/** A connected plain-text test client; a string match is the whole line. Always `close()` it. */
export class LineClient extends WireClient<string> {
  /** How many name prompts arrived. */
  prompts = 0;

  private constructor(stream: Stream, read: boolean) {
    super(stream, '\n', read);
  }

  /**
   * Connect to 127.0.0.1:`port` (or `host`); over TLS trusting `ca` when given. With `read: false`
   * nothing is ever read (a slow consumer).
   */
  static async connect(port: number, options: LineClientOptions = {}): Promise<LineClient> {
    const host = options.host ?? '127.0.0.1';
    const stream = options.ca === undefined
      ? await tcpConnectToAddress(Address.parseIp(host, port))
      : await tlsConnectToHost(host, port, { ca: options.ca, timeoutMs: 5_000 });
    return new LineClient(stream, options.read ?? true);
  }

  /** Connect, answer the prompt with `name`, and wait until the auto-join member list arrives. */
  static async login(port: number, name: string, options: LineClientOptions & { timeoutMs?: number } = {}): Promise<LineClient> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const c = await LineClient.connect(port, options);
    await c.waitPrompt(0, timeoutMs);
    await c.send(name);
    await c.waitFor((l) => l.startsWith('In #'), timeoutMs);
    return c;
  }

  protected parse(raw: string): string {
    return raw;
  }

  protected raw(line: string): string {
    return line;
  }

  protected matchString(match: string): (line: string) => boolean {
    return (l) => l === match;
  }

  protected override prefix(text: string): number {
    if (!text.startsWith(PROMPT)) return 0;
    this.prompts++;
    return PROMPT.length;
  }

  /** Wait until more than `seen` name prompts have arrived (default: the first one). */
  async waitPrompt(seen = 0, timeoutMs = 5000): Promise<void> {
    await this.until(() => this.prompts > seen, 'prompt', timeoutMs);
  }
}
