// One learner working on one lesson: a sandbox, the terminals joined to it, and the lesson's progress.
import { randomBytes } from 'node:crypto';
import type { Lesson } from '../../core/lesson/schema';
import { err, ok, type Result } from '../../core/result';
import type { NamespaceType } from '../../core/namespaces';
import { wireError, type LessonProgress, type MapUpdate, type NamespaceFacts, type ProgressUpdate, type TerminalSpec, type WireError } from '../../core/protocol';
import { namespaceFacts } from '../probe/namespace-facts';
import type { Sandbox, TerminalSize } from '../machine/machine';
import { Terminal, type TerminalSink } from '../terminals/terminal';
import { ProgressTracker } from './lesson-progress';
import { runLessonSetup } from './lesson-setup';
import { MapWatcher } from './map-watcher';
import { StepChecker } from './step-checker';

export const newId = (): string => randomBytes(12).toString('base64url');

export type SessionEvents = { progress(update: ProgressUpdate): void; map(update: MapUpdate): void };

export class Session {
  private readonly terminals = new Map<string, Terminal>();
  private readonly progress: ProgressTracker;
  private readonly checker: StepChecker;
  private readonly map: MapWatcher;
  /** Where each terminal's output log stood when the current step began: terminal id → mark. */
  private stepMarks = new Map<string, number>();
  private markedStep: string | null = null;
  private disposed = false;
  events: SessionEvents | null = null;

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly lesson: Lesson,
    private sandbox_: Sandbox,
    private readonly maxTerminals: number,
    /** Opens a fresh sandbox for this session, used when the old one ended (e.g. after `kill -9 -1`). */
    private readonly reopenSandbox: () => Promise<Result<Sandbox, WireError>>,
  ) {
    this.progress = new ProgressTracker(id, lesson);
    this.markedStep = this.progress.current?.id ?? null;
    this.map = new MapWatcher(id, () => this.sandbox_, (update) => this.events?.map(update));
    this.checker = new StepChecker({
      sandbox: () => this.sandbox_,
      outputSince: (name) => this.outputSince(name),
      defaultTerminal: lesson.terminals[0]!.name,
      currentStep: () => this.progress.current,
      onAutomaticVerdict: (step, verdict) => {
        // Automatic checks only ever move the learner forward; a failure is theirs to ask about.
        if (!verdict.passed) return;
        this.progress.record(step.id, verdict);
        this.emitProgress({ stepId: step.id, automatic: true });
      },
    });
  }

  get sandbox(): Sandbox {
    return this.sandbox_;
  }

  get terminalSpecs(): TerminalSpec[] {
    return this.lesson.terminals;
  }

  /** Runs the lesson's setup commands in the sandbox (before step 1, and again in a fresh sandbox). */
  setUp(): Promise<Result<void, WireError>> {
    return runLessonSetup(this.sandbox_, this.lesson);
  }

  progressSnapshot(): LessonProgress {
    return this.progress.snapshot();
  }

  async checkStep(stepId: string): Promise<Result<LessonProgress, WireError>> {
    const step = this.progress.step(stepId);
    if (!step) return err(wireError('not_found', `lesson "${this.lesson.slug}" has no step "${stepId}"`));
    this.progress.record(stepId, await this.checker.check(step));
    this.emitProgress({ stepId, automatic: false });
    return ok(this.progress.snapshot());
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
      const fresh = await this.replaceSandbox();
      if (!fresh.ok) return fresh;
      revived = true;
    }
    const pty = this.sandbox_.spawnShell(size, { NSLAB_TERMINAL: name });
    if (!pty.ok) return err(wireError(pty.error.code, pty.error.message));
    const id = newId();
    const terminal = new Terminal(id, name, pty.value, sink(id), {
      commandEntered: () => {
        this.checker.commandEntered();
        this.map.activity();
      },
      output: () => {
        this.checker.output();
        this.map.activity();
      },
    });
    this.terminals.set(id, terminal);
    return ok({ terminal, revived });
  }

  /** The namespace map is (not) on the learner's screen. */
  watchMap(visible: boolean): void {
    this.map.setVisible(visible);
  }

  namespaceFacts(pid: number, type: NamespaceType): Promise<NamespaceFacts> {
    return namespaceFacts(this.sandbox_, pid, type);
  }

  terminal(id: string): Terminal | undefined {
    return this.terminals.get(id);
  }

  private async replaceSandbox(): Promise<Result<void, WireError>> {
    const fresh = await this.reopenSandbox();
    if (!fresh.ok) return fresh;
    if (this.disposed) {
      await fresh.value.dispose();
      return err(wireError('not_found', 'this session has ended; reload the page to start a new one'));
    }
    for (const t of this.terminals.values()) t.dispose();
    this.terminals.clear();
    const old = this.sandbox_;
    this.sandbox_ = fresh.value;
    await old.dispose();
    return this.setUp();
  }

  /** Output checks look only at what a terminal printed since the current step began. */
  private outputSince(name: string): string {
    this.refreshStepMarks();
    const terminal = [...this.terminals.values()].find((t) => t.name === name);
    return terminal ? terminal.log.since(this.stepMarks.get(terminal.id) ?? 0) : '';
  }

  private refreshStepMarks(): void {
    const current = this.progress.current?.id ?? null;
    if (current === this.markedStep) return;
    this.markedStep = current;
    this.stepMarks = new Map([...this.terminals.values()].map((t) => [t.id, t.log.mark()]));
  }

  private emitProgress(checked: ProgressUpdate['checked']): void {
    this.refreshStepMarks();
    this.events?.progress({ ...this.progress.snapshot(), checked });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.checker.dispose();
    this.map.dispose();
    for (const t of this.terminals.values()) t.dispose();
    this.terminals.clear();
    await this.sandbox_.dispose();
  }
}
