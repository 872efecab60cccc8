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
    readonly sandbox: Sandbox,
    private readonly maxTerminals: number,
  ) {}

  get terminalSpecs(): TerminalSpec[] {
    return this.lesson.terminals;
  }

  openTerminal(name: string, size: TerminalSize, sink: (terminalId: string) => TerminalSink): Result<Terminal, WireError> {
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
    const pty = this.sandbox.spawnShell(size);
    if (!pty.ok) return err(wireError(pty.error.code, pty.error.message));
    const id = newId();
    const terminal = new Terminal(id, name, pty.value, sink(id));
    this.terminals.set(id, terminal);
    return ok(terminal);
  }

  terminal(id: string): Terminal | undefined {
    return this.terminals.get(id);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.terminals.values()) t.dispose();
    this.terminals.clear();
    await this.sandbox.dispose();
  }
}
