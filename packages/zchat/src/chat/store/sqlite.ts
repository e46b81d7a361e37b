/**
 * The SQLite store (the default with `--data DIR`): one file, `DIR/zchat.db`, through better-sqlite3. WAL
 * journal with synchronous=NORMAL: a committed transaction survives the process being killed (kill -9); only a
 * power cut can lose the last commits. Chat-path writes go through a `WriteQueue` (one transaction per
 * `commitWindowMs`); account and room writes commit at once. Every statement is prepared once and
 * parameterised.
 *
 * better-sqlite3 is synchronous: a commit runs on the event loop. With WAL and synchronous=NORMAL a commit is a
 * write into the page cache (no fsync), so a batch of a window's messages costs well under a millisecond.
 */
import { accessSync, constants as fsConstants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { casefold } from '../core/casemap.js';
import type { Logger } from '../logger.js';
import { applicationId, migrate, schemaVersion } from './sqlite-schema.js';
import {
  StoreError,
  type AccountPatch,
  type AccountRecord,
  type ChatStore,
  type HistoryRecord,
  type NewHistoryRecord,
  type PageQuery,
  type RoomRecord,
  type TargetTime,
  type WriteStats,
} from './types.js';
import { WriteQueue } from './write-queue.js';

/** The database file inside a data directory. */
export const databaseFileName = 'zchat.db';

/** Group-commit and retry bounds (config `store.*`). */
export interface SqliteStoreOptions {
  commitWindowMs: number;
  maxBatch: number;
  maxPendingWrites: number;
  retryMs: number;
  /** How long a statement waits for a lock held by another process (a backup, `zchat account`). */
  busyTimeoutMs: number;
  logger: Logger;
  /** Open the file read-only (tools that only read: `zchat db check`, `account list`). */
  readonly?: boolean;
}

type WriteOp =
  | { op: 'append'; line: NewHistoryRecord }
  | { op: 'remove'; target: string; msgid: string }
  | { op: 'marker'; account: string; target: string; at: number };

interface HistoryRow {
  seq: number;
  target: string;
  msgid: string;
  time: number;
  kind: string;
  data: string;
  parties: string | null;
}

interface AccountRow {
  name: string;
  password: string;
  scram: string | null;
  email: string | null;
  created_at: number;
  last_seen_at: number | null;
}

const historyColumns = 'seq, target, msgid, time, kind, data, parties';

function toHistory(row: HistoryRow): HistoryRecord {
  return {
    seq: row.seq,
    target: row.target,
    msgid: row.msgid,
    time: row.time,
    kind: row.kind,
    data: JSON.parse(row.data) as Record<string, unknown>,
    parties: row.parties === null ? null : (JSON.parse(row.parties) as string[]),
  };
}

function toAccount(row: AccountRow): AccountRecord {
  return { name: row.name, passwordHash: row.password, scram: row.scram, email: row.email, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
}

/** The SQLite error code (`SQLITE_NOTADB`...) of `err`, or ''. */
function sqliteCode(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
}

/** Turn what opening threw into a StoreError naming the file. */
function openError(file: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  const reason = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('Corrupt', `${file}: not a readable zchat database (${reason}); the file was left untouched`, file, { cause: err });
  }
  return new StoreError('Unreadable', `${file}: cannot open the database (${reason})`, file, { cause: err });
}

/**
 * Open (creating it when missing) the database of data directory `dir`, and migrate it to the current schema.
 * Throws a StoreError naming the file: Corrupt (not a database, damaged), Unreadable (permissions, I/O),
 * TooNew (a later zchat's schema), Foreign (another program's SQLite file). A file that fails to open is never
 * written to.
 */
export function openSqliteStore(dir: string, options: SqliteStoreOptions): SqliteStore {
  const file = join(dir, databaseFileName);
  try {
    if (!options.readonly) mkdirSync(dir, { recursive: true });
    if (existsSync(file)) {
      if (!statSync(file).isFile()) throw new StoreError('Unreadable', `${file}: not a regular file`, file);
      accessSync(file, options.readonly ? fsConstants.R_OK : fsConstants.R_OK | fsConstants.W_OK);
    } else if (options.readonly) {
      throw new StoreError('Unreadable', `${file}: no such file (is --data right?)`, file);
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new StoreError('Unreadable', `${file}: ${e.code === 'EACCES' ? 'permission denied' : e.message}`, file, { cause: err });
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs, readonly: options.readonly === true });
    // Reading the header first: a file that is not a database fails here, before anything is written.
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number }).n;
    if ((appId !== 0 && appId !== applicationId) || (appId === 0 && tables > 0)) {
      throw new StoreError('Foreign', `${file}: a SQLite database of another program (application_id ${appId}); the file was left untouched`, file);
    }
    if (version > schemaVersion) {
      throw new StoreError('TooNew', `${file}: schema version ${version} is newer than this zchat knows (${schemaVersion}); upgrade zchat`, file);
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const applied = migrate(db);
      if (applied.length > 0) options.logger.info({ store: file, from: version, to: schemaVersion }, 'database schema migrated');
    } else if (version < schemaVersion) {
      throw new StoreError('TooNew', `${file}: schema version ${version} is older than this zchat's (${schemaVersion}); start the server once to migrate it`, file);
    }
    return new SqliteStore(db, file, options);
  } catch (err) {
    db?.close();
    throw openError(file, err);
  }
}

/** A ChatStore over one SQLite file. Made by `openSqliteStore`. */
export class SqliteStore implements ChatStore {
  readonly backend = 'sqlite';
  private readonly queue: WriteQueue<WriteOp>;
  private readonly s;
  private closed = false;

  /** The connection itself, for tools and tests (pragmas such as max_page_count). */
  constructor(
    readonly db: Database.Database,
    readonly location: string,
    options: SqliteStoreOptions,
  ) {
    const p = (sql: string): Database.Statement => db.prepare(sql);
    const ro = options.readonly === true;
    this.s = {
      account: p('SELECT name, password, scram, email, created_at, last_seen_at FROM accounts WHERE key = ?'),
      accounts: p('SELECT name, password, scram, email, created_at, last_seen_at FROM accounts ORDER BY key'),
      createAccount: ro ? null : p('INSERT INTO accounts (key, name, password, scram, email, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING'),
      updateAccount: ro ? null : p('UPDATE accounts SET password = ?, scram = ?, email = ?, last_seen_at = ? WHERE key = ?'),
      deleteAccount: ro ? null : p('DELETE FROM accounts WHERE key = ?'),
      deleteMarkers: ro ? null : p('DELETE FROM read_markers WHERE account = ?'),
      deleteConversations: ro ? null : p('DELETE FROM conversations WHERE account = ?'),
      room: p('SELECT name, founder, created_at, state FROM rooms WHERE key = ?'),
      rooms: p('SELECT name, founder, created_at, state FROM rooms ORDER BY key'),
      saveRoom: ro ? null : p('INSERT INTO rooms (key, name, founder, created_at, state) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET name = excluded.name, founder = excluded.founder, created_at = excluded.created_at, state = excluded.state'),
      deleteRoom: ro ? null : p('DELETE FROM rooms WHERE key = ?'),
      append: ro ? null : p('INSERT INTO history (target, msgid, time, kind, data, parties) VALUES (?, ?, ?, ?, ?, ?)'),
      conversation: ro ? null : p('INSERT INTO conversations (account, target, last_time) VALUES (?, ?, ?) ON CONFLICT (account, target) DO UPDATE SET last_time = max(last_time, excluded.last_time)'),
      remove: ro ? null : p('DELETE FROM history WHERE target = ? AND msgid = ?'),
      marker: ro ? null : p('INSERT INTO read_markers (account, target, at) VALUES (?, ?, ?) ON CONFLICT (account, target) DO UPDATE SET at = max(at, excluded.at)'),
      // (time, seq) bounds written out so that the (target, time) index serves the range.
      oldest: p(`SELECT ${historyColumns} FROM history WHERE target = ? AND time >= ? AND time <= ? AND (time > ? OR seq > ?) AND (time < ? OR seq < ?) ORDER BY time, seq LIMIT ?`),
      newest: p(`SELECT ${historyColumns} FROM history WHERE target = ? AND time >= ? AND time <= ? AND (time > ? OR seq > ?) AND (time < ? OR seq < ?) ORDER BY time DESC, seq DESC LIMIT ?`),
      find: p(`SELECT ${historyColumns} FROM history WHERE msgid = ? AND target = ?`),
      keepCut: p('SELECT time, seq FROM history WHERE target = ? ORDER BY time DESC, seq DESC LIMIT 1 OFFSET ?'),
      prune: ro ? null : p('DELETE FROM history WHERE seq IN (SELECT seq FROM history WHERE target = ? AND time <= ? AND (time < ? OR seq < ?) ORDER BY time, seq LIMIT ?)'),
      targets: p('SELECT DISTINCT target FROM history ORDER BY target'),
      lastTime: p('SELECT max(time) AS t FROM history WHERE target = ?'),
      conversations: p('SELECT target, last_time FROM conversations WHERE account = ? ORDER BY last_time DESC, target LIMIT ?'),
      setting: p('SELECT value FROM settings WHERE key = ?'),
      saveSetting: ro ? null : p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      readMarker: p('SELECT at FROM read_markers WHERE account = ? AND target = ?'),
      readMarkers: p('SELECT target, at FROM read_markers WHERE account = ? ORDER BY target'),
    };
    const apply = db.transaction((ops: readonly WriteOp[]) => {
      for (const op of ops) this.applyOne(op);
    });
    this.queue = new WriteQueue<WriteOp>({
      windowMs: options.commitWindowMs,
      maxBatch: options.maxBatch,
      maxPending: options.maxPendingWrites,
      retryMs: options.retryMs,
      logger: options.logger,
      label: location,
      apply: (ops) => apply(ops),
    });
  }

  async account(name: string): Promise<AccountRecord | null> {
    const row = this.s.account.get(casefold(name)) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async accounts(): Promise<AccountRecord[]> {
    return (this.s.accounts.all() as AccountRow[]).map(toAccount);
  }

  async createAccount(r: AccountRecord): Promise<boolean> {
    return this.write(() => this.s.createAccount!.run(casefold(r.name), r.name, r.passwordHash, r.scram, r.email, r.createdAt, r.lastSeenAt).changes === 1);
  }

  async updateAccount(name: string, patch: AccountPatch): Promise<boolean> {
    const old = await this.account(name);
    if (!old) return false;
    const next = { ...old, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as AccountRecord;
    return this.write(() => this.s.updateAccount!.run(next.passwordHash, next.scram, next.email, next.lastSeenAt, casefold(name)).changes === 1);
  }

  async deleteAccount(name: string): Promise<boolean> {
    const key = casefold(name);
    // Markers queued for this account must not come back after its deletion.
    this.queue.flushSync();
    return this.write(() =>
      this.db.transaction(() => {
        this.s.deleteMarkers!.run(key);
        this.s.deleteConversations!.run(key);
        return this.s.deleteAccount!.run(key).changes === 1;
      })(),
    );
  }

  async room(name: string): Promise<RoomRecord | null> {
    const row = this.s.room.get(casefold(name)) as { name: string; founder: string; created_at: number; state: string } | undefined;
    return row ? { name: row.name, founder: row.founder, createdAt: row.created_at, state: JSON.parse(row.state) as Record<string, unknown> } : null;
  }

  async rooms(): Promise<RoomRecord[]> {
    return (this.s.rooms.all() as { name: string; founder: string; created_at: number; state: string }[]).map((row) => ({
      name: row.name,
      founder: row.founder,
      createdAt: row.created_at,
      state: JSON.parse(row.state) as Record<string, unknown>,
    }));
  }

  async saveRoom(r: RoomRecord): Promise<void> {
    this.write(() => this.s.saveRoom!.run(casefold(r.name), r.name, r.founder, r.createdAt, JSON.stringify(r.state)));
  }

  async deleteRoom(name: string): Promise<boolean> {
    return this.write(() => this.s.deleteRoom!.run(casefold(name)).changes === 1);
  }

  append(line: NewHistoryRecord): void {
    if (!this.closed) this.queue.push({ op: 'append', line });
  }

  async page(target: string, q: PageQuery): Promise<HistoryRecord[]> {
    if (q.limit <= 0) return [];
    this.queue.flushSync();
    const args = [casefold(target), q.after.time, q.before.time, q.after.time, q.after.seq, q.before.time, q.before.seq, q.limit];
    if (q.from === 'oldest') return (this.s.oldest.all(...args) as HistoryRow[]).map(toHistory);
    return (this.s.newest.all(...args) as HistoryRow[]).map(toHistory).reverse();
  }

  async find(target: string, msgid: string): Promise<HistoryRecord | null> {
    this.queue.flushSync();
    const row = this.s.find.get(msgid, casefold(target)) as HistoryRow | undefined;
    return row ? toHistory(row) : null;
  }

  removeMessage(target: string, msgid: string): void {
    if (!this.closed) this.queue.push({ op: 'remove', target, msgid });
  }

  async prune(target: string, keep: number, before: number, batch: number): Promise<number> {
    this.queue.flushSync();
    const key = casefold(target);
    let cut = { time: before, seq: 0 };
    if (keep > 0) {
      const row = this.s.keepCut.get(key, keep - 1) as { time: number; seq: number } | undefined;
      if (row && (row.time > cut.time || (row.time === cut.time && row.seq > cut.seq))) cut = row;
    }
    return this.write(() => this.s.prune!.run(key, cut.time, cut.time, cut.seq, batch).changes);
  }

  async historyTargets(): Promise<string[]> {
    this.queue.flushSync();
    return (this.s.targets.all() as { target: string }[]).map((r) => r.target);
  }

  async lastTimes(targets: readonly string[]): Promise<TargetTime[]> {
    this.queue.flushSync();
    const out: TargetTime[] = [];
    for (const t of targets) {
      const key = casefold(t);
      const row = this.s.lastTime.get(key) as { t: number | null };
      if (row.t !== null) out.push({ target: key, lastTime: row.t });
    }
    return out;
  }

  async conversations(account: string, limit: number): Promise<TargetTime[]> {
    this.queue.flushSync();
    return (this.s.conversations.all(casefold(account), limit) as { target: string; last_time: number }[]).map((r) => ({ target: r.target, lastTime: r.last_time }));
  }

  async readMarker(account: string, target: string): Promise<number | null> {
    this.queue.flushSync();
    const row = this.s.readMarker.get(casefold(account), casefold(target)) as { at: number } | undefined;
    return row?.at ?? null;
  }

  async readMarkers(account: string): Promise<{ target: string; at: number }[]> {
    this.queue.flushSync();
    return this.s.readMarkers.all(casefold(account)) as { target: string; at: number }[];
  }

  setReadMarker(account: string, target: string, at: number): void {
    if (!this.closed) this.queue.push({ op: 'marker', account, target, at });
  }

  async setting(key: string): Promise<string | null> {
    return (this.s.setting.get(key) as { value: string } | undefined)?.value ?? null;
  }

  async saveSetting(key: string, value: string): Promise<void> {
    this.write(() => this.s.saveSetting!.run(key, value));
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  stats(): WriteStats {
    return this.queue.stats();
  }

  async check(): Promise<string[]> {
    this.queue.flushSync();
    let problems: string[];
    try {
      const rows = this.db.pragma('integrity_check') as { integrity_check: string }[];
      problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } catch (err) {
      return [`${this.location}: ${err instanceof Error ? err.message : String(err)}`];
    }
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version !== schemaVersion) problems.push(`schema version ${version}, expected ${schemaVersion}`);
    return problems;
  }

  async backup(file: string): Promise<void> {
    if (existsSync(file)) throw new StoreError('Unsupported', `${file}: already exists; a backup never overwrites a file`, file);
    this.queue.flushSync();
    try {
      await this.db.backup(file);
    } catch (err) {
      throw new StoreError('WriteFailed', `${file}: backup failed (${err instanceof Error ? err.message : String(err)})`, file, { cause: err });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.close();
    this.db.close();
  }

  private applyOne(op: WriteOp): void {
    switch (op.op) {
      case 'append': {
        const l = op.line;
        const target = casefold(l.target);
        this.s.append!.run(target, l.msgid, l.time, l.kind, JSON.stringify(l.data), l.parties === null ? null : JSON.stringify(l.parties.map(casefold)));
        for (const party of l.parties ?? []) this.s.conversation!.run(casefold(party), target, l.time);
        return;
      }
      case 'remove':
        this.s.remove!.run(casefold(op.target), op.msgid);
        return;
      case 'marker':
        this.s.marker!.run(casefold(op.account), casefold(op.target), op.at);
        return;
    }
  }

  /** Run an awaited write; a closed store or a failing disk becomes a StoreError for the caller. */
  private write<T>(run: () => T): T {
    if (this.closed) throw new StoreError('Closed', 'the store is closed', this.location);
    try {
      return run();
    } catch (err) {
      throw new StoreError('WriteFailed', `${this.location}: write failed (${err instanceof Error ? err.message : String(err)})`, this.location, { cause: err });
    }
  }
}
