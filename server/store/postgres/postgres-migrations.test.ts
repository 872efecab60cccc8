// Migrations on PostgreSQL (a throwaway cluster): a fresh database gets every one, an older one is brought up to date with its data, nodes starting together migrate once, and an unreachable or newer database is refused with the reason.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../../../test/support/postgres';
import { createLogger } from '../../log';
import { loadMigrations, POSTGRES_MIGRATIONS_DIR } from '../migrations';
import { openStore } from '../open-store';
import { migratePostgres } from './postgres-migrations';

const log = createLogger(true);
const missing = postgresMissing();

/** Runs `body` on one connection to `url`, closed after. */
async function withClient<T>(url: string, body: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await body(db);
  } finally {
    await db.end();
  }
}
const appliedNames = (url: string) => withClient(url, async (db) => (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version')).rows.map((r) => r.name));

describe.skipIf(missing !== null)(missing ? `PostgreSQL migrations (skipped: ${missing})` : 'PostgreSQL migrations', () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.dispose());

  it('bring a fresh database to the latest version, each migration recorded once', async () => {
    const url = await cluster.createDatabase();
    const store = await openStore(':memory:', log, url);
    if (!store.ok) throw new Error(store.error);
    await store.value.dispose();
    expect(await appliedNames(url)).toEqual(loadMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
  });

  it('bring a database from version 1 up to date and keep its data', async () => {
    const url = await cluster.createDatabase();
    // What an older lab left behind: only migration 001, with a learner who passed a step.
    await withClient(url, async (db) => {
      expect(await migratePostgres(db, loadMigrations(POSTGRES_MIGRATIONS_DIR), 1)).toEqual({ ok: true, value: { from: 0, to: 1 } });
      await db.query('INSERT INTO learners (id, created_at, last_seen_at) VALUES ($1, $2, $3)', ['learner-1', 1000, 2000]);
      await db.query('INSERT INTO step_results (learner, lesson, step, at, passed, reason, automatic) VALUES ($1, $2, $3, $4, $5, $6, $7)', ['learner-1', 'uts', 'one', 1500, true, 'done', false]);
      await db.query('INSERT INTO step_passed (learner, lesson, step, passed_at) VALUES ($1, $2, $3, $4)', ['learner-1', 'uts', 'one', 1500]);
    });
    const store = await openStore(':memory:', log, url);
    if (!store.ok) throw new Error(store.error);
    expect(await store.value.lessonProgress('learner-1', 'uts')).toEqual([{ step: 'one', passedAt: 1500, verdict: { passed: true, reason: 'done' } }]);
    // What migrations 002 and 003 added works on the old data.
    expect(await store.value.rename('learner-1', 'Ada')).toBe(true);
    await store.value.addTimes([{ learner: 'learner-1', lesson: 'uts', seconds: 12 }]);
    expect(await store.value.summaries('learner-1')).toEqual([{ lesson: 'uts', passedSteps: ['one'], secondsSpent: 12 }]);
    expect(await store.value.savePrediction({ learner: 'learner-1', lesson: 'uts', step: 'one', answer: 'lab', correct: false, at: 1600, afterRun: true })).toMatchObject({
      answer: 'lab',
      afterRun: true,
    });
    await store.value.dispose();
    expect(await appliedNames(url)).toHaveLength(loadMigrations(POSTGRES_MIGRATIONS_DIR).length);
  });

  it('read the answers kept before migration 005 as given before running', async () => {
    const url = await cluster.createDatabase();
    await withClient(url, async (db) => {
      expect(await migratePostgres(db, loadMigrations(POSTGRES_MIGRATIONS_DIR), 4)).toEqual({ ok: true, value: { from: 0, to: 4 } });
      await db.query('INSERT INTO learners (id, created_at, last_seen_at) VALUES ($1, $2, $3)', ['learner-1', 1000, 2000]);
      await db.query('INSERT INTO predictions (learner, lesson, step, answer, correct, at) VALUES ($1, $2, $3, $4, $5, $6)', ['learner-1', 'pid', 'inside', '1', true, 1500]);
    });
    const store = await openStore(':memory:', log, url);
    if (!store.ok) throw new Error(store.error);
    expect(await store.value.predictions('learner-1', 'pid')).toEqual([{ learner: 'learner-1', lesson: 'pid', step: 'inside', answer: '1', correct: true, at: 1500, afterRun: false }]);
    expect((await store.value.room(['learner-1'], ['pid'])).predictions).toMatchObject([{ step: 'inside', afterRun: false }]);
    await store.value.dispose();
  });

  it('run once when several nodes start together on a fresh database', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all(Array.from({ length: 5 }, () => openStore(':memory:', log, url)));
    for (const s of stores) {
      expect(s).toMatchObject({ ok: true });
      if (s.ok) await s.value.dispose();
    }
    // Without the lock, a second node would have failed on CREATE TABLE or recorded a version twice (it is the primary key).
    expect(await appliedNames(url)).toEqual(loadMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
  });

  it('refuse a database newer than this lab', async () => {
    const url = await cluster.createDatabase();
    const first = await openStore(':memory:', log, url);
    if (first.ok) await first.value.dispose();
    await withClient(url, (db) => db.query("INSERT INTO schema_migrations (version, name) VALUES (99, '099-from-the-future.sql')"));
    const opened = await openStore(':memory:', log, url);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/schema version 99, newer than this lab knows/);
  });

  it('say which server could not be reached and why, without its password', async () => {
    // Port 1 (tcpmux) has no listener here: the connection is refused at once.
    const opened = await openStore(':memory:', log, 'postgresql://lab:s3cret@127.0.0.1:1/nslab');
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error).toMatch(/^cannot use the PostgreSQL database postgresql:\/\/lab:\*\*\*@127\.0\.0\.1:1\/nslab: .*ECONNREFUSED.*; check that the server runs and NSLAB_DATABASE_URL is right$/);
    expect(opened.error).not.toContain('s3cret');
  });
});
