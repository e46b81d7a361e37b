/**
 * The read loop shared by line protocols: lines cut at LF by a znet buffered reader whose capacity is the
 * longest line accepted; an over-long line is reported, skipped up to its LF, and the connection kept.
 * Lines are handed over as views of the reader's own buffer (no line buffer, no copy), and that buffer
 * starts at `initialLineBuffer` bytes and grows only for longer lines: a quiet connection costs a few
 * hundred bytes here, not twice the line limit.
 */
import { NetError, bufferedReader, type ReadSource } from 'znet';

/** Where `readLines` sends what it reads. */
export interface LineSink {
  /** Checked before each read: true stops the loop. */
  readonly ended: boolean;
  /** One line without its LF (a CR may remain). The bytes are reused after the call: copy or parse now. */
  onLine(line: Uint8Array): void;
  /** A line longer than `maxLineBytes` was dropped. */
  onTooLong(): void;
  /**
   * Called once when reading starts with a function that tells how many bytes of an unfinished line (no LF yet)
   * are held: a session's timeouts use it so a trickled line cannot be held for ever.
   */
  onReader?(pendingBytes: () => number): void;
}

const LF = 0x0a;

/** Bytes the read buffer starts with: room for any line of a registration (IRC lines are at most 512 without tags). */
export const initialLineBuffer = 512;

/** A short human reason for why reading stopped (a quit message). */
export function readFailureReason(err: unknown): string {
  if (!(err instanceof NetError)) return 'Read error';
  switch (err.code) {
    case 'ConnectionResetByPeer': return 'Connection reset by peer';
    case 'ConnectionTimedOut': return 'Connection timed out';
    case 'NotOpenForReading': case 'EndOfStream': return 'Connection closed';
    default: return `Read error: ${err.code}`;
  }
}

/**
 * Read lines of at most `maxLineBytes` (without CR LF) from `source` (a znet `Stream`) into `sink` until end
 * of stream, a read failure or `sink.ended`. Resolves with the reason reading stopped ('Connection closed'
 * at EOF; a last line without LF is still delivered); never rejects. Does not close the source: the caller
 * owns it.
 */
export async function readLines(source: ReadSource, maxLineBytes: number, sink: LineSink): Promise<string> {
  const buffered = bufferedReader(source, maxLineBytes + 2, initialLineBuffer);
  sink.onReader?.(() => buffered.end - buffered.start);
  try {
    while (!sink.ended) {
      let line: Uint8Array | null;
      try {
        line = await buffered.takeDelimiterOrEof(LF);
      } catch (err) {
        if (!(err instanceof NetError) || err.code !== 'StreamTooLong') throw err;
        sink.onTooLong();
        await buffered.reader().skipUntilDelimiterOrEof(LF);
        continue;
      }
      if (line === null) break;
      sink.onLine(line);
    }
  } catch (err) {
    return readFailureReason(err);
  }
  return 'Connection closed';
}
