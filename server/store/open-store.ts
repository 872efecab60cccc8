// Opens (creating and migrating) the lab's SQLite database, `nslab.db` in the data directory, as a ProgressStore.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result';
import type { Logger } from '../log';
import { migrate } from './migrations';
import type { ProgressStore } from './progress-store';
import { SqliteProgressStore } from './sqlite-progress-store';

export const DATABASE_FILE = 'nslab.db';
/** How long a write waits for a lock held by another connection (in milliseconds). */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens the database file (or `:memory:`) with WAL, foreign keys and every migration applied. */
export function openDatabase(file: string): Result<Database.Database, string> {
  let db: Database.Database | null = null;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against application crashes in WAL mode; only a power loss may drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const migrated = migrate(db);
    if (!migrated.ok) {
      db.close();
      return err(`${file}: ${migrated.error}`);
    }
    return ok(db);
  } catch (e) {
    db?.close();
    return err(`cannot open the database ${file}: ${e instanceof Error ? e.message : String(e)}; check NSLAB_DATA_DIR is writable`);
  }
}

/** The store in `dataDir/nslab.db`, or in memory when `dataDir` is `:memory:`. */
export function openStore(dataDir: string, log: Logger): Result<ProgressStore, string> {
  const db = openDatabase(dataDir === ':memory:' ? dataDir : path.join(dataDir, DATABASE_FILE));
  return db.ok ? ok(new SqliteProgressStore(db.value, log)) : db;
}
