// Opens (creating and migrating) the lab's database as a ProgressStore: PostgreSQL when NSLAB_DATABASE_URL is set, else SQLite's `nslab.db` in the data directory.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result';
import type { Logger } from '../log';
import { migrate } from './migrations';
import { openPostgresStore } from './postgres/open-postgres-store';
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

/**
 * The store in PostgreSQL at `databaseUrl` when given (state shared by every node), else in `dataDir/nslab.db`,
 * or in memory when `dataDir` is `:memory:`. err says why the lab cannot start (e.g. PostgreSQL unreachable).
 */
export async function openStore(dataDir: string, log: Logger, databaseUrl?: string): Promise<Result<ProgressStore, string>> {
  if (databaseUrl !== undefined) return openPostgresStore(databaseUrl, log);
  const db = openDatabase(dataDir === ':memory:' ? dataDir : path.join(dataDir, DATABASE_FILE));
  return db.ok ? ok(new SqliteProgressStore(db.value, log)) : db;
}
