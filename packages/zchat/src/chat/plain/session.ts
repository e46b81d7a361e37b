/**
 * One plain-text connection: its `ChatUser`, the coalescing writer (transport SendQueue), flood control
 * (transport FloodQueue: delayed, not dropped) and the name prompt. The read loop (transport readLines,
 * started by gateway.ts) feeds `onLine`. Every function that runs per connection is a shared method or
 * module function (no closures per connection), and buffers are made only when needed.
 */
import type { ChatCore } from '../core/core.js';
import type { ChatEvent, WireCache } from '../core/events.js';
import { wireFor } from '../core/events.js';
import type { Room } from '../core/rooms.js';
import type { ChatUser, SessionSink } from '../core/users.js';
import type { Stream } from 'znet';
import { FloodQueue } from '../transport/flood.js';
import type { FloodQueueOwner } from '../transport/flood.js';
import type { LineSink } from '../transport/read-lines.js';
import { SendQueue } from '../transport/send-queue.js';
import type { SendQueueOwner } from '../transport/send-queue.js';
import { dispatch, table } from './commands.js';
import { encodeLine, errorText, formatMembers, formatTopic, nameRules, plainViewKeys, serializePlain, viewIndex } from './format.js';
import { parseLine } from './parse.js';
import type { PlainParseResult } from './parse.js';
import type { PlainGateway } from './gateway.js';
import { TelnetInput } from './telnet.js';
import type { TelnetPeer } from './telnet.js';

const enum State { Open, Ending, Closed }

const PROMPT = new TextEncoder().encode('Identifier: ');

function endTick(s: PlainSession, reason: string, immediate: boolean): void {
  s.end(reason, null, immediate);
}

/** A plain-text session. Created by the gateway for each accepted connection; it owns `stream`. */
export class PlainSession implements SessionSink, LineSink, SendQueueOwner, FloodQueueOwner<PlainParseResult>, TelnetPeer {
  readonly gateway: PlainGateway;
  readonly core: ChatCore;
  readonly stream: Stream;
  /** What the read loop reads: the stream without telnet commands (telnet.ts). */
  readonly input: TelnetInput;
  readonly user: ChatUser;
  /** Room that plain lines go to (its display name), or null. */
  currentRoom: string | null = null;
  /** ANSI colours (`/color on`). */
  color = false;
  /** When the connection was accepted and when it last sent a line (ms). */
  readonly connectedAt: number;
  lastInput: number;
  /** When `end` began (ms), for the gateway's forced close of sessions that do not flush. */
  endedAt = 0;
  private state = State.Open;
  private readonly out: SendQueue;
  private readonly flood: FloodQueue<PlainParseResult>;

  constructor(gateway: PlainGateway, stream: Stream, ip: string) {
    this.gateway = gateway;
    this.core = gateway.core;
    this.stream = stream;
    this.input = new TelnetInput(stream, this);
    const now = this.core.now();
    this.connectedAt = this.lastInput = now;
    this.flood = new FloodQueue(this.core.limits, this.core, this);
    this.out = new SendQueue(stream, this.core.limits.sendQueueBytes, this);
    this.user = this.core.createUser({ protocol: 'plain', sink: this, ip });
  }

  /** True once the session is ending or closed: further input and deliveries are ignored. */
  get ended(): boolean {
    return this.state !== State.Open;
  }

  /** Bytes waiting in this session's queue (not yet handed to the socket). */
  get queued(): number {
    return this.out.queued;
  }

  /** FloodQueueOwner: delayed lines run only while the session is open. */
  get acceptsLines(): boolean {
    return this.state === State.Open;
  }

  // ---- output ---------------------------------------------------------------------------------------

  /** SessionSink: render the shared event in this session's view (cached per view) and queue it. */
  deliver(event: ChatEvent, wire: WireCache): void {
    if (this.state !== State.Open) return;
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
    if (this.state === State.Open) this.enqueue(encodeLine(text));
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
    if (this.state === State.Closed) return;
    if (!this.out.push(bytes) && this.state === State.Open) this.state = State.Ending;
  }

  /** SendQueueOwner: the bound was crossed (told on a later tick): drop the peer at once. */
  onSendQueueExceeded(): void {
    this.end('SendQ exceeded', null, true);
  }

  /** SendQueueOwner: everything queued is written; a session that has ended can close now. */
  onDrained(): void {
    if (this.state === State.Ending && this.endedAt !== 0 && (this.out.idle || this.stream.closed)) this.close();
  }

  // ---- input ----------------------------------------------------------------------------------------

  /** One line from the read loop (without LF). Parses it now; runs it now or after flood control. */
  onLine(bytes: Uint8Array): void {
    if (this.state !== State.Open) return;
    this.lastInput = this.core.now();
    const parsed = parseLine(bytes, this.core.limits.maxLineBytes);
    if (!parsed.ok && parsed.error === 'Empty') return;
    // Naming, and commands that only answer the sender (/who, /rooms, /help, /whois), take no token.
    const free = !this.user.registered || (parsed.ok && parsed.line.kind === 'command' && table[parsed.line.name]?.query === true);
    if (!this.flood.offer(parsed, this.lastInput, free)) this.end('Excess flood', 'error: Excess flood; disconnecting.');
  }

  /** TelnetPeer: an option reply (WILL TIMING-MARK after Ctrl-C, refusals), in order with other output. */
  telnetReply(bytes: Uint8Array): void {
    if (this.state === State.Open) this.enqueue(bytes);
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
      if (r === 'done' && !this.user.registered && this.state === State.Open) this.prompt();
      return;
    }
    if (!this.user.registered) {
      this.chooseName(line.text.trim());
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
    if (this.state === State.Open) this.enqueue(PROMPT);
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

  /**
   * End the session: the user quits with `reason` (rooms hear "<name> has left (<reason>)."), `farewell`
   * (if any) is flushed, then the stream is closed (at once when `immediate`, e.g. for a peer that does
   * not read). Idempotent. The gateway forces the close if the flush does not finish within
   * limits.shutdownTimeoutMs.
   */
  end(reason: string, farewell: string | null = null, immediate = false): void {
    if (this.endedAt !== 0 || this.state === State.Closed) return;
    if (farewell !== null && this.state === State.Open) this.enqueue(encodeLine(farewell));
    this.state = State.Ending;
    this.endedAt = this.core.now();
    this.flood.clear();
    this.core.quit(this.user, reason);
    this.gateway.sessionEnding(this, reason);
    if (immediate || this.out.idle || this.stream.closed) this.close();
  }

  /** Close the stream now (idempotent); the user quits if it has not yet; the gateway forgets the session. */
  close(): void {
    if (this.state === State.Closed) return;
    this.state = State.Closed;
    this.out.discard();
    this.flood.clear();
    this.core.quit(this.user, 'Connection closed');
    this.stream.close();
    this.gateway.sessionClosed(this);
  }
}
