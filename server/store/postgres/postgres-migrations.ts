// Schema migrations on PostgreSQL: the same numbered files as SQLite's (migrations/postgres/), applied under an advisory lock in one transaction.
import type pg from 'pg';
import { err, ok, type Result } from '../../../core/result';
import { loadMigrations, POSTGRES_MIGRATIONS_DIR, type Migration } from '../migrations';

/**
 * The key of the advisory lock every node takes before migrating (any constant shared by all nodes;
 * these are the bytes of "nslab" as a number). Two nodes starting together: the second waits for the
 * first's transaction, then finds the schema up to date.
 */
export const MIGRATION_LOCK_KEY = 0x6e736c6162;

/** Which migrations the database has, one row each, so an operator can see when each was applied. */
const CREATE_VERSIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

export const postgresSchemaVersion = async (db: pg.ClientBase): Promise<number> => {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations') AS t");
  if (exists.rows[0]?.t == null) return 0;
  const { rows } = await db.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
};

/**
 * Brings the database up to the last of `migrations` (up to `upTo`, for tests of older databases). All of
 * them run in one transaction under the advisory lock: PostgreSQL's DDL is transactional, so a failure or
 * a crash leaves the schema as it was, and no two nodes ever apply the same migration.
 */
export async function migratePostgres(db: pg.ClientBase, migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS_DIR), upTo = Infinity): Promise<Result<{ from: number; to: number }, string>> {
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await db.query(CREATE_VERSIONS);
    const from = await postgresSchemaVersion(db);
    const latest = migrations.at(-1)?.version ?? 0;
    if (from > latest) {
      await db.query('ROLLBACK');
      return err(`the database is at schema version ${from}, newer than this lab knows (${latest}); use a newer nslab or another database`);
    }
    let to = from;
    for (const m of migrations) {
      if (m.version <= from || m.version > upTo) continue;
      await db.query(m.sql);
      await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      to = m.version;
    }
    await db.query('COMMIT');
    return ok({ from, to });
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {
      // The connection itself failed: the server rolls the transaction back when it goes.
    });
    throw e;
  }
}
