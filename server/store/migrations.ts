// Schema migrations: the numbered SQL files in migrations/ (one schema, a folder per dialect), applied in order on open; SQLite keeps the version in PRAGMA user_version.
import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result';

export type Migration = { version: number; name: string; sql: string };

/** SQLite's migrations; PostgreSQL's, with the same numbers and names, are in its postgres/ folder. */
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
export const POSTGRES_MIGRATIONS_DIR = new URL('./migrations/postgres/', import.meta.url);
const FILE_NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;

/** Every migration shipped with this version of the lab (SQLite's, unless `dir` says), in order; numbers must run 1, 2, 3… without gaps. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((name) => ({ name, match: FILE_NAME.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map(({ name, match }) => ({ version: Number(match[1]), name, sql: readFileSync(new URL(name, dir), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    // A bug in the repository, not an expected failure: the files are ours.
    if (m.version !== i + 1) throw new Error(`migration ${m.name} should be number ${i + 1}`);
  });
  return migrations;
}

export const schemaVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the database up to the last of `migrations` (up to `upTo`, for tests of older databases), each in
 * its own transaction together with its version bump, so a crash leaves the database at one version or the next.
 */
export function migrate(db: Database.Database, migrations = loadMigrations(), upTo = Infinity): Result<{ from: number; to: number }, string> {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    return err(`the database is at schema version ${from}, newer than this lab knows (${latest}); use a newer nslab or another NSLAB_DATA_DIR`);
  }
  for (const m of migrations) {
    if (m.version <= from || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return ok({ from, to: schemaVersion(db) });
}
