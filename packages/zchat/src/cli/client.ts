/**
 * The terminal chat client behind `zchat connect`: one znet Stream to a plain-text port, the user's lines out,
 * the server's lines in (shown through a View), name handling, clean quit, and optional reconnection with backoff.
 */
import { readFile } from 'node:fs/promises';
import { NetError, tcpConnectToHost, tlsConnectToHost, type Stream } from 'znet';
import type { CliIo } from './command.js';
import { colourize, LineSplitter, sanitize } from './client-text.js';
import { createView, defaultPrompt, type View } from './terminal.js';
import { formatHostPort } from './values.js';

/** `zchat connect --tls`: how to check the server's certificate. */
export interface ClientTls {
  /** Trusted certificate(s), PEM text (from --ca); default: the system's authorities. */
  ca?: string;
  /** False with --insecure: any certificate is accepted. */
  rejectUnauthorized: boolean;
}

export interface ClientOptions {
  host: string;
  port: number;
  /** Connect with TLS (the plain-text protocol over TLS) instead of plain TCP. */
  tls?: ClientTls;
  /** Sent by itself at the server's name prompt (and again after a reconnect). */
  name?: string;
  /** Reconnect when the connection ends without the user quitting. */
  reconnect: boolean;
  /** Failed connection attempts in a row before giving up (with `reconnect`); Infinity: never give up. */
  maxAttempts: number;
  /** Colour names on a terminal (never on a pipe). */
  colour: boolean;
  /** Give up on one connection attempt after this long. */
  connectTimeoutMs: number;
  /** How long lines typed before the server's first prompt wait for it before being sent anyway. */
  promptWaitMs: number;
  /** After sending /quit, how long to wait for the server to close before closing ourselves. */
  quitWaitMs: number;
  /** Delay before reconnection attempt `n` (0-based). */
  backoffMs: (attempt: number) => number;
}

/** The longest wait between reconnection attempts unless `--max-backoff` says otherwise. */
export const defaultMaxBackoffMs = 30_000;

/**
 * Exponential backoff from 250 ms, doubling to at most `maxMs`, with up to 20% jitter so clients do not stampede
 * (the jitter never takes it past `maxMs`).
 */
export function backoff(maxMs: number): (attempt: number) => number {
  return (attempt) => {
    const base = Math.min(maxMs, 250 * 2 ** Math.min(attempt, 30));
    return Math.min(maxMs, Math.round(base * (1 + Math.random() * 0.2)));
  };
}

/** Backoff up to `defaultMaxBackoffMs`. */
export const defaultBackoff = backoff(defaultMaxBackoffMs);

/** How one connection ended. */
type SessionEnd = { kind: 'quit' } | { kind: 'closed' } | { kind: 'error'; error: unknown };

// Lines typed while not connected wait for the next connection, up to this many.
const maxQueuedLines = 1000;
const quitCommand = /^\/(quit|leave)(\s|$)/i;
const nickCommand = /^\/nick\s+(\S+)/i;
// What the plain-text server says when the rooms we are in change (plain/commands.ts, plain/format.ts): the client
// keeps the list to rejoin after a reconnect.
const joinedLine = /^You are in (#\S+)\. /;
const talkingLine = /^Now talking in (#\S+)\.$/;
const leftLine = /^You left (#\S+)\.$/;
const kickedLine = /^(?:\[#\S+\] )?(\S+) was kicked from (#\S+) by /;
const renamedLine = /^(?:\[#\S+\] )?(#\S+) is now (#\S+?)[ .]/;
const helloLine = /^Hello, (\S+)! /;
// A server partial line that ends like a question is a prompt (the plain protocol's `Identifier: `).
const promptShape = /[:?>] $/;

/**
 * Run the client until the user quits or the connection is gone for good. Resolves the exit code: 0 after /quit,
 * end of input, or the server closing the connection; 1 when the server cannot be reached (after the allowed
 * attempts) or the connection fails with an error. Never rejects; owns and closes its stream and view.
 */
export async function runClient(options: ClientOptions, io: CliIo): Promise<number> {
  const client = new ChatClient(options, io);
  try {
    return await client.run();
  } finally {
    client.close();
  }
}

class ChatClient {
  private readonly view: View;
  private readonly encoder = new TextEncoder();
  private readonly quitController = new AbortController();
  private readonly outbox: string[] = [];
  private readonly colour: boolean;
  private stream: Stream | undefined;
  private splitter = new LineSplitter();
  private writing: Promise<unknown> = Promise.resolve();
  private name: string | undefined;
  /** The next plain line sent on this connection is the name (the server asks for one first). */
  private expectingName = true;
  /**
   * Lines held back until the server's first prompt: a name sent before the prompt is read by the server at once,
   * and its reply would run into the prompt on the same screen line. Null once the gate has opened.
   */
  private gate: string[] | null = null;
  private gateTimer: NodeJS.Timeout | undefined;
  private quitSent = false;
  private interrupts = 0;
  /** Cancels the connection attempt under way when the user quits with nothing left to deliver. */
  private connectAttempt = new AbortController();
  /** Rooms we are in, as the server said (current last), to rejoin after a reconnect. */
  private readonly rooms: string[] = [];
  /** Rooms to rejoin once the server has taken our name on this connection, or null. */
  private rejoin: string[] | null = null;

  constructor(
    private readonly options: ClientOptions,
    io: CliIo,
  ) {
    this.name = options.name;
    this.view = createView(io, {
      onLine: (line) => this.userLine(line),
      // End of input still lets a connection attempt finish, so a failure to connect is reported (exit 1).
      onEnd: () => this.requestQuit(false),
      onInterrupt: () => (++this.interrupts > 1 ? this.stream?.close() : this.requestQuit()),
    });
    this.colour = this.view.interactive && options.colour && !io.env.NO_COLOR;
  }

  async run(): Promise<number> {
    const target = formatHostPort(this.options);
    let failures = 0;
    for (;;) {
      if (this.quitRequested && !this.hasPendingLines()) return 0;
      let stream: Stream;
      this.connectAttempt = new AbortController();
      try {
        stream = await this.connect();
      } catch (err) {
        // We cancelled the attempt ourselves (Ctrl-C, /quit): nothing to report.
        if (this.connectAttempt.signal.aborted) return 0;
        // A certificate or handshake failure will not fix itself: no retry, and say what to change.
        const tlsHint = tlsAdvice(err);
        if (tlsHint) {
          this.view.status(`Cannot connect to ${target}: ${describeError(err)}. ${tlsHint}`);
          return 1;
        }
        if (!this.options.reconnect || this.quitRequested || failures + 1 >= this.options.maxAttempts) {
          this.view.status(`Cannot connect to ${target}: ${describeError(err)}`);
          return 1;
        }
        const delay = this.options.backoffMs(failures++);
        const of = Number.isFinite(this.options.maxAttempts) ? ` of ${this.options.maxAttempts}` : '';
        this.view.status(`Cannot connect to ${target}: ${describeError(err)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${failures + 1}${of}; Ctrl-C to stop)`);
        await this.sleep(delay);
        continue;
      }
      failures = 0;
      this.rejoin = this.rooms.length > 0 ? [...this.rooms] : null;
      this.view.status(`Connected to ${target}${this.options.tls ? ' over TLS' : ''}.${this.view.interactive ? ' Type /help for commands, /quit to leave.' : ''}`);
      const end = await this.session(stream);
      if (end.kind === 'quit' || this.quitRequested) return 0;
      this.view.status(end.kind === 'closed' ? 'The server closed the connection.' : `Connection lost: ${describeError(end.error)}`);
      if (!this.options.reconnect) return end.kind === 'closed' ? 0 : 1;
      const delay = this.options.backoffMs(0);
      this.view.status(`Reconnecting in ${(delay / 1000).toFixed(1)} s...`);
      await this.sleep(delay);
    }
  }

  /** One connection attempt, TCP or TLS, bounded by the connect timeout and cancelled by a quit. */
  private connect(): Promise<Stream> {
    const { host, port, tls } = this.options;
    const bounds = { timeoutMs: this.options.connectTimeoutMs, signal: this.connectAttempt.signal };
    if (!tls) return tcpConnectToHost(host, port, bounds);
    return tlsConnectToHost(host, port, { ...bounds, rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca === undefined ? {} : { ca: tls.ca }) });
  }

  close(): void {
    this.stream?.close();
    this.view.close();
  }

  private get quitRequested(): boolean {
    return this.quitController.signal.aborted;
  }

  /** Serve one connection: flush queued lines, then show what arrives until it ends. */
  private async session(stream: Stream): Promise<SessionEnd> {
    this.stream = stream;
    this.splitter = new LineSplitter();
    this.expectingName = true;
    this.quitSent = false;
    // A known name (--name, or the one used before a reconnect) answers the first prompt, before queued lines.
    this.gate = this.name === undefined ? [] : [this.name];
    this.gate.push(...this.outbox.splice(0));
    // A server that never prompts still gets the lines, a little later.
    this.gateTimer = setTimeout(() => this.openGate(false), this.options.promptWaitMs);
    let quitTimer: NodeJS.Timeout | undefined;
    const onQuit = (): void => {
      // Input ended or the user quit while a queued /quit was not yet sent: say goodbye, then wait a bounded time.
      this.openGate(false);
      if (!this.quitSent) this.send('/quit');
      quitTimer ??= setTimeout(() => stream.close(), this.options.quitWaitMs);
    };
    if (this.quitRequested) onQuit();
    else this.quitController.signal.addEventListener('abort', onQuit, { once: true });
    const buf = new Uint8Array(16 * 1024);
    try {
      for (;;) {
        const n = await stream.read(buf);
        if (n === 0) return this.quitSent ? { kind: 'quit' } : { kind: 'closed' };
        this.received(buf.subarray(0, n));
      }
    } catch (err) {
      return this.quitSent ? { kind: 'quit' } : { kind: 'error', error: err };
    } finally {
      clearTimeout(quitTimer);
      clearTimeout(this.gateTimer);
      // Lines never sent go back to the queue for the next connection (the name is re-added from this.name).
      if (this.gate) this.outbox.unshift(...this.gate.filter((line) => line !== this.name));
      this.gate = null;
      this.quitController.signal.removeEventListener('abort', onQuit);
      const rest = this.splitter.takePartial();
      if (rest) this.show(rest);
      stream.close();
      this.stream = undefined;
      this.view.setPrompt(defaultPrompt);
    }
  }

  private received(bytes: Uint8Array): void {
    for (const line of this.splitter.push(bytes)) {
      this.track(line);
      this.show(line);
    }
    const partial = this.splitter.partial;
    if (partial === '') {
      this.view.setPrompt(defaultPrompt);
      return;
    }
    if (!promptShape.test(partial)) return; // the rest of a line still on its way
    this.expectingName = true;
    // The first prompt releases the held lines; the first plain one among them answers it (see send).
    if (this.gate && this.openGate(true)) return;
    if (this.view.interactive) this.view.setPrompt(sanitize(partial, false));
    else this.show(this.splitter.takePartial().trimEnd());
  }

  /** Follow the rooms we are in from what the server says; rejoin them once our name is taken after a reconnect. */
  private track(line: string): void {
    let m: RegExpExecArray | null;
    if ((m = helloLine.exec(line)) !== null) {
      this.name = m[1];
      const rooms = this.rejoin;
      this.rejoin = null;
      if (rooms !== null) {
        this.view.status(`Rejoining ${rooms.join(', ')}.`);
        // The current room last, so that it is current again.
        for (const room of rooms) this.send(`/join ${room}`);
      }
    } else if ((m = joinedLine.exec(line) ?? talkingLine.exec(line)) !== null) {
      this.forget(m[1]!);
      this.rooms.push(m[1]!);
    } else if ((m = leftLine.exec(line)) !== null) {
      this.forget(m[1]!);
    } else if ((m = kickedLine.exec(line)) !== null && m[1] === this.name) {
      this.forget(m[2]!);
    } else if ((m = renamedLine.exec(line)) !== null) {
      const i = this.rooms.indexOf(m[1]!);
      if (i >= 0) this.rooms[i] = m[2]!;
    }
  }

  private forget(room: string): void {
    const i = this.rooms.indexOf(room);
    if (i >= 0) this.rooms.splice(i, 1);
  }

  private show(line: string): void {
    const clean = sanitize(line, this.colour);
    this.view.print(this.colour ? colourize(clean) : clean);
  }

  private userLine(line: string): void {
    if (line.trim() === '') {
      this.view.showPrompt();
      return;
    }
    this.send(line);
    if (quitCommand.test(line)) this.requestQuit();
    this.view.showPrompt();
  }

  /**
   * Ask to leave: /quit goes out (now, or when connected), then the connection gets a bounded time to close.
   * `cancelConnect`: also abandon a connection attempt under way when nothing waits to be sent (Ctrl-C, /quit; not
   * the end of piped input, whose connection failure must still be reported).
   */
  private requestQuit(cancelConnect = true): void {
    if (this.quitRequested) return;
    this.quitController.abort();
    if (cancelConnect && !this.hasPendingLines()) this.connectAttempt.abort();
  }

  /** Lines typed (or piped) before a connection existed, other than /quit itself, still to be sent. */
  private hasPendingLines(): boolean {
    return this.outbox.some((line) => !quitCommand.test(line));
  }

  /**
   * Send the held lines. Returns whether one of them answered the prompt on screen. `atPrompt`: opened by the prompt
   * (not by the timer or a quit).
   */
  private openGate(atPrompt: boolean): boolean {
    const held = this.gate;
    if (!held) return false;
    this.gate = null;
    clearTimeout(this.gateTimer);
    const answered = atPrompt && held.some((line) => !line.startsWith('/'));
    for (const line of held) this.send(line, true);
    return answered;
  }

  /**
   * Send a line now, hold it for the prompt, or queue it until connected. Tracks the name and whether /quit went
   * out. `held`: the line was typed (or given) before the prompt it answers was on screen.
   */
  private send(line: string, held = false): void {
    const stream = this.stream;
    const queue = stream ? this.gate : this.outbox;
    if (queue) {
      if (queue.length < maxQueuedLines) queue.push(line);
      else this.view.status('Too many lines waiting for the server: line dropped.');
      return;
    }
    if (quitCommand.test(line)) this.quitSent = true;
    const nick = nickCommand.exec(line);
    if (nick) this.name = nick[1];
    if (!line.startsWith('/') && this.expectingName) {
      this.name = line.trim();
      this.expectingName = false;
      if (promptShape.test(this.splitter.partial)) {
        // The line answers the prompt on screen. A line typed at the prompt stays visible as typed; a held one is
        // shown after the prompt, as if typed there. On a pipe the prompt gets its own line.
        const prompt = this.splitter.takePartial();
        if (!this.view.interactive) this.show(prompt.trimEnd());
        else if (held) this.show(`${prompt}${line}`);
        this.view.setPrompt(defaultPrompt);
      }
    }
    const bytes = this.encoder.encode(`${line}\n`);
    const out = stream!;
    // Chained so lines leave in the order typed; a failed write shows up as a read error in session().
    this.writing = this.writing.then(() => out.writeAll(bytes)).catch(() => undefined);
  }

  /** Wait `ms`, or less if the user quits meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.quitController.signal;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** What to do about a TLS failure to connect, or undefined for other errors. */
function tlsAdvice(err: unknown): string | undefined {
  if (!(err instanceof NetError)) return undefined;
  if (err.code === 'TlsCertificateNotVerified') {
    return 'The server\'s certificate is not trusted: for a self-signed one (zchat cert), pass it with --ca cert.pem (or --insecure to skip the check, for testing only).';
  }
  if (err.code === 'TlsAlert') return 'The TLS handshake failed: is this the plain-text TLS port (zchat serve --plain-tls-port) rather than a plain or IRC port?';
  return undefined;
}

/**
 * The TLS settings of `zchat connect` from its flags: undefined without --tls, or 'usage' after printing the problem
 * on stderr (--ca or --insecure without --tls, both together, an unreadable --ca file). Never throws.
 */
export async function readClientTls(values: Readonly<Record<string, unknown>>, io: CliIo): Promise<ClientTls | 'usage' | undefined> {
  const caFile = typeof values.ca === 'string' ? values.ca : undefined;
  const insecure = values.insecure === true;
  const problem = (message: string): 'usage' => {
    io.stderr.write(`zchat connect: ${message}\nRun 'zchat connect --help' for usage.\n`);
    return 'usage';
  };
  if (values.tls !== true) return caFile !== undefined || insecure ? problem(`${caFile !== undefined ? '--ca' : '--insecure'} needs --tls`) : undefined;
  if (caFile !== undefined && insecure) return problem('--ca and --insecure do not go together (--insecure checks nothing)');
  if (caFile === undefined) return { rejectUnauthorized: !insecure };
  try {
    return { ca: await readFile(caFile, 'utf8'), rejectUnauthorized: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(`--ca: cannot read ${caFile}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
}

/** `ConnectionRefused (Nobody is listening at that address)` for NetErrors, the message otherwise. */
function describeError(err: unknown): string {
  // OpenSSL's own text ("...:SSL routines:ssl3_get_record:wrong version number:../deps/...") shrinks to its reason.
  const ssl = err instanceof NetError ? /SSL routines:[^:]*:([^:]+)/.exec(err.message) : null;
  if (ssl) return `${(err as NetError).code} (${ssl[1]!.trim()})`;
  if (err instanceof NetError) return err.message.replace(/^(\w+): (.*)$/, '$1 ($2)');
  return err instanceof Error ? err.message : String(err);
}
