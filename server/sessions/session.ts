// One learner working on one lesson: a sandbox, the terminals joined to it, the lesson's progress, and who is watching.
import { DisposableStore } from '../../core/lifecycle';
import type { NamespaceType } from '../../core/namespaces';
import { err, ok, type Result } from '../../core/result';
import { wireError, type LessonProgress, type NamespaceFacts, type PredictionRunsUpdate, type ProgressUpdate, type SessionTerminal, type TimelineUpdate, type WireError } from '../../core/protocol';
import type { Lesson } from '../../core/lesson/schema';
import type { Sandbox, TerminalSize } from '../machine/machine';
import { namespaceFacts } from '../probe/namespace-facts';
import type { Terminal, TerminalSink } from '../terminals/terminal';
import { CheckHistory } from './check-history';
import { ExecLog } from './exec-log';
import { StepWindow } from './step-window';
import { SyscallTimeline } from './syscall-timeline';
import { PredictionRuns } from './prediction-runs';
import { FORGETFUL, ProgressTracker, type ProgressMemory } from './lesson-progress';
import { runLessonSetup } from './lesson-setup';
import { SessionPages, type SessionEvents } from './session-pages';
import { SessionWatchers } from './session-watchers';
import { TerminalFollowers } from './terminal-followers';
import { TerminalSet } from './terminal-set';

export { newId } from './ids';
export type { SessionEvents };

/** The size a shell started with its session has until its page says its own (the classic 80×24). */
export const EARLY_SHELL_SIZE: TerminalSize = { cols: 80, rows: 24 };

const ENDED = 'this session has ended; reload the page to start a new one';

export class Session {
  readonly terminals: TerminalSet;
  /** Failed checks and time on the current step, for the instructor's dashboard. */
  readonly checks: CheckHistory;
  private readonly progress: ProgressTracker;
  /** The step checker, the namespace map and the explainer, told of everything the terminals do. */
  private readonly watchers: SessionWatchers;
  /** What the terminals started, as the machine's tracer saw it (for checks of actions that leave no state). */
  private readonly execLog: ExecLog;
  /** The namespace-related system calls of the terminals' processes, for the timeline beside the map. */
  private readonly timeline: SyscallTimeline;
  /** When the learner ran what the current step's prediction is about, so the page can set the prediction beside it. */
  readonly predictionRuns: PredictionRuns;
  /** The three above, told of the sandbox, each shell's start and each command. */
  private readonly followers: TerminalFollowers;
  /** What happened since the current step began, for checks: output, and programs started. */
  private readonly sinceStep: StepWindow;
  private readonly pages = new SessionPages();
  /** The terminals, the exec log and the watchers; the sandbox, which must be awaited, is let go after them. */
  private readonly store = new DisposableStore();
  /** Last time the learner did something here: typed, attached, checked (ms since the epoch). */
  lastActivityAt = Date.now();

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly lesson: Lesson,
    private sandbox_: Sandbox,
    maxTerminals: number,
    /** Opens a fresh sandbox for this session: after the old one ended (e.g. `kill -9 -1`), or on reset. */
    private readonly reopenSandbox: () => Promise<Result<Sandbox, WireError>>,
    /** The learner's remembered progress in this lesson: the session resumes from it and records every verdict to it. */
    memory: ProgressMemory = FORGETFUL,
  ) {
    this.progress = new ProgressTracker(id, lesson, memory);
    this.checks = new CheckHistory(this.progress.current?.id ?? null);
    this.watchers = new SessionWatchers({
      sessionId: id,
      sandbox: () => this.sandbox_,
      outputSince: (name) => this.sinceStep.outputSince(name),
      execsSince: () => this.sinceStep.execsSince(),
      terminalTitle: (name) => this.terminalTitle(name),
      defaultTerminal: lesson.terminals[0]!.name,
      currentStep: () => this.progress.current,
      onAutomaticVerdict: (step, verdict) => {
        // Automatic checks only ever move the learner forward; a failure is theirs to ask about.
        if (!verdict.passed) return;
        this.progress.record(step.id, verdict, true);
        this.checks.focus(this.progress.current?.id ?? null);
        this.emitProgress({ stepId: step.id, automatic: true });
      },
      pushMap: (update) => this.pages.emit((e) => e.map(update)),
      pushExplanation: (explanation) => this.pages.emit((e) => e.explain(explanation)),
      commandEntered: (terminal) => {
        this.touch();
        this.followers.commandEntered(terminal.name);
      },
    });
    this.terminals = this.store.add(new TerminalSet(lesson.terminals, maxTerminals, this.watchers.observer, (terminal) => this.watchers.forget(terminal)));
    this.execLog = this.store.add(new ExecLog());
    const terminalTitle = (name: string) => this.terminalTitle(name);
    const pushRuns = (u: PredictionRunsUpdate) => this.pages.emit((e) => e.predictionRuns?.(u));
    this.predictionRuns = this.store.add(new PredictionRuns({ sessionId: id, currentStep: () => this.progress.current, defaultTerminal: lesson.terminals[0]!.name, terminalTitle, push: pushRuns }));
    // The current step's watched call, once on the timeline, is what its prediction is about.
    const pushTimeline = (u: TimelineUpdate) => (this.predictionRuns.timeline(u), this.pages.emit((e) => e.timeline?.(u)));
    this.timeline = this.store.add(new SyscallTimeline({ sessionId: id, terminalTitle, push: pushTimeline }));
    this.followers = new TerminalFollowers([this.execLog, this.timeline, this.predictionRuns]);
    this.followers.watch(sandbox_);
    this.store.add(this.watchers);
    this.sinceStep = new StepWindow(() => this.progress.current?.id ?? null, this.terminals, this.execLog);
  }

  /** The title a learner sees on a terminal's tab ("Terminal 2"), never its internal name. */
  terminalTitle(name: string): string {
    return this.terminalSlots().find((t) => t.name === name)?.title ?? this.lesson.terminals.find((t) => t.name === name)?.title ?? 'another terminal';
  }

  get sandbox(): Sandbox {
    return this.sandbox_;
  }

  get isAttached(): boolean {
    return this.pages.isAttached;
  }

  touch(): void {
    this.lastActivityAt = Date.now();
  }

  attachPage(pageId: string, events: SessionEvents): void {
    this.pages.attach(pageId, events);
    events.timeline?.(this.timeline.replay());
    events.predictionRuns?.(this.predictionRuns.replay());
    this.touch();
  }

  detachPage(pageId: string): void {
    this.pages.detach(pageId);
    this.watchers.map.setVisible(this.pages.mapVisible);
  }

  /** Runs the lesson's setup commands in the sandbox (before step 1, and again in a fresh sandbox). */
  setUp(): Promise<Result<void, WireError>> {
    return runLessonSetup(this.sandbox_, this.lesson);
  }

  terminalSlots(): SessionTerminal[] {
    return this.terminals.slots();
  }

  progressSnapshot(): LessonProgress {
    return this.progress.snapshot();
  }

  async checkStep(stepId: string): Promise<Result<LessonProgress, WireError>> {
    const step = this.progress.step(stepId);
    if (!step) return err(wireError('not_found', `lesson "${this.lesson.slug}" has no step "${stepId}"`));
    this.touch();
    const verdict = await this.watchers.checker.check(step);
    this.progress.record(stepId, verdict);
    this.checks.record(stepId, verdict.passed, verdict.reason, this.progress.current?.id ?? null);
    this.emitProgress({ stepId, automatic: false });
    return ok(this.progress.snapshot());
  }

  /** Forgets the lesson's progress in this session (the store was cleared by the caller) and tells the pages. */
  resetProgress(): void {
    this.progress.clear();
    this.checks.focus(this.progress.current?.id ?? null);
    this.sinceStep.refresh();
    this.predictionRuns.forget();
    const update: ProgressUpdate = { ...this.progress.snapshot(), checked: null, reset: true };
    this.pages.emit((e) => e.progress(update));
  }

  /** `revived` tells that the sandbox had ended and a fresh one was started for this terminal. */
  async openTerminal(name: string, size: TerminalSize, sinkFor: (terminalId: string) => TerminalSink): Promise<Result<{ terminal: Terminal; revived: boolean }, WireError>> {
    if (this.disposed) return err(wireError('not_found', ENDED));
    // The shell started with the session: the page gets it, with all it printed so far.
    const early = this.sandbox_.ended ? undefined : this.terminals.pristine(name);
    if (early) {
      early.resize(size.cols, size.rows);
      if (early.adopt(sinkFor(early.id))) {
        this.touch();
        return ok({ terminal: early, revived: false });
      }
    }
    let revived = false;
    if (this.sandbox_.ended) {
      const fresh = await this.replaceSandbox();
      if (!fresh.ok) return fresh;
      revived = true;
    }
    const terminal = this.spawnTerminal(name, size);
    if (!terminal.ok) return terminal;
    // Attached in the same turn as the spawn: no output can have been missed.
    await terminal.value.attach(sinkFor(terminal.value.id), 0);
    this.touch();
    return ok({ terminal: terminal.value, revived });
  }

  /**
   * Starts the lesson's first shell now, at a default size, for the page that opened the session:
   * its `terminal:open` then adopts it (resized to the page's terminal) instead of starting one,
   * so the shell starts up while the reply travels and the page sets up. Nothing happens when a
   * shell of that name runs already; a failure here is the page's to meet at `terminal:open`.
   */
  startFirstShell(): void {
    const name = this.lesson.terminals[0]!.name;
    if (this.disposed || this.sandbox_.ended || this.terminals.byName(name)) return;
    this.spawnTerminal(name, EARLY_SHELL_SIZE);
  }

  private spawnTerminal(name: string, size: TerminalSize): Result<Terminal, WireError> {
    const terminal = this.terminals.spawn(this.sandbox_, name, size);
    if (terminal.ok) this.followers.terminalStarted(name, terminal.value.pid);
    return terminal;
  }

  /** Destroys the sandbox and starts a fresh one with the lesson's setup; progress is kept. */
  async reset(): Promise<Result<void, WireError>> {
    if (this.disposed) return err(wireError('not_found', ENDED));
    this.touch();
    return this.replaceSandbox();
  }

  watchMap(pageId: string, visible: boolean): void {
    this.pages.showsMap(pageId, visible);
    this.watchers.map.setVisible(this.pages.mapVisible);
  }

  namespaceFacts(pid: number, type: NamespaceType): Promise<NamespaceFacts> {
    return namespaceFacts(this.sandbox_, pid, type);
  }

  warnIdle(secondsLeft: number): void {
    this.pages.emit((e) => e.idleWarning(secondsLeft));
  }

  private async replaceSandbox(): Promise<Result<void, WireError>> {
    const fresh = await this.reopenSandbox();
    if (!fresh.ok) return fresh;
    if (this.disposed) {
      await fresh.value.dispose();
      return err(wireError('not_found', ENDED));
    }
    this.terminals.closeAll();
    const old = this.sandbox_;
    this.sandbox_ = fresh.value;
    this.followers.watch(fresh.value);
    await old.dispose();
    return this.setUp();
  }

  private emitProgress(checked: ProgressUpdate['checked']): void {
    this.sinceStep.refresh();
    const update = { ...this.progress.snapshot(), checked };
    this.pages.emit((e) => e.progress(update));
  }

  private get disposed(): boolean {
    return this.store.isDisposed;
  }

  /**
   * Ends the session: `reason` is shown to pages still attached (idle, ended by an instructor…).
   * Async: it resolves once the sandbox's processes are gone. Safe to call twice.
   */
  async dispose(reason?: string): Promise<void> {
    if (this.disposed) return;
    this.pages.end(reason);
    this.store.dispose();
    await this.sandbox_.dispose();
  }
}
