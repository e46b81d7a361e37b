/**
 * The text every measured message carries: `~zb~<sender> <seq> <sentMicros> ` padded with `x` to the
 * requested size. Receivers find it anywhere in a line (after a plain `name: ` or an IRC prefix and
 * PRIVMSG), so the same parser serves every protocol. Round-trip probes (`/msg` to self, IRC PING)
 * carry `~zp~<token>`. Pure; never throws on any bytes.
 */

/** Marks a measured chat message. */
export const MESSAGE_MARKER = '~zb~';
/** Marks a round-trip probe reply. */
export const PROBE_MARKER = '~zp~';

const TILDE = 0x7e;
const SPACE = 0x20;
const ZERO = 0x30;

/** What a receiver learns from one message. */
export interface Payload {
  sender: number;
  seq: number;
  sentMicros: number;
}

/** The smallest text size that holds the header with room for large numbers. */
export const MIN_MESSAGE_SIZE = 40;

/** The message text (no line ending) of `size` characters, at least as long as its header. */
export function encodePayload(sender: number, seq: number, sentMicros: number, size: number): string {
  const head = `${MESSAGE_MARKER}${sender} ${seq} ${sentMicros} `;
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

/**
 * Index of `marker` (4 ASCII bytes starting with `~`) in `bytes[start, end)`, or -1. Scans with
 * `indexOf` for the tilde, which IRC prefixes (`nick!~user@host`) may also contain.
 */
export function findMarker(bytes: Uint8Array, start: number, end: number, marker: string): number {
  const b1 = marker.charCodeAt(1), b2 = marker.charCodeAt(2), b3 = marker.charCodeAt(3);
  let i = bytes.indexOf(TILDE, start);
  while (i >= 0 && i + 4 <= end) {
    if (bytes[i + 1] === b1 && bytes[i + 2] === b2 && bytes[i + 3] === b3) return i;
    i = bytes.indexOf(TILDE, i + 1);
  }
  return -1;
}

// Where the last `digits` call stopped: a module slot rather than a returned pair, so parsing a message
// allocates nothing (three pairs per delivery were a tenth of the generator's garbage).
let digitsEnd = 0;

/** Parse a decimal number at `pos`, leaving the index after it in `digitsEnd`; -1 when no digit. */
function digits(bytes: Uint8Array, pos: number, end: number): number {
  let v = 0;
  let i = pos;
  while (i < end) {
    const d = bytes[i]! - ZERO;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  digitsEnd = i;
  return i === pos ? -1 : v;
}

/**
 * The payload of a message line `bytes[start, end)`, or null when the line carries none (or a damaged
 * one). `out` is filled and returned, so the hot path allocates nothing.
 */
export function parsePayload(bytes: Uint8Array, start: number, end: number, out: Payload): Payload | null {
  const at = findMarker(bytes, start, end, MESSAGE_MARKER);
  if (at < 0) return null;
  const sender = digits(bytes, at + 4, end);
  if (sender < 0 || bytes[digitsEnd] !== SPACE) return null;
  const seq = digits(bytes, digitsEnd + 1, end);
  if (seq < 0 || bytes[digitsEnd] !== SPACE) return null;
  const sent = digits(bytes, digitsEnd + 1, end);
  if (sent < 0 || (digitsEnd < end && bytes[digitsEnd] !== SPACE)) return null;
  out.sender = sender;
  out.seq = seq;
  out.sentMicros = sent;
  return out;
}
