// What follows a session's terminals as the learner works: the automatic step check, the namespace map and the explainer.
import { DisposableStore, type IDisposable } from '../../core/lifecycle';
import type { Explanation, MapUpdate } from '../../core/protocol';
import { Explainer } from '../explainer/explainer';
import type { Terminal, TerminalObserver } from '../terminals/terminal';
import { MapWatcher } from './map-watcher';
import { StepChecker, type StepCheckerDeps } from './step-checker';

export type SessionWatchersDeps = StepCheckerDeps & {
  sessionId: string;
  pushMap(update: MapUpdate): void;
  pushExplanation(explanation: Explanation): void;
  /** Told first when the learner presses Enter in a terminal (the session's activity clock, its exec log). */
  commandEntered(terminal: Terminal): void;
};

export class SessionWatchers implements IDisposable {
  /** Checks the current step on request, and by itself once a terminal goes quiet after Enter. */
  readonly checker: StepChecker;
  /** Keeps the namespace map current while a page shows it. */
  readonly map: MapWatcher;
  /** Recognises classic mistakes in what a terminal printed and explains them. */
  private readonly explainer: Explainer;
  private readonly store = new DisposableStore();

  /** For the session's terminals: every command and every output reaches each watcher. */
  readonly observer: TerminalObserver = {
    commandEntered: (terminal) => {
      this.deps.commandEntered(terminal);
      this.checker.commandEntered();
      this.map.activity();
      this.explainer.commandEntered(terminal);
    },
    output: (terminal) => {
      this.checker.output();
      this.map.activity();
      this.explainer.output(terminal);
    },
  };

  constructor(private readonly deps: SessionWatchersDeps) {
    this.checker = this.store.add(new StepChecker(deps));
    this.map = this.store.add(
      new MapWatcher(
        deps.sessionId,
        () => deps.sandbox(),
        (update) => deps.pushMap(update),
      ),
    );
    this.explainer = this.store.add(
      new Explainer({ sessionId: deps.sessionId, sandbox: () => deps.sandbox(), terminalTitle: (name) => deps.terminalTitle(name), push: (explanation) => deps.pushExplanation(explanation) }),
    );
  }

  /** A terminal was closed: the explainer stops following it. */
  forget(terminal: Terminal): void {
    this.explainer.forget(terminal.id);
  }

  dispose(): void {
    this.store.dispose();
  }
}
