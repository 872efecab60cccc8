// Opens the PostgreSQL store of NSLAB_DATABASE_URL: a pool, every migration applied; an unreachable server is an error that says so.
import pg from 'pg';
import { err, ok, type Result } from '../../../core/result';
import type { Logger } from '../../log';
import type { ProgressStore } from '../progress-store';
import { migratePostgres } from './postgres-migrations';
import { PostgresProgressStore } from './postgres-progress-store';

/** How long the first connection may take before the lab gives up starting (in milliseconds). */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections one node keeps to the server at most: writes are short, and many nodes share the server's max_connections (100 by default). */
const POOL_SIZE = 10;
/** PostgreSQL's type id of BIGINT (pg_type.oid): times in ms since the epoch, which fit a JavaScript number exactly. */
const INT8_OID = 20;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** A pool on `url`, migrated; err with the reason (server unreachable, login refused, schema newer than this lab) when it cannot be used. */
export async function openPostgresStore(url: string, log: Logger): Promise<Result<ProgressStore, string>> {
  // pg returns BIGINT as a string (it may exceed 2^53); ours are times in ms, far below it. For this pool only, not every pg user in the process.
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', Number);
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types,
  });
  // An idle connection the server dropped (a restart, a failover) must not end the lab: the pool opens a new one when asked.
  pool.on('error', (e) => log.warn(`a PostgreSQL connection was lost: ${e.message}`));
  let client: pg.PoolClient | null = null;
  try {
    client = await pool.connect();
    const migrated = await migratePostgres(client);
    client.release();
    client = null;
    if (!migrated.ok) {
      await pool.end();
      return err(`${redactUrl(url)}: ${migrated.error}`);
    }
    return ok(new PostgresProgressStore(pool, log));
  } catch (e) {
    client?.release(true);
    await pool.end().catch(() => {
      // Already failing: the reason below is the one worth reporting.
    });
    const reason = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
    return err(`cannot use the PostgreSQL database ${redactUrl(url)}: ${reason}; check that the server runs and NSLAB_DATABASE_URL is right`);
  }
}
