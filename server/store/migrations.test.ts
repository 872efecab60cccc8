// Migrations: a fresh database gets every one; a database left at an older version is brought up to date with its data kept.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { loadMigrations, migrate, POSTGRES_MIGRATIONS_DIR, schemaVersion } from './migrations';
import { DATABASE_FILE, openDatabase, openStore } from './open-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps', () => {
    expect(loadMigrations().map((m) => m.version)).toEqual(loadMigrations().map((_, i) => i + 1));
  });

  it("are one schema in two dialects: PostgreSQL has a migration of the same name for each of SQLite's", () => {
    const names = (dir?: URL) => loadMigrations(dir).map((m) => m.name);
    expect(names(POSTGRES_MIGRATIONS_DIR)).toEqual(names());
  });

  it('create a WAL database at the latest version on first open', () => {
    const file = path.join(tempDir(), 'sub', DATABASE_FILE);
    const db = openDatabase(file);
    if (!db.ok) throw new Error(db.error);
    expect(schemaVersion(db.value)).toBe(loadMigrations().length);
    expect(db.value.pragma('journal_mode', { simple: true })).toBe('wal');
    db.value.close();
  });

  it('bring a database from version 1 up to date and keep its data', async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    // What an older lab left behind: only migration 001, with a learner who passed a step.
    const old = new Database(file);
    expect(migrate(old, loadMigrations(), 1)).toEqual({ ok: true, value: { from: 0, to: 1 } });
    old.prepare('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?)').run('learner-1', 1000, 2000);
    old.prepare('INSERT INTO step_results (learner, lesson, step, at, passed, reason, automatic) VALUES (?, ?, ?, ?, ?, ?, ?)').run('learner-1', 'uts', 'one', 1500, 1, 'done', 0);
    old.prepare('INSERT INTO step_passed (learner, lesson, step, passed_at) VALUES (?, ?, ?, ?)').run('learner-1', 'uts', 'one', 1500);
    old.close();

    const store = await openStore(dir, createLogger(true));
    if (!store.ok) throw new Error(store.error);
    expect(await store.value.lessonProgress('learner-1', 'uts')).toEqual([{ step: 'one', passedAt: 1500, verdict: { passed: true, reason: 'done' } }]);
    // What migration 002 added works on the old data.
    expect(await store.value.displayName('learner-1')).toBeNull();
    expect(await store.value.rename('learner-1', 'Ada')).toBe(true);
    await store.value.addTimes([{ learner: 'learner-1', lesson: 'uts', seconds: 12 }]);
    expect(await store.value.summaries('learner-1')).toEqual([{ lesson: 'uts', passedSteps: ['one'], secondsSpent: 12 }]);
    // And what migration 003 added.
    expect(await store.value.savePrediction({ learner: 'learner-1', lesson: 'uts', step: 'one', answer: 'lab', correct: false, at: 1600, afterRun: true })).toMatchObject({
      answer: 'lab',
      afterRun: true,
    });
    expect(await store.value.predictions('learner-1', 'uts')).toHaveLength(1);
    await store.value.dispose();

    const reopened = new Database(file);
    expect(schemaVersion(reopened)).toBe(loadMigrations().length);
    expect(reopened.prepare('SELECT display_name FROM learners').get()).toEqual({ display_name: 'Ada' });
    reopened.close();
  });

  it('read the answers kept before migration 005 as given before running', async () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, DATABASE_FILE));
    expect(migrate(old, loadMigrations(), 4)).toEqual({ ok: true, value: { from: 0, to: 4 } });
    old.prepare('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?)').run('learner-1', 1000, 2000);
    old.prepare('INSERT INTO predictions (learner, lesson, step, answer, correct, at) VALUES (?, ?, ?, ?, ?, ?)').run('learner-1', 'pid', 'inside', '1', 1, 1500);
    old.close();

    const store = await openStore(dir, createLogger(true));
    if (!store.ok) throw new Error(store.error);
    expect(await store.value.predictions('learner-1', 'pid')).toEqual([{ learner: 'learner-1', lesson: 'pid', step: 'inside', answer: '1', correct: true, at: 1500, afterRun: false }]);
    expect((await store.value.room(['learner-1'], ['pid'])).predictions).toMatchObject([{ step: 'inside', afterRun: false }]);
    await store.value.dispose();
  });

  it('refuse a database newer than this lab', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const opened = openDatabase(file);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/schema version 99, newer than this lab knows/);
  });
});
