// Owns every live session: creates them within limits, finds them for their owner only, disposes them.
import type { Lesson } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';
import { wireError, type WireError } from '../../core/protocol';
import type { LabMachine } from '../machine/machine';
import type { Terminal } from '../terminals/terminal';
import { newId, Session } from './session';

export type SessionLimits = { maxSessions: number; maxTerminalsPerSession: number };

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private disposed = false;

  constructor(
    private readonly machine: LabMachine,
    private readonly limits: SessionLimits,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async open(owner: string, lesson: Lesson): Promise<Result<Session, WireError>> {
    if (this.disposed) return err(wireError('machine_failed', 'the lab server is shutting down'));
    if (this.sessions.size >= this.limits.maxSessions) {
      return err(wireError('limit_reached', `the lab is full (${this.limits.maxSessions} sessions); try again in a few minutes`));
    }
    const id = newId();
    let generation = 0;
    const openSandbox = async () => {
      // A revived session gets a new sandbox id: the old one's cgroups may still be draining.
      const sandbox = await this.machine.openSandbox(generation++ === 0 ? id : `${id}-${generation}`);
      return sandbox.ok ? sandbox : err(wireError(sandbox.error.code, sandbox.error.message));
    };
    const sandbox = await openSandbox();
    if (!sandbox.ok) return sandbox;
    const session = new Session(id, owner, lesson, sandbox.value, this.limits.maxTerminalsPerSession, openSandbox);
    this.sessions.set(id, session);
    const setUp = await session.setUp();
    if (!setUp.ok) {
      await this.close(session);
      return setUp;
    }
    return ok(session);
  }

  /** A session is found only by its owner: anyone else gets the same answer as for a missing one. */
  get(owner: string, sessionId: string): Session | undefined {
    const session = this.sessions.get(sessionId);
    return session?.owner === owner ? session : undefined;
  }

  findTerminal(owner: string, terminalId: string): Terminal | undefined {
    for (const session of this.sessions.values()) {
      if (session.owner !== owner) continue;
      const terminal = session.terminal(terminalId);
      if (terminal) return terminal;
    }
    return undefined;
  }

  async close(session: Session): Promise<void> {
    this.sessions.delete(session.id);
    await session.dispose();
  }

  async closeOwnedBy(owner: string): Promise<void> {
    await Promise.all([...this.sessions.values()].filter((s) => s.owner === owner).map((s) => this.close(s)));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.sessions.values()].map((s) => this.close(s)));
  }
}
