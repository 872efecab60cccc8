// What only PostgreSQL can do to the store (a throwaway cluster): a write the database refuses is logged and answered false, and connections the server drops are replaced.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../../../test/support/postgres';
import { waitUntil } from '../../../test/support/wait';
import type { Logger } from '../../log';
import { openStore } from '../open-store';
import type { ProgressStore } from '../progress-store';

const missing = postgresMissing();

/** A logger that keeps what it is told, for the test to read. */
const recordingLogger = () => {
  const lines: string[] = [];
  const log: Logger = { info: (m) => void lines.push(`info: ${m}`), warn: (m) => void lines.push(`warn: ${m}`), error: (m) => void lines.push(`error: ${m}`) };
  return { log, lines };
};

async function sql(url: string, text: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(text);
  } finally {
    await db.end();
  }
}

describe.skipIf(missing !== null)(missing ? `the PostgreSQL store (skipped: ${missing})` : 'the PostgreSQL store', () => {
  let cluster: ThrowawayPostgres;
  const stores: ProgressStore[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    for (const s of stores) await s.dispose();
    await cluster?.dispose();
  });
  const open = async (url: string, log: Logger) => {
    const opened = await openStore(':memory:', log, url);
    if (!opened.ok) throw new Error(opened.error);
    stores.push(opened.value);
    return opened.value;
  };

  it('answers a write the database refuses with false (null for a prediction), logs it once, and goes on', async () => {
    const url = await cluster.createDatabase();
    const { log, lines } = recordingLogger();
    const store = await open(url, log);
    // Someone dropped the table under the lab: the write's transaction is rolled back, its connection reused.
    await sql(url, 'DROP TABLE predictions');
    expect(await store.savePrediction({ learner: 'ada', lesson: 'pid', step: 'a', answer: '1', correct: true, at: 1, afterRun: false })).toBeNull();
    expect(lines).toEqual(['error: could not save a prediction']);
    expect(await store.predictions('ada', 'pid')).toEqual([]);
    expect(lines.at(-1)).toBe('error: could not read predictions');
    expect(await store.rename('ada', 'Ada')).toBe(true);
    expect(await store.displayName('ada')).toBe('Ada');
  });

  it('replaces connections the server ended (a restart, a failover) instead of failing or stopping the lab', async () => {
    const url = await cluster.createDatabase();
    const { log, lines } = recordingLogger();
    const store = await open(url, log);
    expect(await store.rename('ada', 'Ada')).toBe(true);
    // The pool holds an idle connection now; the server ends it, as it does to every one when it restarts.
    await sql(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await waitUntil(
      () => lines.some((l) => l.startsWith('warn: a PostgreSQL connection was lost')),
      () => `the lost connection to be noticed (log: ${lines.join('; ')})`,
    );
    expect(await store.rename('ada', 'Ada L.')).toBe(true);
    expect(await store.displayName('ada')).toBe('Ada L.');
  });
});
