/**
 * A small plain-text client for tests, on znet: reads lines (CRLF) in the background, recognises the
 * `Identifier: ` prompt (which has no line ending), and waits for lines with a bounded timeout.
 */
import { tcpConnectToAddress } from '../../../src/net/connect.js';
import { Address } from '../../../src/net/address.js';
import type { Stream } from '../../../src/net/stream.js';

const PROMPT = 'Identifier: ';
const encoder = new TextEncoder();

/** A connected test client. Always `close()` it (tests use `after`/finally). */
export class LineClient {
  readonly stream: Stream;
  /** Every complete line received, in order. */
  readonly lines: string[] = [];
  /** Index of the next line `next`/`waitFor` look at. */
  cursor = 0;
  /** How many name prompts arrived. */
  prompts = 0;
  /** True once the server closed the connection (or it failed). */
  ended = false;
  private text = '';
  private readonly decoder = new TextDecoder();
  private wake: (() => void) | null = null;
  readonly done: Promise<void>;

  private constructor(stream: Stream, read: boolean) {
    this.stream = stream;
    this.done = read ? this.readLoop() : Promise.resolve();
  }

  /** Connect to 127.0.0.1:`port`. With `read: false` nothing is ever read (a slow consumer). */
  static async connect(port: number, options: { read?: boolean; host?: string } = {}): Promise<LineClient> {
    const stream = await tcpConnectToAddress(Address.parseIp(options.host ?? '127.0.0.1', port));
    return new LineClient(stream, options.read ?? true);
  }

  /** Connect, answer the prompt with `name`, and wait until the auto-join member list arrives. */
  static async login(port: number, name: string, timeoutMs = 5000): Promise<LineClient> {
    const c = await LineClient.connect(port);
    await c.waitPrompt(0, timeoutMs);
    await c.send(name);
    await c.waitFor((l) => l.startsWith('In #'), timeoutMs);
    return c;
  }

  private async readLoop(): Promise<void> {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await this.stream.read(buf);
        if (n === 0) break;
        this.text += this.decoder.decode(buf.subarray(0, n), { stream: true });
        this.split();
        this.notify();
      }
    } catch {
      // reset or closed: treated as the end
    }
    this.ended = true;
    this.notify();
  }

  private split(): void {
    for (;;) {
      if (this.text.startsWith(PROMPT)) {
        this.prompts++;
        this.text = this.text.slice(PROMPT.length);
        continue;
      }
      const i = this.text.indexOf('\r\n');
      if (i < 0) return;
      this.lines.push(this.text.slice(0, i));
      this.text = this.text.slice(i + 2);
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (this.ended) throw new Error(`connection ended while waiting for ${what}; got ${JSON.stringify(this.lines.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last lines ${JSON.stringify(this.lines.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Wait until more than `seen` name prompts have arrived (default: the first one). */
  async waitPrompt(seen = 0, timeoutMs = 5000): Promise<void> {
    await this.until(() => this.prompts > seen, 'prompt', timeoutMs);
  }

  /** The first unread line matching `match` (string: exact, RegExp, or predicate); earlier lines are skipped. */
  async waitFor(match: string | RegExp | ((line: string) => boolean), timeoutMs = 5000): Promise<string> {
    const test = typeof match === 'string' ? (l: string) => l === match : match instanceof RegExp ? (l: string) => match.test(l) : match;
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

  /** The next unread line. */
  async next(timeoutMs = 5000): Promise<string> {
    await this.until(() => this.lines.length > this.cursor, 'a line', timeoutMs);
    return this.lines[this.cursor++]!;
  }

  /** Wait until the server closes the connection. */
  async waitEnd(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the server to close');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Send one line (LF added). */
  async send(line: string): Promise<void> {
    await this.stream.write(encoder.encode(`${line}\n`));
  }

  /** Send raw bytes. */
  async sendRaw(bytes: Uint8Array | string): Promise<void> {
    await this.stream.write(typeof bytes === 'string' ? encoder.encode(bytes) : bytes);
  }

  /** Close the connection (idempotent). */
  close(): void {
    this.stream.close();
  }
}
