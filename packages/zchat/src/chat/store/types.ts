/**
 * What zchat keeps across restarts, as one interface every backend implements (memory, SQLite; PostgreSQL is
 * meant to be one more file): accounts, registered rooms, chat history and read markers.
 *
 * Contract shared by every backend (test/chat/store/contract.ts runs the same suite against each):
 * - Names are compared under the rfc1459 case fold (core/casemap.ts): the store folds every account name and
 *   history target it is given, and keeps the display form beside the key.
 * - Writes on the chat path (`append`, `removeMessage`, `setReadMarker`) return at once and are committed in
 *   groups (one transaction per `commitWindowMs`); a failing write is kept, logged once per burst and retried,
 *   and never throws to the caller. Reads see every write made before them (pending writes are committed first).
 * - Account and room writes are awaited: they resolve once committed, and reject with a `StoreError` when the
 *   backend fails, so the user who asked can be told.
 * - Every statement is parameterised; no text from a user is ever part of SQL.
 */

/** An account as stored. `passwordHash` is a scrypt hash (password.ts); the password itself is never kept. */
export interface AccountRecord {
  /** The name as registered (display form). */
  readonly name: string;
  readonly passwordHash: string;
  /** SCRAM-SHA-256 credentials (salted keys, never the password), or null when none were made. */
  readonly scram: string | null;
  readonly email: string | null;
  /** ms since the epoch. */
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
}

/** The fields `updateAccount` may change. */
export type AccountPatch = Partial<Pick<AccountRecord, 'passwordHash' | 'scram' | 'email' | 'lastSeenAt'>>;

/**
 * A registered room. `state` is the room's saved state (topic, modes, lists, access list) as the room layer
 * defines it; the store keeps it as an opaque JSON value.
 */
export interface RoomRecord {
  readonly name: string;
  /** Account name of the founder. */
  readonly founder: string;
  readonly createdAt: number;
  readonly state: Readonly<Record<string, unknown>>;
}

/** A position in one target's history: order is by `time`, then by `seq` (the store's insertion number). */
export interface HistoryPosition {
  readonly time: number;
  readonly seq: number;
}

/** Before every stored message / after every stored message: bounds for `page`. */
export const historyStart: HistoryPosition = Object.freeze({ time: -1, seq: 0 });
export const historyEnd: HistoryPosition = Object.freeze({ time: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER });

/** One history line to store. `target` is a room name or a private-conversation key (folded by the store). */
export interface NewHistoryRecord {
  readonly target: string;
  readonly msgid: string;
  /** Server time, ms since the epoch. */
  readonly time: number;
  /** What happened ('privmsg', 'join', 'topic'...), defined by the recorder. */
  readonly kind: string;
  /** The rest of the event, a JSON-safe object. */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * Folded account names that may read this line and list it among their conversations (private messages),
   * or null for a room line.
   */
  readonly parties: readonly string[] | null;
}

/** A stored history line: what was given, with the folded target and the store's sequence number. */
export interface HistoryRecord extends NewHistoryRecord {
  readonly seq: number;
}

/**
 * One page of a target's history, strictly between `after` and `before` (positions, exclusive). `from`
 * 'oldest' takes the first `limit` lines after `after`; 'newest' the last `limit` before `before`. The page
 * is always returned oldest first.
 */
export interface PageQuery {
  readonly after: HistoryPosition;
  readonly before: HistoryPosition;
  readonly limit: number;
  readonly from: 'oldest' | 'newest';
}

/** A conversation (room or private) with the time of its latest line, for CHATHISTORY TARGETS. */
export interface TargetTime {
  readonly target: string;
  readonly lastTime: number;
}

/** How the group-commit queue is doing. */
export interface WriteStats {
  /** Writes waiting to be committed. */
  readonly pending: number;
  /** True while the last commit attempt failed (the store retries). */
  readonly failing: boolean;
  /** Writes dropped because the pending queue passed its bound while failing. */
  readonly dropped: number;
  /** Writes committed since open. */
  readonly committed: number;
}

/** Why a store operation failed. */
export type StoreErrorCode =
  /** The database file exists but is not a database, or is damaged. It is left untouched. */
  | 'Corrupt'
  /** The file or its directory cannot be read or written (permissions, missing parent...). */
  | 'Unreadable'
  /** The schema is newer than this zchat knows (written by a later version); nothing is changed. */
  | 'TooNew'
  /** A SQLite database of some other program. */
  | 'Foreign'
  /** A write failed (disk full, I/O error); the store keeps running. */
  | 'WriteFailed'
  /** The store was closed. */
  | 'Closed'
  /** The backend cannot do this (e.g. a file backup of the memory store). */
  | 'Unsupported';

/** A store failure with a stable `code`; `file` names the database when there is one. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly file: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store every backend implements. See the contract in this file's header. */
export interface ChatStore {
  /** Backend name ('memory', 'sqlite'...). */
  readonly backend: string;
  /** Where the data is (a file path), or null in memory. */
  readonly location: string | null;

  /** The account `name` (any case), or null. */
  account(name: string): Promise<AccountRecord | null>;
  /** Every account, by folded name. */
  accounts(): Promise<AccountRecord[]>;
  /** Create an account; resolves false (and changes nothing) when the name is taken. */
  createAccount(record: AccountRecord): Promise<boolean>;
  /** Change fields of an account; resolves false when there is no such account. */
  updateAccount(name: string, patch: AccountPatch): Promise<boolean>;
  /** Delete an account with its read markers and conversation list; resolves false when there was none. */
  deleteAccount(name: string): Promise<boolean>;

  /** The registered room `name` (any case), or null. */
  room(name: string): Promise<RoomRecord | null>;
  /** Every registered room. */
  rooms(): Promise<RoomRecord[]>;
  /** Register a room or replace its record. */
  saveRoom(record: RoomRecord): Promise<void>;
  /** Drop a registration; resolves false when the room was not registered. */
  deleteRoom(name: string): Promise<boolean>;

  /** Queue a history line (group commit). Never throws. */
  append(record: NewHistoryRecord): void;
  /** A page of `target`'s history (see `PageQuery`), oldest first. */
  page(target: string, query: PageQuery): Promise<HistoryRecord[]>;
  /** The line with `msgid` in `target`, or null. */
  find(target: string, msgid: string): Promise<HistoryRecord | null>;
  /** Queue the deletion of a line (redaction). Never throws. */
  removeMessage(target: string, msgid: string): void;
  /**
   * Delete at most `batch` of `target`'s lines that are older than `before` (ms) or beyond the newest `keep`
   * (0 = no count bound). Resolves how many were deleted; call again while it returns `batch`.
   */
  prune(target: string, keep: number, before: number, batch: number): Promise<number>;
  /** Every target that has history (folded). */
  historyTargets(): Promise<string[]>;
  /** The time of the latest line of each of `targets` that has any. */
  lastTimes(targets: readonly string[]): Promise<TargetTime[]>;
  /** The private conversations `account` is a party to, latest first, at most `limit`. */
  conversations(account: string, limit: number): Promise<TargetTime[]>;

  /** The read marker of `account` for `target`, or null. */
  readMarker(account: string, target: string): Promise<number | null>;
  /** Every read marker of `account`. */
  readMarkers(account: string): Promise<{ target: string; at: number }[]>;
  /** Queue moving `account`'s marker for `target` forward to `at` (never backward). Never throws. */
  setReadMarker(account: string, target: string, at: number): void;

  /** A setting the server keeps about its own data ('configAccountsImported'...), or null. */
  setting(key: string): Promise<string | null>;
  /** Set (or replace) a setting. */
  saveSetting(key: string, value: string): Promise<void>;

  /** Commit pending writes now. Resolves when done or when the attempt failed (then they stay queued). */
  flush(): Promise<void>;
  stats(): WriteStats;
  /** Integrity check: resolves the problems found, [] when sound. */
  check(): Promise<string[]>;
  /** Copy the whole store to `file` while it runs (online backup). Rejects with a StoreError. */
  backup(file: string): Promise<void>;
  /** Flush, then release the backend. Idempotent; never rejects. */
  close(): Promise<void>;
}
