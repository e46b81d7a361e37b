/**
 * What the chat test clients share (plain `LineClient`, `IrcClient`): on a znet Stream, read CRLF lines in
 * the background and keep every one, wait for a matching line or the end with a bounded timeout, send.
 * A subclass says how a raw line becomes its line type and how a string match is read.
 */
import type { Stream } from 'znet';

const encoder = new TextEncoder();

/** A string (read by the subclass), a RegExp over the raw line, or a predicate. */
export type LineMatch<L> = string | RegExp | ((line: L) => boolean);

/** A connected test client with lines of type `L`. Always `close()` it (tests use `after`/finally). */
export abstract class WireClient<L> {
  /** Every complete line received, in order. */
  readonly lines: L[] = [];
  /** Index of the next line `next`/`waitFor` look at. */
  cursor = 0;
  /** True once the server closed the connection (or it failed). */
  ended = false;
  /** Settles when the read loop stops (at once when the client never reads). */
  readonly done: Promise<void>;
  private text = '';
  private readonly decoder = new TextDecoder();
  private wake: (() => void) | null = null;

  /** Reads `stream` in the background unless `read` is false (a client that never reads); `eol` ends sent lines. */
  protected constructor(readonly stream: Stream, private readonly eol: string, read = true) {
    this.done = read ? this.readLoop() : Promise.resolve();
  }

  /** One received line (without CRLF) as a line of this client. */
  protected abstract parse(raw: string): L;
  /** The raw text of a line: what a RegExp match and error messages see. */
  protected abstract raw(line: L): string;
  /** The predicate for a string match. */
  protected abstract matchString(match: string): (line: L) => boolean;
  /** Length of a token at the start of `text` that is not a line (the plain prompt); 0 when none. */
  protected prefix(_text: string): number {
    return 0;
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
      const skip = this.prefix(this.text);
      if (skip > 0) {
        this.text = this.text.slice(skip);
        continue;
      }
      const i = this.text.indexOf('\r\n');
      if (i < 0) return;
      this.lines.push(this.parse(this.text.slice(0, i)));
      this.text = this.text.slice(i + 2);
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private lastLines(): string {
    return JSON.stringify(this.lines.slice(-6).map((l) => this.raw(l)));
  }

  /** Wait until `check` holds; throws (naming `what` and the last lines) on timeout or when the connection ends first. */
  protected async until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (this.ended) throw new Error(`connection ended while waiting for ${what}; got ${this.lastLines()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last lines ${this.lastLines()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** The first unread line matching `match`; earlier unread lines are skipped. */
  async waitFor(match: LineMatch<L>, timeoutMs = 5000): Promise<L> {
    const test = typeof match === 'string' ? this.matchString(match)
      : match instanceof RegExp ? (l: L) => match.test(this.raw(l)) : match;
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
  async collectUntil(match: LineMatch<L>, timeoutMs = 5000): Promise<L[]> {
    const start = this.cursor;
    await this.waitFor(match, timeoutMs);
    return this.lines.slice(start, this.cursor);
  }

  /** The next unread line. */
  async next(timeoutMs = 5000): Promise<L> {
    await this.until(() => this.lines.length > this.cursor, 'a line', timeoutMs);
    return this.lines[this.cursor++]!;
  }

  /** Wait until the server closes the connection. */
  async waitEnd(timeoutMs = 5000): Promise<void> {
    await this.until(() => this.ended, 'the server to close', timeoutMs);
  }

  /** Send one line (with this protocol's line ending). */
  async send(line: string): Promise<void> {
    await this.stream.write(encoder.encode(`${line}${this.eol}`));
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
