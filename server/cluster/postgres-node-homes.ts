// Node homes in PostgreSQL (tables of migration 004): each node's heartbeat, and the node holding each learner's sandbox, judged by the database's clock.
import pg from 'pg';
import { toDisposable, type IDisposable } from '../../core/lifecycle';
import type { Logger } from '../log';
import type { HomeClaim, NodeHomes } from './node-homes';

/** How often a node says it is alive (in milliseconds). */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * A node silent this long is taken for dead and its learners may start afresh elsewhere (in milliseconds).
 * Invariant: several HEARTBEAT_INTERVAL_MS, so one slow write does not hand a live node's learners away.
 */
export const HOME_EXPIRY_MS = 5_000;
/** Connections for the heartbeat and claims: short statements, apart from the progress store's pool. */
const POOL_SIZE = 2;
/** Longest a connection may take (in milliseconds): a heartbeat that waits longer counts as failed. */
const CONNECT_TIMEOUT_MS = 3_000;

const BEAT = 'INSERT INTO lab_nodes (id, seen_at, draining) VALUES ($1, clock_timestamp(), $2) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, draining = excluded.draining';
const TAKE_IF_FREE = 'INSERT INTO learner_homes (learner, node, since) VALUES ($1, $2, clock_timestamp()) ON CONFLICT (learner) DO NOTHING RETURNING node';
/** The learner's home, locked, with how long its node's heartbeat stays fresh (ms; null: the node is gone). */
const HOME_OF = `SELECT h.node, n.draining, EXTRACT(EPOCH FROM (n.seen_at + make_interval(secs => $2::double precision / 1000) - clock_timestamp())) * 1000 AS fresh_ms
  FROM learner_homes h LEFT JOIN lab_nodes n ON n.id = h.node WHERE h.learner = $1 FOR UPDATE OF h`;
const MOVE_HOME = 'UPDATE learner_homes SET node = $2, since = clock_timestamp() WHERE learner = $1';
const RELEASE = 'DELETE FROM learner_homes WHERE learner = $1 AND node = $2';
const FORGET_HOMES = 'DELETE FROM learner_homes WHERE node = $1';
const FORGET_NODE = 'DELETE FROM lab_nodes WHERE id = $1';
const LIVE_NODE = 'SELECT 1 FROM lab_nodes WHERE id = $1 AND seen_at > clock_timestamp() - make_interval(secs => $2::double precision / 1000)';

type Home = { node: string; draining: boolean | null; fresh_ms: number | null };

export class PostgresNodeHomes implements NodeHomes {
  private draining = false;
  private lastBeatAt = 0;
  private lastError = 'no heartbeat yet';
  /** Set while the last statement sent to the database (a heartbeat or a claim) failed; cleared by the next one that succeeds. */
  private failing = false;
  private readonly timer: IDisposable;
  private disposing: Promise<void> | null = null;

  private constructor(
    readonly node: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {
    const interval = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    interval.unref();
    this.timer = toDisposable(() => clearInterval(interval));
  }

  /** Opens a small pool on `url` (already migrated by the progress store) and beats once; the homes of a previous run of this node are forgotten, as its sandboxes are. */
  static async open(url: string, node: string, log: Logger): Promise<PostgresNodeHomes> {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    pool.on('error', (e) => log.warn(`a PostgreSQL connection (node heartbeat) was lost: ${e.message}`));
    // A node of the same id that beats now is another process (two nodes on one host name): its homes stay, and the operator is told.
    const twin = await pool.query(LIVE_NODE, [node, HOME_EXPIRY_MS]);
    if (twin.rowCount) log.warn(`another lab node with the id ${node} is running: give every node its own NSLAB_NODE_ID, or they take each other's learners for their own`);
    else await pool.query(FORGET_HOMES, [node]);
    const homes = new PostgresNodeHomes(node, pool, log);
    await homes.beat();
    return homes;
  }

  private async beat(): Promise<void> {
    if (this.disposing) return;
    try {
      await this.pool.query(BEAT, [this.node, this.draining]);
      if (this.failing) this.log.info('the database answers again: sessions open here again');
      this.failing = false;
      this.lastBeatAt = Date.now();
    } catch (e) {
      this.failed('node heartbeat', e);
    }
  }

  /** Logs the first failure of an outage (not one per second), and marks the node not ready until the database answers. */
  private failed(what: string, e: unknown): string {
    const reason = errorText(e);
    if (!this.failing) this.log.warn(`${what} failed: ${reason}; no session opens here until the database answers`);
    this.failing = true;
    this.lastError = reason;
    return reason;
  }

  unreachable(): string | null {
    if (this.failing) return `the database is out of reach: ${this.lastError}`;
    // A heartbeat that neither succeeds nor fails (a statement hanging on a half-open connection) counts as failing too.
    return Date.now() - this.lastBeatAt < HOME_EXPIRY_MS ? null : `the database did not take this node's heartbeat for ${HOME_EXPIRY_MS / 1000} s: ${this.lastError}`;
  }

  async setDraining(): Promise<void> {
    this.draining = true;
    await this.beat();
  }

  async claim(learner: string): Promise<HomeClaim> {
    try {
      const first = await this.tryClaim(learner, false);
      if (!('waitMs' in first)) return first;
      // The home looked alive: if it is, it beats again before its heartbeat expires; if it died, this node takes over.
      await new Promise((r) => setTimeout(r, first.waitMs));
      const second = await this.tryClaim(learner, true);
      return 'waitMs' in second ? { kind: 'elsewhere', node: this.node } : second;
    } catch (e) {
      // Without the shared database nothing can be judged, and the learner's sandbox may live on another node:
      // fail closed (no second sandbox, ever) and let the learner try again once the database is back.
      return { kind: 'unknown', reason: this.failed(`looking up where learner ${learner.slice(0, 6)}… is at home`, e) };
    }
  }

  /** One look under the row's lock: decided, or (on the first look) how long to wait for a fresh-looking home's heartbeat to expire. */
  private async tryClaim(learner: string, waited: boolean): Promise<HomeClaim | { waitMs: number }> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      const taken = await db.query(TAKE_IF_FREE, [learner, this.node]);
      if (taken.rowCount === 1) {
        await db.query('COMMIT');
        return { kind: 'here', replaced: null };
      }
      const home = (await db.query<Home>(HOME_OF, [learner, HOME_EXPIRY_MS])).rows[0];
      if (!home || home.node === this.node) {
        await db.query('COMMIT');
        return { kind: 'here', replaced: null };
      }
      const fresh = home.fresh_ms === null ? 0 : Number(home.fresh_ms);
      if (home.draining === true || fresh <= 0) {
        await db.query(MOVE_HOME, [learner, this.node]);
        await db.query('COMMIT');
        return { kind: 'here', replaced: home.node };
      }
      await db.query('COMMIT');
      return waited ? { kind: 'elsewhere', node: home.node } : { waitMs: Math.min(fresh + 50, HOME_EXPIRY_MS) };
    } catch (e) {
      await db.query('ROLLBACK').catch(() => {
        // The connection failed: the error below is the one worth reporting.
      });
      throw e;
    } finally {
      db.release();
    }
  }

  async release(learner: string): Promise<void> {
    try {
      await this.pool.query(RELEASE, [learner, this.node]);
    } catch (e) {
      // The home expires with this node's heartbeat anyway; only a quick move elsewhere is lost.
      this.log.warn(`could not release learner ${learner.slice(0, 6)}…'s home: ${errorText(e)}`);
    }
  }

  dispose(): Promise<void> {
    return (this.disposing ??= (async () => {
      this.timer.dispose();
      try {
        await this.pool.query(FORGET_HOMES, [this.node]);
        await this.pool.query(FORGET_NODE, [this.node]);
      } catch (e) {
        // Stopping anyway: the other nodes see this node's heartbeat expire instead.
        this.log.warn(`could not remove this node from the database: ${errorText(e)}`);
      }
      await this.pool.end();
    })());
  }
}

/** A driver error in words: pg's connection errors may have an empty message and only a code (ECONNREFUSED, ENOENT). */
const errorText = (e: unknown): string => (e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e));
