/**
 * Just enough of the telnet protocol (RFC 854, RFC 860 TIMING-MARK) for plain-text users who connect with
 * `telnet`: its commands are taken out of the byte stream before lines are cut, so they never reach other
 * users, and a telnet client is answered where it waits for an answer. When the user presses Ctrl-C, telnet
 * sends `IAC IP IAC DO TIMING-MARK` and then throws away all output until the TIMING-MARK is answered: the
 * answer `IAC WILL TIMING-MARK` is what keeps the user from going deaf. Every other option is refused
 * (`WONT`/`DONT`, only when asked for one, so no negotiation loop), subnegotiations are dropped and
 * `IAC IAC` is the data byte 255. Nothing here is sent unasked, so nc and other raw clients see nothing new.
 *
 * The server's own output needs no escaping: it is UTF-8, which never holds the bytes 255 (IAC) or 254.
 *
 * `TelnetFilter` is pure (bytes in, bytes and events out); `TelnetInput` puts it in front of a `ReadSource`.
 */
import type { ReadSource } from 'znet';

/** Telnet command bytes (RFC 854). */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const AYT = 246;
export const IP = 244;
export const BRK = 243;
export const SE = 240;
/** The TIMING-MARK option (RFC 860). */
export const TIMING_MARK = 6;

const enum State { Data, Iac, Verb, Sub, SubIac }

/** What a telnet client asked of the server in one filtered chunk, in order. */
export type TelnetEvent =
  /** Bytes to send back (an option reply), in order with the session's other output. */
  | { readonly kind: 'reply'; readonly bytes: Uint8Array }
  /** IAC IP (Interrupt Process) or IAC BRK: the user pressed Ctrl-C or Break. */
  | { readonly kind: 'interrupt' }
  /** IAC AYT (Are You There). */
  | { readonly kind: 'are-you-there' };

const willTimingMark: TelnetEvent = { kind: 'reply', bytes: Uint8Array.of(IAC, WILL, TIMING_MARK) };
const interrupt: TelnetEvent = { kind: 'interrupt' };
const areYouThere: TelnetEvent = { kind: 'are-you-there' };

/**
 * A telnet command stripper for one connection. Sequences may be split across chunks: the state carries over.
 * Memory is constant whatever the client sends (subnegotiation bytes are skipped, not kept).
 */
export class TelnetFilter {
  private state = State.Data;
  private verb = 0;

  /**
   * Remove telnet commands from `buf` in place and return the length of the data left at its front (IAC IAC
   * becomes one 255 byte). Each command that needs an answer or an action is appended to `events`.
   */
  filter(buf: Uint8Array, events: TelnetEvent[]): number {
    // Fast path: no IAC in this chunk and none under way.
    if (this.state === State.Data && buf.indexOf(IAC) < 0) return buf.length;
    let out = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      switch (this.state) {
        case State.Data:
          if (b === IAC) this.state = State.Iac;
          else buf[out++] = b;
          break;
        case State.Iac:
          this.state = State.Data;
          if (b === IAC) buf[out++] = IAC;
          else if (b >= WILL) {
            this.verb = b;
            this.state = State.Verb;
          } else if (b === SB) this.state = State.Sub;
          else if (b === IP || b === BRK) events.push(interrupt);
          else if (b === AYT) events.push(areYouThere);
          // NOP, DM, GA, EC, EL, AO and unknown commands: nothing to do in line mode.
          break;
        case State.Verb:
          this.state = State.Data;
          this.answer(this.verb, b, events);
          break;
        case State.Sub:
          if (b === IAC) this.state = State.SubIac;
          break;
        case State.SubIac:
          // IAC SE ends the subnegotiation; IAC IAC is a data byte inside it.
          this.state = b === SE ? State.Data : State.Sub;
          break;
      }
    }
    return out;
  }

  /** RFC 854 option negotiation from a server that enables nothing but TIMING-MARK. */
  private answer(verb: number, option: number, events: TelnetEvent[]): void {
    if (verb === DO && option === TIMING_MARK) events.push(willTimingMark);
    // We never enable an option, so DONT and WONT already hold: answering them could start a loop.
    else if (verb === DO) events.push({ kind: 'reply', bytes: Uint8Array.of(IAC, WONT, option) });
    else if (verb === WILL) events.push({ kind: 'reply', bytes: Uint8Array.of(IAC, DONT, option) });
  }
}

/** The session side of `TelnetInput`. */
export interface TelnetPeer {
  /** Queue bytes for the client (option replies). */
  telnetReply(bytes: Uint8Array): void;
  /** The user pressed Ctrl-C or Break. Called on a later turn, after the lines that came before it ran. */
  telnetInterrupt(): void;
  /** The client asked whether the server is still there. */
  telnetAreYouThere(): void;
}

function interruptTick(peer: TelnetPeer): void {
  peer.telnetInterrupt();
}

/**
 * A `ReadSource` that reads `source` and hands on only the data, telnet commands removed. Replies are
 * queued at once; an interrupt is acted on after the lines read before it (a later turn of the event loop,
 * when the read loop has handed them all to the session), so a pasted line followed by Ctrl-C is not lost.
 */
export class TelnetInput implements ReadSource {
  private readonly filter = new TelnetFilter();
  private readonly events: TelnetEvent[] = [];

  constructor(private readonly source: ReadSource, private readonly peer: TelnetPeer) {}

  async read(buf: Uint8Array): Promise<number> {
    for (;;) {
      const n = await this.source.read(buf);
      if (n === 0) return 0;
      const kept = this.filter.filter(buf.subarray(0, n), this.events);
      if (this.events.length > 0) this.dispatch();
      // A chunk of commands only is not end of stream: read on.
      if (kept > 0) return kept;
    }
  }

  private dispatch(): void {
    for (const e of this.events) {
      if (e.kind === 'reply') this.peer.telnetReply(e.bytes);
      else if (e.kind === 'are-you-there') this.peer.telnetAreYouThere();
      else setImmediate(interruptTick, this.peer);
    }
    this.events.length = 0;
  }
}
