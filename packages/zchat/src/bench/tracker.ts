/**
 * Per (receiver, sender) sequence accounting: every delivery is checked against the next sequence number
 * expected from that sender, so loss, duplication and reordering are counted exactly, with state only for
 * the rare anomaly (a set of skipped numbers while a gap is open). Pure; no I/O, no clock.
 */

/** Anomalies and totals for one sender as seen by every receiver of one tracker. */
export interface SenderCounts {
  sender: number;
  /** Distinct messages received (all receivers together). */
  received: number;
  /** Messages sent but never received, summed over receivers (filled by `finish`). */
  lost: number;
  duplicated: number;
  /** Deliveries that did not carry the next expected sequence number (a gap or a late arrival). */
  outOfOrder: number;
}

/** Largest gap remembered number by number; a bigger jump is counted as lost directly. */
const MAX_REMEMBERED_GAP = 10_000;

/** Sequence tracker for the receivers of one shard (see the module comment). */
export class SeqTracker {
  // The next expected sequence number per (receiver, sender), dense: every delivery reads and writes one
  // slot, and a typed array does that without the hashing a Map costs on the generator's hottest path.
  private next = new Int32Array(1024);
  private readonly gaps = new Map<number, Set<number>>();
  private readonly counts: (SenderCounts | undefined)[] = [];
  /** Distinct deliveries recorded, all senders. */
  distinct = 0;

  /** @param senderSpace one more than the largest sender id (keys are receiver * senderSpace + sender) */
  constructor(private readonly senderSpace: number) {}

  /** Record that `receiver` got message `seq` from `sender`. Returns true when it was new (not a duplicate). */
  record(receiver: number, sender: number, seq: number): boolean {
    const key = receiver * this.senderSpace + sender;
    if (key >= this.next.length) this.grow(key);
    const expected = this.next[key]!;
    const c = this.countsFor(sender);
    if (seq === expected) {
      this.next[key] = seq + 1;
      c.received++;
      this.distinct++;
      return true;
    }
    c.outOfOrder++;
    if (seq > expected) {
      // A jump too large to remember still counts as lost at `finish`; only a late arrival from it would be
      // mistaken for a duplicate.
      if (seq - expected <= MAX_REMEMBERED_GAP) {
        let gap = this.gaps.get(key);
        if (gap === undefined) this.gaps.set(key, (gap = new Set()));
        for (let s = expected; s < seq; s++) gap.add(s);
      }
      this.next[key] = seq + 1;
      c.received++;
      this.distinct++;
      return true;
    }
    const gap = this.gaps.get(key);
    if (gap !== undefined && gap.delete(seq)) {
      if (gap.size === 0) this.gaps.delete(key);
      c.received++;
      this.distinct++;
      return true;
    }
    c.duplicated++;
    return false;
  }

  private grow(key: number): void {
    const grown = new Int32Array(Math.max(key + 1, this.next.length * 2));
    grown.set(this.next);
    this.next = grown;
  }

  /**
   * Final counts: `sent(sender)` is how many messages each sender sent and `receivers(sender)` the local
   * receivers that should have had each of them. Lost = expected minus distinct received, per sender.
   */
  finish(senders: readonly number[], sent: (sender: number) => number, receivers: (sender: number) => number): SenderCounts[] {
    return senders.map((sender) => {
      const c = { ...this.countsFor(sender) };
      c.lost = Math.max(0, sent(sender) * receivers(sender) - c.received);
      return c;
    });
  }

  /** Distinct deliveries still missing for `sender` if it sent `sent` messages to `receivers` receivers. */
  missing(sender: number, sent: number, receivers: number): number {
    return sent * receivers - this.countsFor(sender).received;
  }

  private countsFor(sender: number): SenderCounts {
    let c = this.counts[sender];
    if (c === undefined) this.counts[sender] = c = { sender, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
    return c;
  }
}
