/**
 * Internal state of a `Stream` (stream.ts): its state bits and the side state it allocates on first use. An idle
 * connection holds its Stream for as long as it is open, so the Stream keeps only what every read needs.
 * Nothing here is part of znet's public API.
 */
import type { Address } from './address.js';
import type { NetError } from './errors.js';
import type { CallSite } from './mode.js';

/** Settles a parked read: a count, or a rejected promise to fail it. */
export type ResolveRead = (value: number | PromiseLike<number>) => void;

/** A read issued while another is pending (rare): it waits in `SideState.laterReads` until the ones before it settle. */
export interface LaterRead {
  buf: Uint8Array;
  resolve: ResolveRead;
  site: CallSite | undefined;
}

// State bits, one field instead of three booleans: an idle connection keeps a Stream, so its size counts.
/** State bit: the peer shut down its side ('end'); reads resolve 0 from now on. */
export const ended = 1;
/** State bit: `close()` was called; reads reject NotOpenForReading from now on. */
export const locallyClosed = 2;
/** State bit: the socket is not reading from the kernel (before the first read, or the read-ahead queue is full). */
export const paused = 4;

/**
 * The parts of a Stream's state that most connections never need, allocated on first use so that an idle
 * connection's Stream stays small: bytes that arrived before anyone read them, reads issued while another is
 * pending, the debug-mode call site of the pending read, the error that ended the stream, the peer's address.
 */
export class SideState {
  queue: Buffer[] | null = null;
  queueOffset = 0;
  laterReads: LaterRead[] | null = null;
  readSite: CallSite | undefined = undefined;
  error: NetError | null = null;
  remote: Address | null = null;
}

