// One learner working on one lesson: a sandbox and the terminals joined to it.
import { randomBytes } from 'node:crypto';
import type { Lesson } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';
import { wireError, type WireError, type TerminalSpec } from '../../core/protocol';
import type { Sandbox, TerminalSize } from '../machine/machine';
import { Terminal, type TerminalSink } from '../terminals/terminal';

export const newId = (): string => randomBytes(12).toString('base64url');

export class Session {
  private readonly terminals = new Map<string, Terminal>();
  private disposed = false;

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly lesson: Lesson,
    private sandbox_: Sandbox,
    private readonly maxTerminals: number,
    /** Opens a fresh sandbox for this session, used when the old one ended (e.g. after `kill -9 -1`). */
    private readonly reopenSandbox: () => Promise<Result<Sandbox, WireError>>,
  ) {}

  get sandbox(): Sandbox {
    return this.sandbox_;
  }

  get terminalSpecs(): TerminalSpec[] {
    return this.lesson.terminals;
  }

  /** `revived` tells that the sandbox had ended and a fresh one was started for this terminal. */
  async openTerminal(
    name: string,
    size: TerminalSize,
    sink: (terminalId: string) => TerminalSink,
  ): Promise<Result<{ terminal: Terminal; revived: boolean }, WireError>> {
    if (this.disposed) return err(wireError('not_found', 'this session has ended; reload the page to start a new one'));
    if (!this.lesson.terminals.some((t) => t.name === name)) {
      return err(wireError('not_found', `lesson "${this.lesson.slug}" has no terminal named "${name}"`));
    }
    // Reopening a name (e.g. "restart shell" after exit) replaces the old terminal of that name.
    for (const [id, t] of this.terminals) {
      if (t.name === name) {
        t.dispose();
        this.terminals.delete(id);
      }
    }
    const live = [...this.terminals.values()].filter((t) => !t.isExited);
    if (live.length >= this.maxTerminals) {
      return err(wireError('limit_reached', `a session may have at most ${this.maxTerminals} terminals open; close one first`));
    }
    let revived = false;
    if (this.sandbox_.ended) {
      const fresh = await this.reopenSandbox();
      if (!fresh.ok) return fresh;
      if (this.disposed) {
        await fresh.value.dispose();
        return err(wireError('not_found', 'this session has ended; reload the page to start a new one'));
      }
      for (const t of this.terminals.values()) t.dispose();
      this.terminals.clear();
      await this.sandbox_.dispose();
      this.sandbox_ = fresh.value;
      revived = true;
    }
    const pty = this.sandbox_.spawnShell(size, { NSLAB_TERMINAL: name });
    if (!pty.ok) return err(wireError(pty.error.code, pty.error.message));
    const id = newId();
    const terminal = new Terminal(id, name, pty.value, sink(id));
    this.terminals.set(id, terminal);
    return ok({ terminal, revived });
  }

  terminal(id: string): Terminal | undefined {
    return this.terminals.get(id);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.terminals.values()) t.dispose();
    this.terminals.clear();
    await this.sandbox_.dispose();
  }
}
