/**
 * One IRC connection, the driver: it implements the handlers' `IrcContext` (context.ts) and the core's
 * `SessionSink`, runs each line through the parser, flood control (transport FloodQueue: delayed, not
 * dropped) and `dispatch` (commands.ts), captures labeled responses, and hands events to the delivery
 * table (delivery.ts). Output goes through the coalescing writer (transport SendQueue). Per-connection
 * callbacks are methods or module functions, never closures made per line.
 */
import type { ChatConfig } from '../config.js';
import type { ChatCore } from '../core/core.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import type { ReloadResult } from '../reload.js';
import { LineSession } from '../transport/line-session.js';
import type { SessionOwner, SessionStream } from '../transport/line-session.js';
import { takesNoToken } from './unthrottled.js';
import type { CapName } from './caps.js';
import { dispatch } from './commands.js';
import { RegistrationState } from './context.js';
import type { IrcServerInfo } from './context.js';
import { deliverEvent, wireBytes } from './delivery.js';
import type { DeliveryTarget } from './delivery.js';
import { clientMessageLimits, formatLine, parseMessage } from './message.js';
import type { ParseResult } from './message.js';
import { numericText } from './numerics.js';
import { handleParseError } from './parse-errors.js';
import { LabeledResponse } from './response.js';
import { serializeEvent, variantFor } from './wire.js';

/**
 * What an `IrcSession` needs from whatever accepted its connection: the TCP gateway (gateway.ts) or the
 * WebSocket gateway (chat/web). It is also the sessions' server info (002-004, 265/266).
 */
export interface IrcHost extends IrcServerInfo, SessionOwner<IrcSession> {
  readonly core: ChatCore;
  /** The operator's REHASH: reload the config as SIGHUP does (see `ChatServer.reload`). */
  rehash(): Promise<ReloadResult>;
}

export type { SessionStream } from '../transport/line-session.js';

const decoder = new TextDecoder();

/** HTTP request methods: a browser or proxy talking to the IRC port; refused before registration (as ergo). */
const HTTP_VERBS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']);

function killTick(s: IrcSession, text: string): void {
  s.end(text, `Closing Link: ${s.user.host} (${text})`);
}
function sendqTick(s: IrcSession): void {
  s.end('SendQ exceeded', null, true);
}
function textTick(s: IrcSession): void {
  s.flushText();
}

/** An IRC session. Created by the gateway per accepted connection; it owns `stream` and closes it. */
export class IrcSession extends LineSession<ParseResult> implements DeliveryTarget {
  /** The gateway that accepted the connection (TCP or WebSocket). */
  readonly gateway: IrcHost;
  readonly server: IrcServerInfo;
  readonly config: ChatConfig;
  /** Whether the connection is TLS (WHOIS 671). */
  readonly secure: boolean;
  /** Enabled capabilities. Change only through `setCaps`. */
  readonly caps = new Set<CapName>();
  /** Registration, CAP and SASL state (the registration handlers own it). */
  readonly reg = new RegistrationState();
  /** When our unanswered PING went out (0: none). */
  pingSentAt = 0;
  /**
   * Lines from `send` not yet in the send queue, CRLF-terminated: a reply of many lines (the welcome burst,
   * NAMES, WHO) becomes one buffer. Handed over before any delivery and on the next tick, so order holds.
   */
  private text = '';
  /** The wire variant of the enabled caps (wire.ts). */
  variant: string;
  /** An asynchronous command (password check) is running; later lines wait. */
  private busy = false;
  private response: LabeledResponse | null = null;

  constructor(gateway: IrcHost, stream: SessionStream, ip: string, secure: boolean) {
    // A host starting with ':' (IPv6 "::1") would read as a trailing parameter; ergo writes "0::1".
    super(gateway.core, gateway as SessionOwner<LineSession<ParseResult>>, stream, { protocol: 'irc', ip, host: ip.startsWith(':') ? `0${ip}` : ip });
    this.gateway = gateway;
    this.server = gateway;
    this.config = gateway.core.config;
    this.secure = secure;
    this.variant = variantFor(this.caps);
  }

  /** The nick as numerics address it: `*` before one is set. */
  get nick(): string {
    return this.user.nick;
  }

  /** Enable and disable capabilities; keeps the wire variant and echo-message in step. */
  setCaps(enable: Iterable<CapName>, disable: Iterable<CapName> = []): void {
    for (const c of enable) this.caps.add(c);
    for (const c of disable) this.caps.delete(c);
    this.variant = variantFor(this.caps);
    this.user.echo = this.caps.has('echo-message');
  }

  // ---- output ---------------------------------------------------------------------------------------

  /** SessionSink: the delivery table's row for the event's kind (delivery.ts). Never blocks. */
  deliver(event: ChatEvent, wire: WireCache): void {
    if (this.state !== 'open') return;
    deliverEvent(this, event, wire);
  }

  /** DeliveryTarget: end after this tick's output (the KILL line goes first). */
  killed(text: string): void {
    process.nextTick(killTick, this, text);
  }

  /** DeliveryTarget: whole lines after everything queued, outside any labeled response. */
  queueAfter(bytes: Uint8Array): void {
    if (this.text !== '') this.flushText();
    this.out.push(bytes);
  }

  /** Queue the bytes of a delivered event: into the labeled response being built, or after pending text. */
  queueEvent(bytes: Uint8Array): void {
    // Only this session's own command runs synchronously while a response is captured.
    if (this.response !== null && !this.busy) this.response.addBytes(decoder.decode(bytes));
    else {
      if (this.text !== '') this.flushText();
      this.out.push(bytes);
    }
  }

  /**
   * Queue `event` outside any labeled response being built: a message to oneself with echo-message
   * arrives twice, once as the labeled echo and once, unlabeled, as the received copy (labeled-response).
   */
  deliverUnlabeled(event: ChatEvent): void {
    if (this.state !== 'open') return;
    if (this.text !== '') this.flushText();
    this.out.push(serializeEvent(event, this.variant));
  }

  /** Queue one line (no CRLF) as is, or into the labeled response being built. */
  send(line: string): void {
    if (this.state === 'closed') return;
    if (this.response !== null) {
      this.response.add(line);
      return;
    }
    if (this.text === '') process.nextTick(textTick, this);
    this.text += line + '\r\n';
  }

  /** @internal Hand the lines gathered by `send` to the send queue as one buffer (no-op when none wait). */
  flushText(): void {
    if (this.text === '' || this.state === 'closed') return;
    const text = this.text;
    this.text = '';
    this.out.push(wireBytes(text));
  }

  /** A line from the server: `:<server> <command> <params...>`. */
  sendFromServer(command: string, params: readonly string[], forceTrailing = false): void {
    this.send(formatLine(this.config.serverName, command, params, undefined, forceTrailing));
  }

  /** A numeric: `:<server> <code> <nick> <params...>`. */
  numeric(code: string, ...params: string[]): void {
    this.sendFromServer(code, [this.user.nick, ...params]);
  }

  /** A numeric whose last parameter is its standard text (numerics.ts), after `params`. */
  numericStd(code: string, ...params: string[]): void {
    this.sendFromServer(code, [this.user.nick, ...params, numericText[code] ?? '']);
  }

  /** IRCv3 standard reply: `FAIL <command> <code> [context...] :<text>`. */
  fail(command: string, code: string, text: string, ...context: string[]): void {
    this.sendFromServer('FAIL', [command, code, ...context, text]);
  }

  // ---- input ----------------------------------------------------------------------------------------

  /** A line arrived: it answers any PING of ours. */
  protected override inputSeen(): void {
    this.pingSentAt = 0;
  }

  /** One line, parsed now (empty lines are ignored). */
  protected parse(bytes: Uint8Array): ParseResult | null {
    const parsed = parseMessage(bytes, clientMessageLimits);
    return !parsed.ok && parsed.error === 'Empty' ? null : parsed;
  }

  /** Lines before registration that fail to parse, and commands `takesNoToken` names, cost no flood token. */
  protected override takesNoToken(parsed: ParseResult): boolean {
    return !parsed.ok ? !this.user.registered : takesNoToken(this.user, parsed.msg);
  }

  protected floodExceeded(): void {
    this.end('Excess Flood', `Closing Link: ${this.user.host} (Excess Flood)`);
  }

  /** LineSink: a line longer than the reader's cap was dropped: ERR_INPUTTOOLONG, connection kept. */
  onTooLong(): void {
    this.numericStd('417');
  }

  /** FloodQueueOwner: waiting lines run only while the session is open and no command is busy. */
  override get acceptsLines(): boolean {
    return this.state === 'open' && !this.busy;
  }

  /** FloodQueueOwner: run one parsed line (now, or when flood control or a busy command lets it through). */
  runLine(parsed: ParseResult): void {
    if (!parsed.ok) {
      handleParseError(this, parsed);
      return;
    }
    const msg = parsed.msg;
    if (!this.user.registered && HTTP_VERBS.has(msg.command)) {
      this.end('HTTP request', `Closing Link: ${this.user.host} (Refusing to process an HTTP request)`);
      return;
    }
    const label = this.caps.has('labeled-response') ? msg.tags.get('label') : undefined;
    if (label !== undefined && label !== '') this.response = new LabeledResponse(label);
    const result = dispatch(this, msg);
    if (result !== 'async') this.finishResponse();
    else this.busy = true;
  }

  /** IrcContext: REHASH, through the listener. */
  rehash(): Promise<ReloadResult> {
    return this.gateway.rehash();
  }

  /** An asynchronous command finished: send its labeled response, then run lines that waited. */
  resume(): void {
    this.busy = false;
    this.finishResponse();
    this.flood.resume();
  }

  /** Run `body` with output collected into a labeled response for `label` (parse errors, see parse-errors.ts). */
  labeled(label: string | undefined, body: () => void): void {
    if (label !== undefined && label !== '' && this.caps.has('labeled-response')) this.response = new LabeledResponse(label);
    body();
    this.finishResponse();
  }

  private finishResponse(): void {
    const r = this.response;
    if (r === null) return;
    this.response = null;
    for (const line of r.finish(this.config.serverName, this.caps.has('batch'))) this.send(line);
  }

  // ---- ending -----------------------------------------------------------------------------------------

  /** `end` starts: the labeled response in progress goes out, then `ERROR :<errorText>` when given. */
  protected beforeEnd(errorText: string | null): void {
    this.finishResponse();
    if (errorText !== null && this.state === 'open') this.send(formatLine(undefined, 'ERROR', [errorText], undefined, true));
  }

  protected override flushPending(): void {
    this.flushText();
  }

  protected override get pendingEmpty(): boolean {
    return this.text === '';
  }

  protected override discardPending(): void {
    this.text = '';
  }

  /** SendQueueOwner: the send queue overflowed; end on the next tick, after the current command. */
  override onSendQueueExceeded(): void {
    process.nextTick(sendqTick, this);
  }
}
