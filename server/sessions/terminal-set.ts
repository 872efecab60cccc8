// The terminals of one session, by id and by the lesson's terminal names, within the per-session limit.
import type { IDisposable } from '../../core/lifecycle';
import { err, ok, type Result } from '../../core/result';
import { wireError, type SessionTerminal, type TerminalSpec, type WireError } from '../../core/protocol';
import type { Sandbox, TerminalSize } from '../machine/machine';
import { Terminal, type TerminalObserver } from '../terminals/terminal';
import { newId } from './ids';

/** Terminals a learner adds beyond the lesson's are named extra-1, extra-2, … */
export const EXTRA_TERMINAL = /^extra-(\d{1,3})$/;

export class TerminalSet implements IDisposable {
  private readonly byId = new Map<string, Terminal>();
  /** Learner-added terminal slots, in the order they were added. */
  private readonly extras: TerminalSpec[] = [];

  constructor(
    private readonly specs: readonly TerminalSpec[],
    private readonly maxTerminals: number,
    private readonly observer: TerminalObserver,
    /** Told when a terminal is closed (replaced, closed by the learner, or all at once). */
    private readonly onClose: (terminal: Terminal) => void = () => {},
  ) {}

  get all(): Terminal[] {
    return [...this.byId.values()];
  }

  get(id: string): Terminal | undefined {
    return this.byId.get(id);
  }

  byName(name: string): Terminal | undefined {
    return this.all.find((t) => t.name === name);
  }

  /**
   * The lesson's terminal slots and the learner's extra ones, with the terminal running in each, for
   * a page that (re)joins. A pristine terminal shows as none: the page opens it (see `pristine`).
   */
  slots(): SessionTerminal[] {
    return [...this.specs, ...this.extras].map((s) => {
      const running = this.byName(s.name);
      return { ...s, terminalId: running && !running.isPristine ? running.id : null };
    });
  }

  /** The terminal of `name` if it was started ahead of its page and no page has had it yet. */
  pristine(name: string): Terminal | undefined {
    const terminal = this.byName(name);
    return terminal?.isPristine ? terminal : undefined;
  }

  /** Spawns a shell for `name` in `sandbox`, replacing an earlier terminal of that name (e.g. "restart shell"). */
  spawn(sandbox: Sandbox, name: string, size: TerminalSize): Result<Terminal, WireError> {
    const declared = this.specs.some((t) => t.name === name) || this.extras.some((t) => t.name === name);
    if (!declared && !EXTRA_TERMINAL.test(name)) {
      return err(wireError('not_found', `this lesson has no terminal named "${name}"; extra terminals are named extra-1, extra-2, …`));
    }
    const old = this.byName(name);
    if (old) this.close(old.id);
    if (this.all.filter((t) => !t.isExited).length >= this.maxTerminals) {
      return err(wireError('limit_reached', `a session may have at most ${this.maxTerminals} terminals open; close one first`));
    }
    // NSLAB_TERMINAL marks every process the shell starts, so the probe can tell terminals apart.
    const pty = sandbox.spawnShell(size, { NSLAB_TERMINAL: name });
    if (!pty.ok) return err(wireError(pty.error.code, pty.error.message));
    const terminal = new Terminal(newId(), name, pty.value, size, this.observer);
    this.byId.set(terminal.id, terminal);
    const lessonOwn = this.specs.some((t) => t.name === name);
    if (!lessonOwn && !this.extras.some((e) => e.name === name)) {
      this.extras.push({ name, title: `Terminal ${this.specs.length + Number(EXTRA_TERMINAL.exec(name)![1])}` });
    }
    return ok(terminal);
  }

  close(id: string): boolean {
    const t = this.byId.get(id);
    if (!t) return false;
    t.dispose();
    this.byId.delete(id);
    this.onClose(t);
    const extra = this.extras.findIndex((e) => e.name === t.name);
    if (extra !== -1 && !this.byName(t.name)) this.extras.splice(extra, 1);
    return true;
  }

  /** Closes every terminal; the set stays usable (the session's sandbox was replaced). */
  closeAll(): void {
    for (const t of this.byId.values()) {
      t.dispose();
      this.onClose(t);
    }
    this.byId.clear();
  }

  dispose(): void {
    this.closeAll();
  }
}
