// Owns every live session: one per learner and lesson, within limits; finds them for their owner only; reaps idle ones.
import { DisposableStore, toDisposable } from '../../core/lifecycle';
import type { Lesson } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';
import { wireError, type WireError } from '../../core/protocol';
import { DATABASE_UNREACHABLE_MESSAGE, singleNode, type NodeHomes } from '../cluster/node-homes';
import type { LabMachine } from '../machine/machine';
import type { Terminal } from '../terminals/terminal';
import { FORGETFUL, type ProgressMemory } from './lesson-progress';
import { NO_PROGRESS_STORE, type ProgressStore } from '../store/progress-store';
import { LessonTime } from './lesson-time';
import { newId, Session } from './session';

export type SessionLimits = {
  maxSessions: number;
  maxTerminalsPerSession: number;
  maxSessionsPerLearner: number;
  /** A session nobody uses is closed after this long (in milliseconds). */
  idleTimeoutMs: number;
};

/** Attached learners are warned this long before their idle session closes (in milliseconds). */
export const IDLE_WARNING_MS = 2 * 60_000;
/** How often idle sessions are looked for (in milliseconds). Invariant: well below IDLE_WARNING_MS. */
export const REAP_INTERVAL_MS = 15_000;

/** Sessions closed at once when the server shuts down. */
const CLOSE_BATCH = 16;

/** Owner prefix of sessions opened by a client without a learner identity: they live and die with its connection. */
export const CONNECTION_OWNER_PREFIX = 'connection-';

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  /** The idle reaper and the lesson-time counter; the sessions themselves are closed a few at a time. */
  private readonly owned = new DisposableStore();
  /** Set once the node drains: no new sessions, the live ones stay until their learners leave. */
  private draining = false;

  constructor(
    private readonly machine: LabMachine,
    private readonly limits: SessionLimits,
    /** Where learners' progress is remembered across sessions and restarts (owned by the caller). */
    private readonly store: ProgressStore = NO_PROGRESS_STORE,
    /** Which node holds each learner's sandbox, when several nodes share a database (owned by the caller). */
    private readonly homes: NodeHomes = singleNode('local'),
  ) {
    this.owned.add(new LessonTime(() => this.sessions.values(), store));
    const reaper = setInterval(() => void this.reapIdle(), Math.min(REAP_INTERVAL_MS, Math.max(250, limits.idleTimeoutMs / 4)));
    reaper.unref();
    this.owned.add(toDisposable(() => clearInterval(reaper)));
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * The learner's live session for this lesson (`resumed`), or a new one with a fresh sandbox. `replaced` names
   * the node (dead or draining) whose sandbox the new one replaces. A learner whose sandbox another live node
   * holds is refused: the balancer sends them back there, and one learner never has two sandboxes.
   */
  async open(owner: string, lesson: Lesson): Promise<Result<{ session: Session; resumed: boolean; replaced: string | null }, WireError>> {
    if (this.owned.isDisposed) return err(wireError('machine_failed', 'the lab server is shutting down'));
    const existing = [...this.sessions.values()].find((s) => s.owner === owner && s.lesson.slug === lesson.slug);
    if (existing) return ok({ session: existing, resumed: true, replaced: null });
    if (this.draining) return err(wireError('machine_failed', 'this machine is going away for maintenance; reload the page to continue on another one (your progress is kept)'));
    let replaced: string | null = null;
    if (!owner.startsWith(CONNECTION_OWNER_PREFIX) && this.ownedBy(owner).length === 0) {
      const home = await this.homes.claim(owner);
      if (home.kind === 'elsewhere') {
        return err(wireError('forbidden', `your machine is on lab node ${home.node}, which is still running; reload the page to be sent back to it`));
      }
      if (home.kind === 'unknown') return err(wireError('machine_failed', DATABASE_UNREACHABLE_MESSAGE));
      replaced = home.replaced;
    }

    const mine = [...this.sessions.values()].filter((s) => s.owner === owner);
    if (mine.length >= this.limits.maxSessionsPerLearner) {
      // Make room by closing the learner's least recently used lesson that no page shows.
      const idle = mine.filter((s) => !s.isAttached).sort((a, b) => a.lastActivityAt - b.lastActivityAt)[0];
      if (!idle) {
        return err(wireError('limit_reached', `you have ${mine.length} lessons open in other tabs (the most one learner may have); close one of them first`));
      }
      await this.close(idle, 'closed to make room for another lesson you opened');
    }
    if (this.sessions.size >= this.limits.maxSessions) {
      return err(wireError('limit_reached', `the lab is full (${this.limits.maxSessions} sessions); try again in a few minutes`));
    }
    const id = newId();
    let generation = 0;
    const openSandbox = async () => {
      // A fresh sandbox for a revived or reset session gets a new id: the old one's cgroups may still be draining.
      const sandbox = await this.machine.openSandbox(generation++ === 0 ? id : `${id}-${generation}`);
      return sandbox.ok ? sandbox : err(wireError(sandbox.error.code, sandbox.error.message));
    };
    const sandbox = await openSandbox();
    if (!sandbox.ok) {
      if (!owner.startsWith(CONNECTION_OWNER_PREFIX) && this.ownedBy(owner).length === 0) await this.homes.release(owner);
      return sandbox;
    }
    const memory = await this.memoryOf(owner, lesson.slug);
    const session = new Session(id, owner, lesson, sandbox.value, this.limits.maxTerminalsPerSession, openSandbox, memory);
    this.sessions.set(id, session);
    const setUp = await session.setUp();
    if (!setUp.ok) {
      await this.close(session);
      return setUp;
    }
    return ok({ session, resumed: false, replaced });
  }

  /** A session is found only by its owner: anyone else gets the same answer as for a missing one. */
  get(owner: string, sessionId: string): Session | undefined {
    const session = this.sessions.get(sessionId);
    return session?.owner === owner ? session : undefined;
  }

  /** Every live session, whoever owns it: for the instructor's dashboard only (learners go through `get`). */
  everyone(): Session[] {
    return [...this.sessions.values()];
  }

  ownedBy(owner: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.owner === owner);
  }

  findTerminal(owner: string, terminalId: string): { session: Session; terminal: Terminal } | undefined {
    for (const session of this.ownedBy(owner)) {
      const terminal = session.terminals.get(terminalId);
      if (terminal) return { session, terminal };
    }
    return undefined;
  }

  /** The learner's remembered progress in a lesson, read once when the session opens. */
  private async memoryOf(learner: string, lesson: string): Promise<ProgressMemory> {
    // A connection without a learner identity (a script, a test client) has nothing to come back to.
    if (learner.startsWith(CONNECTION_OWNER_PREFIX)) return FORGETFUL;
    return {
      saved: await this.store.lessonProgress(learner, lesson),
      // Never rejects: the store logs a failed write and moves on.
      record: (step, { passed, reason }, automatic, at) => void this.store.recordVerdict({ learner, lesson, step, at, passed, reason, automatic }),
    };
  }

  async close(session: Session, reason?: string): Promise<void> {
    if (!this.sessions.delete(session.id)) return session.dispose(reason);
    await session.dispose(reason);
    // Never rejects: a failed release is logged, and the home expires with this node anyway.
    if (!session.owner.startsWith(CONNECTION_OWNER_PREFIX) && this.ownedBy(session.owner).length === 0) await this.homes.release(session.owner);
  }

  /** Takes no new sessions from now on; the live ones stay until their learners leave or the node stops. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Sessions some page shows now: a draining node waits for these to end. */
  attachedCount(): number {
    return [...this.sessions.values()].filter((s) => s.isAttached).length;
  }

  /** Closes sessions idle past the limit; warns attached learners shortly before. */
  async reapIdle(now = Date.now()): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      const left = session.lastActivityAt + this.limits.idleTimeoutMs - now;
      if (left <= 0) await this.close(session, `closed after ${Math.round(this.limits.idleTimeoutMs / 60_000)} minutes without activity`);
      else if (left <= IDLE_WARNING_MS && session.isAttached) session.warnIdle(Math.ceil(left / 1000));
    }
  }

  /** Closes every session; async: resolves once their sandboxes are gone. */
  async dispose(): Promise<void> {
    this.owned.dispose();
    // A few at a time: each teardown kills processes, removes cgroups and scans /proc.
    const all = [...this.sessions.values()];
    for (let i = 0; i < all.length; i += CLOSE_BATCH) {
      await Promise.all(all.slice(i, i + CLOSE_BATCH).map((s) => this.close(s, 'the lab server is shutting down')));
    }
  }
}
