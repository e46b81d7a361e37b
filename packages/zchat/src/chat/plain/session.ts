/**
 * One plain-text connection: its `ChatUser`, the coalescing writer (transport SendQueue), flood control
 * (transport FloodQueue: delayed, not dropped) and the name prompt. The read loop (transport readLines,
 * started by gateway.ts) feeds `onLine`. Every function that runs per connection is a shared method or
 * module function (no closures per connection), and buffers are made only when needed.
 */
import { casefold } from '../core/casemap.js';
import type { ChatCore } from '../core/core.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import { wireFor } from '../core/events.js';
import type { Room } from '../core/rooms.js';
import { LineSession } from '../transport/line-session.js';
import type { SessionOwner, SessionStream } from '../transport/line-session.js';
import { dispatch, table } from './commands.js';
import type { PlainContext } from './context.js';
import { encodeLine, errorText, formatMembers, formatTopic, nameRules, plainViewKeys, serializePlain, viewIndex } from './format.js';
import { parseLine } from './parse.js';
import type { PlainParseResult } from './parse.js';
import type { TelnetPeer } from './telnet.js';


function noBytes(): number {
  return 0;
}

const PROMPT = new TextEncoder().encode('Identifier: ');

function endTick(s: PlainSession, reason: string, immediate: boolean): void {
  s.end(reason, null, immediate);
}

/** A plain-text session. Created by the gateway for each accepted connection; it owns `stream`. */
export class PlainSession extends LineSession<PlainParseResult> implements PlainContext, TelnetPeer {
  /** Room that plain lines go to (its display name), or null. */
  currentRoom: string | null = null;
  /** ANSI colours (`/color on`). */
  color = false;
  /** When the idle warning was sent (ms), 0 when not warned since the last line. */
  idleWarnedAt = 0;
  /** Since when (ms) the sweep has seen an unfinished line held with no line completed, 0 for none. */
  partialSince = 0;
  /** Bytes of an unfinished line held by the read loop (set when reading starts). */
  pendingBytes: () => number = noBytes;
  /** True while a nick is being reserved cluster-wide: later lines wait. */
  private busy = false;

  constructor(owner: SessionOwner<PlainSession> & { readonly core: ChatCore }, stream: SessionStream, ip: string) {
    super(owner.core, owner as SessionOwner<LineSession<PlainParseResult>>, stream, { protocol: 'plain', ip });
  }

  /** Bytes waiting in this session's queue (not yet handed to the socket). */
  get queued(): number {
    return this.out.queued;
  }

  /** FloodQueueOwner: delayed lines run only while the session is open and no nick is being reserved. */
  override get acceptsLines(): boolean {
    return this.state === 'open' && !this.busy;
  }

  /**
   * Run `then` once `nick` may be taken: at once on a lone server; in a cluster after the nick is held
   * cluster-wide (later lines wait), or say it is taken. The core checks the nick again in `then`.
   */
  withNick(nick: string, then: () => void): void {
    const claims = this.core.nickClaims;
    if (claims === null || this.core.nicks.check(nick, this.user, this.core.limits.nickLength) !== null || nick === this.user.nick) {
      then();
      return;
    }
    this.busy = true;
    void claims.reserve(casefold(nick), this.user.id).then((ok) => {
      this.busy = false;
      if (this.state !== 'open') return;
      if (ok) then();
      else {
        this.error(errorText('NickInUse', nick));
        if (!this.user.registered) this.prompt();
      }
      this.flood.resume();
    });
  }

  // ---- output ---------------------------------------------------------------------------------------

  /** SessionSink: render the shared event in this session's view (cached per view) and queue it. */
  deliver(event: ChatEvent, wire: WireCache): void {
    if (this.state !== 'open') return;
    if (event.kind === 'message' && event.messageKind === 'tagmsg') return; // IRC TAGMSG: tags only, nothing to show
    const self = event.actor.id === this.user.id;
    switch (event.kind) {
      case 'join': case 'part':
        if (self) return; // the command's own reply says it
        break;
      case 'invite':
        if (event.target !== this.user.nick) return;
        break;
      case 'kill':
        process.nextTick(endTick, this, `Killed by ${event.actor.nick}`, false);
        break;
      default:
        break;
    }
    // A renamed current room stays current under its new name (before choosing the view, so no [#room]).
    if (event.kind === 'rename' && event.oldRoom === this.currentRoom) this.currentRoom = event.room;
    const room = 'room' in event ? event.room : null;
    const showRoom = room !== null && room !== this.currentRoom;
    const outgoing = self && event.kind === 'message' && event.room === null;
    const bytes = wireFor(event, wire, plainViewKeys[viewIndex(this.color, showRoom, outgoing)]!, serializePlain);
    if (bytes.length > 0) this.enqueue(bytes);
    // Kicked from the current room: say so first (above), then move to another room.
    if (event.kind === 'kick' && event.target === this.user.nick && event.room === this.currentRoom) this.pickCurrentRoom(event.room);
  }

  /** Queue one line (CRLF added). */
  reply(text: string): void {
    if (this.state === 'open') this.enqueue(encodeLine(text));
  }

  /** Queue an error line. */
  error(text: string): void {
    this.reply(`error: ${text}`);
  }

  /**
   * Queue bytes for the single writer. Over limits.sendQueueBytes (this queue plus what the socket still
   * holds) the queue refuses them: the session stops taking input and output at once, and
   * `onSendQueueExceeded` ends it on a later tick, never from inside a core fan-out.
   */
  private enqueue(bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    if (!this.out.push(bytes) && this.state === 'open') this.state = 'ending';
  }

  // ---- input ----------------------------------------------------------------------------------------

  /** FrameSink: how to ask the read loop for the bytes of an unfinished line. */
  onReader(pendingBytes: () => number): void {
    this.pendingBytes = pendingBytes;
  }

  /** A line arrived: the keep-alive starts over. */
  protected override inputSeen(): void {
    this.idleWarnedAt = 0;
    this.partialSince = 0;
  }

  /** One line, parsed now (empty lines are ignored). */
  protected parse(bytes: Uint8Array): PlainParseResult | null {
    const parsed = parseLine(bytes, this.core.limits.maxLineBytes);
    return !parsed.ok && parsed.error === 'Empty' ? null : parsed;
  }

  protected floodExceeded(): void {
    this.end('Excess flood', 'error: Excess flood; disconnecting.');
  }

  /** Naming, and commands that only answer the sender (/who, /rooms, /help, /whois), take no token. */
  protected override takesNoToken(parsed: PlainParseResult): boolean {
    return !this.user.registered || (parsed.ok && parsed.line.kind === 'command' && table[parsed.line.name]?.query === true);
  }

  /** TelnetPeer: an option reply (WILL TIMING-MARK after Ctrl-C, refusals), in order with other output. */
  telnetReply(bytes: Uint8Array): void {
    if (this.state === 'open') this.enqueue(bytes);
  }

  /** TelnetPeer: Ctrl-C (IAC IP) or Break in telnet means leave, as Ctrl-C does in nc. */
  telnetInterrupt(): void {
    this.end('Quit', 'Goodbye.');
  }

  /** TelnetPeer: IAC AYT. */
  telnetAreYouThere(): void {
    this.reply('[zchat is here]');
  }

  /** A line over limits.maxLineBytes was dropped by the reader. */
  onTooLong(): void {
    this.error(`Line too long (over ${this.core.limits.maxLineBytes} bytes); discarded.`);
  }

  /** FloodQueueOwner: run one parsed line (now, or when flood control lets it through). */
  runLine(parsed: PlainParseResult): void {
    if (!parsed.ok) {
      if (parsed.error === 'InvalidUtf8') this.error('Invalid UTF-8; line discarded.');
      else if (parsed.error === 'TooLong') this.onTooLong();
      if (!this.user.registered) this.prompt();
      return;
    }
    const line = parsed.line;
    if (line.kind === 'command') {
      const r = dispatch(this, line.name, line.args, line.rest);
      if (r === 'done' && !this.user.registered && this.state === 'open') this.prompt();
      return;
    }
    if (!this.user.registered) {
      const name = line.text.trim();
      this.withNick(name, () => this.chooseName(name));
      return;
    }
    if (this.currentRoom === null) {
      this.error('You are not in a room; /join #room first.');
      return;
    }
    const r = this.core.message(this.user, this.currentRoom, 'privmsg', line.text);
    if (!r.ok) this.error(errorText(r.error, this.currentRoom));
  }

  // ---- naming and rooms -------------------------------------------------------------------------------

  /** Send the greeting and the first prompt. */
  greet(): void {
    const { serverName, motd } = this.core.config;
    this.reply(`Welcome to zchat (${serverName}).`);
    for (const line of motd) this.reply(line);
    this.prompt();
  }

  /** Ask for a name (no line ending, as the seed's prompt). */
  prompt(): void {
    if (this.state === 'open') this.enqueue(PROMPT);
  }

  private chooseName(name: string): void {
    const r = this.core.register(this.user, name);
    if (!r.ok) {
      this.error(errorText(r.error, name));
      if (r.error === 'ErroneousNick') this.reply(nameRules(this.core.limits.nickLength));
      this.prompt();
      return;
    }
    this.reply(`Hello, ${this.user.nick}! Type /help for commands.`);
    const lobby = this.core.config.rooms.default;
    if (lobby === '') return;
    const j = this.core.join(this.user, lobby);
    if (j.ok) this.enterRoom(j.value.room);
    else this.error(errorText(j.error, lobby));
  }

  /** After a successful join: make it the current room and show its topic and members. */
  enterRoom(room: Room): void {
    this.currentRoom = room.name;
    this.reply(`You are in ${room.name}. ${formatTopic(room.name, room.topic)}`);
    const members: { nick: string; privileges: ReadonlySet<'op' | 'voice'> }[] = [];
    for (const [user, privileges] of room.members) members.push({ nick: user.nick, privileges });
    this.reply(formatMembers(room.name, members));
  }

  /** The current room is gone (part, kick): fall back to another room the user is in, or none. */
  pickCurrentRoom(leaving: string | null = this.currentRoom): void {
    let next: string | null = null;
    for (const room of this.user.rooms.values()) if (room.name !== leaving) next = room.name;
    this.currentRoom = next;
    if (next !== null) this.reply(`Now talking in ${next}.`);
  }

  // ---- ending -----------------------------------------------------------------------------------------

  /** `end` starts: the farewell line (if any) goes out before the stream closes. */
  protected beforeEnd(farewell: string | null): void {
    if (farewell !== null && this.state === 'open') this.enqueue(encodeLine(farewell));
  }
}
