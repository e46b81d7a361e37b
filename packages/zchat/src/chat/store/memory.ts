/**
 * The in-memory store: for tests and `--data ''`. Same contract as every backend (types.ts), nothing kept
 * across restarts. Writes apply at once (there is no disk to wait for); history per target is an array kept
 * in (time, seq) order, searched by bisection.
 */
import { casefold } from '../core/casemap.js';
import {
  StoreError,
  type AccountPatch,
  type AccountRecord,
  type ChatStore,
  type HistoryPosition,
  type HistoryRecord,
  type NewHistoryRecord,
  type PageQuery,
  type RoomRecord,
  type TargetTime,
  type WriteStats,
} from './types.js';

/** -1, 0, 1 as position `a` is before, at, after `b`. */
export function comparePositions(a: HistoryPosition, b: HistoryPosition): number {
  return a.time !== b.time ? (a.time < b.time ? -1 : 1) : a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

/** Index of the first line of `lines` (in order) strictly after `pos`. */
function firstAfter(lines: readonly HistoryRecord[], pos: HistoryPosition): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(lines[mid]!, pos) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first line of `lines` at or after `pos`. */
function firstAtOrAfter(lines: readonly HistoryRecord[], pos: HistoryPosition): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(lines[mid]!, pos) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A store that lives and dies with the process. */
export class MemoryStore implements ChatStore {
  readonly backend = 'memory';
  readonly location = null;
  private readonly accountMap = new Map<string, AccountRecord>();
  private readonly roomMap = new Map<string, RoomRecord>();
  private readonly history = new Map<string, HistoryRecord[]>();
  /** account -> target -> latest time. */
  private readonly conversationMap = new Map<string, Map<string, number>>();
  private readonly markers = new Map<string, Map<string, number>>();
  private readonly settings = new Map<string, string>();
  private seq = 0;
  private committed = 0;
  private closed = false;

  async account(name: string): Promise<AccountRecord | null> {
    return this.accountMap.get(casefold(name)) ?? null;
  }

  async accounts(): Promise<AccountRecord[]> {
    return [...this.accountMap.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
  }

  async createAccount(record: AccountRecord): Promise<boolean> {
    this.assertOpen();
    const key = casefold(record.name);
    if (this.accountMap.has(key)) return false;
    this.accountMap.set(key, { ...record });
    return true;
  }

  async updateAccount(name: string, patch: AccountPatch): Promise<boolean> {
    this.assertOpen();
    const key = casefold(name);
    const old = this.accountMap.get(key);
    if (!old) return false;
    const next: Record<string, unknown> = { ...old };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) next[k] = v;
    this.accountMap.set(key, next as unknown as AccountRecord);
    return true;
  }

  async deleteAccount(name: string): Promise<boolean> {
    this.assertOpen();
    const key = casefold(name);
    this.markers.delete(key);
    this.conversationMap.delete(key);
    return this.accountMap.delete(key);
  }

  async room(name: string): Promise<RoomRecord | null> {
    return this.roomMap.get(casefold(name)) ?? null;
  }

  async rooms(): Promise<RoomRecord[]> {
    return [...this.roomMap.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
  }

  async saveRoom(record: RoomRecord): Promise<void> {
    this.assertOpen();
    this.roomMap.set(casefold(record.name), structuredClone(record));
  }

  async deleteRoom(name: string): Promise<boolean> {
    this.assertOpen();
    return this.roomMap.delete(casefold(name));
  }

  append(record: NewHistoryRecord): void {
    if (this.closed) return;
    const target = casefold(record.target);
    const line: HistoryRecord = { ...record, target, parties: record.parties?.map(casefold) ?? null, seq: ++this.seq };
    let lines = this.history.get(target);
    if (!lines) this.history.set(target, (lines = []));
    // Almost always the newest: push; a clock that stepped back inserts in order.
    if (lines.length === 0 || comparePositions(lines[lines.length - 1]!, line) < 0) lines.push(line);
    else lines.splice(firstAfter(lines, line), 0, line);
    for (const party of record.parties ?? []) {
      const key = casefold(party);
      let convs = this.conversationMap.get(key);
      if (!convs) this.conversationMap.set(key, (convs = new Map()));
      convs.set(target, Math.max(convs.get(target) ?? 0, record.time));
    }
    this.committed++;
  }

  async page(target: string, query: PageQuery): Promise<HistoryRecord[]> {
    const lines = this.history.get(casefold(target));
    if (!lines || query.limit <= 0) return [];
    const start = firstAfter(lines, query.after);
    const end = firstAtOrAfter(lines, query.before);
    if (end <= start) return [];
    return query.from === 'oldest' ? lines.slice(start, Math.min(end, start + query.limit)) : lines.slice(Math.max(start, end - query.limit), end);
  }

  async find(target: string, msgid: string): Promise<HistoryRecord | null> {
    return this.history.get(casefold(target))?.find((l) => l.msgid === msgid) ?? null;
  }

  removeMessage(target: string, msgid: string): void {
    const lines = this.history.get(casefold(target));
    const i = lines?.findIndex((l) => l.msgid === msgid) ?? -1;
    if (i >= 0) lines!.splice(i, 1);
  }

  async prune(target: string, keep: number, before: number, batch: number): Promise<number> {
    const lines = this.history.get(casefold(target));
    if (!lines) return 0;
    let old = 0;
    while (old < lines.length && lines[old]!.time < before) old++;
    const overCount = keep > 0 ? Math.max(0, lines.length - keep) : 0;
    const n = Math.min(batch, Math.max(old, overCount));
    lines.splice(0, n);
    if (lines.length === 0) this.history.delete(casefold(target));
    return n;
  }

  async historyTargets(): Promise<string[]> {
    return [...this.history.keys()].sort();
  }

  async lastTimes(targets: readonly string[]): Promise<TargetTime[]> {
    const out: TargetTime[] = [];
    for (const t of targets) {
      const lines = this.history.get(casefold(t));
      if (lines && lines.length > 0) out.push({ target: casefold(t), lastTime: lines[lines.length - 1]!.time });
    }
    return out;
  }

  async conversations(account: string, limit: number): Promise<TargetTime[]> {
    const convs = this.conversationMap.get(casefold(account));
    if (!convs) return [];
    return [...convs.entries()]
      .map(([target, lastTime]) => ({ target, lastTime }))
      .sort((a, b) => b.lastTime - a.lastTime || (a.target < b.target ? -1 : 1))
      .slice(0, limit);
  }

  async readMarker(account: string, target: string): Promise<number | null> {
    return this.markers.get(casefold(account))?.get(casefold(target)) ?? null;
  }

  async readMarkers(account: string): Promise<{ target: string; at: number }[]> {
    const m = this.markers.get(casefold(account));
    return m ? [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([target, at]) => ({ target, at })) : [];
  }

  setReadMarker(account: string, target: string, at: number): void {
    if (this.closed) return;
    const key = casefold(account);
    let m = this.markers.get(key);
    if (!m) this.markers.set(key, (m = new Map()));
    const t = casefold(target);
    m.set(t, Math.max(m.get(t) ?? at, at));
  }

  async setting(key: string): Promise<string | null> {
    return this.settings.get(key) ?? null;
  }

  async saveSetting(key: string, value: string): Promise<void> {
    this.assertOpen();
    this.settings.set(key, value);
  }

  async flush(): Promise<void> {}

  stats(): WriteStats {
    return { pending: 0, failing: false, dropped: 0, committed: this.committed };
  }

  async check(): Promise<string[]> {
    return [];
  }

  async backup(_file: string): Promise<void> {
    throw new StoreError('Unsupported', 'the memory store has nothing on disk to back up (run the server with --data DIR)');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('Closed', 'the store is closed');
  }
}
