/**
 * The SQLite schema as a list of forward migrations: migration i (1-based) takes a database from version
 * i - 1 to i, and `PRAGMA user_version` records where a file is. Opening a file runs the missing ones, each in
 * its own transaction; a file newer than this list is refused, never changed. A new table or column is a new
 * row here, never an edit of an old one (files in the field were made by the old one).
 */
import type Database from 'better-sqlite3';

/** Marks a file as zchat's (`PRAGMA application_id`, "zcht"), so another program's SQLite file is refused. */
export const applicationId = 0x7a636874;

/** One forward step: what it adds, and the statements that add it. */
export interface Migration {
  readonly summary: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    summary: 'accounts and history',
    sql: `
      CREATE TABLE accounts (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        password TEXT NOT NULL,
        email TEXT,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER
      );
      CREATE TABLE history (
        seq INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        msgid TEXT NOT NULL,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
      );
      -- Pages walk one target in (time, seq) order; seq is the rowid, so it is in the index already.
      CREATE INDEX history_target_time ON history (target, time);
      CREATE INDEX history_msgid ON history (msgid);
    `,
  },
  {
    summary: 'SCRAM credentials, registered rooms, read markers, private conversations, settings',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      ALTER TABLE accounts ADD COLUMN scram TEXT;
      ALTER TABLE history ADD COLUMN parties TEXT;
      CREATE TABLE rooms (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        founder TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE TABLE read_markers (
        account TEXT NOT NULL,
        target TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (account, target)
      ) WITHOUT ROWID;
      CREATE TABLE conversations (
        account TEXT NOT NULL,
        target TEXT NOT NULL,
        last_time INTEGER NOT NULL,
        PRIMARY KEY (account, target)
      ) WITHOUT ROWID;
    `,
  },
];

/** The version a fully migrated file has. */
export const schemaVersion = migrations.length;

/**
 * Run migrations from the file's version up to `upTo` (default: all). Returns the versions applied. Throws
 * what SQLite throws; each migration is all or nothing.
 */
export function migrate(db: Database.Database, upTo: number = schemaVersion): number[] {
  const applied: number[] = [];
  let version = db.pragma('user_version', { simple: true }) as number;
  while (version < upTo) {
    const next = version + 1;
    db.transaction(() => {
      db.exec(migrations[next - 1]!.sql);
      db.pragma(`application_id = ${applicationId}`);
      db.pragma(`user_version = ${next}`);
    })();
    applied.push(next);
    version = next;
  }
  return applied;
}
