// Works through a lesson over socket.io as a learner would: opens its terminals, types solutions, asks for checks.
import type { Lesson, LessonStep, StepWay } from '../../core/lesson/schema';
import type { LessonProgress, SessionInfo } from '../../core/protocol';
import type { LabClient } from './lab';
import { requestOk, stripAnsi } from './terminal-client';
import { waitUntil } from './wait';

/** A command has settled when its terminal printed nothing for this long (in milliseconds)… */
const SETTLE_QUIET_MS = 300;
/** …and shows a prompt, or after this long for programs that keep running (in milliseconds). */
const SETTLE_MAX_MS = 10_000;
const PROMPT = /[#$] $/;

/** One terminal as the runner sees it; `exited` once its shell ended (a learner's `exit` too many). */
type TerminalState = { id: string; text: string; lastOutputAt: number; exited: boolean };

export class LessonRunner {
  private constructor(
    readonly client: LabClient,
    readonly lesson: Lesson,
    readonly session: SessionInfo,
    private readonly terminals: Map<string, TerminalState>,
  ) {}

  static async start(client: LabClient, lesson: Lesson): Promise<LessonRunner> {
    const session = await requestOk(client, 'session:open', { lesson: lesson.slug });
    const terminals = new Map<string, TerminalState>();
    const byId = new Map<string, TerminalState>();
    client.stream.onOutput(({ terminalId, data }) => {
      const t = byId.get(terminalId);
      if (!t) return;
      t.text += Buffer.from(data).toString('utf8');
      t.lastOutputAt = Date.now();
      client.stream.ack(terminalId, data.byteLength);
    });
    client.stream.onExit(({ terminalId }) => {
      const t = byId.get(terminalId);
      if (t) t.exited = true;
    });
    for (const spec of session.terminals) {
      const { terminalId } = await requestOk(client, 'terminal:open', { sessionId: session.sessionId, name: spec.name, cols: 160, rows: 40 });
      const state = { id: terminalId, text: '', lastOutputAt: Date.now(), exited: false };
      terminals.set(spec.name, state);
      byId.set(terminalId, state);
    }
    const runner = new LessonRunner(client, lesson, session, terminals);
    for (const name of terminals.keys()) await runner.settle(name);
    return runner;
  }

  check(stepId: string): Promise<LessonProgress> {
    return requestOk(this.client, 'check:run', { sessionId: this.session.sessionId, stepId });
  }

  terminalOf(step: LessonStep): string {
    return step.terminal ?? this.session.terminals[0]!.name;
  }

  async runSolution(step: LessonStep): Promise<void> {
    for (const command of step.solution) await this.type(this.terminalOf(step), command);
  }

  /** Types one command and Enter into a terminal, and waits until it has settled (quiet, at a prompt). */
  async type(terminal: string, command: string): Promise<void> {
    const t = this.terminals.get(terminal);
    if (!t) throw new Error(`lesson "${this.lesson.slug}" has no terminal "${terminal}"`);
    // A terminal whose shell ended takes no more input, for the learner as here: the way's later commands do nothing.
    if (t.exited) return;
    const typedAt = Date.now();
    const before = t.text.length;
    this.client.stream.input(t.id, `${command}\r`);
    // The shell's echo of what was typed: until it arrives, the old prompt would look settled.
    await waitUntil(
      () => t.text.length > before && t.lastOutputAt >= typedAt,
      () => `terminal "${terminal}" to echo ${JSON.stringify(command)}`,
    );
    await this.settle(terminal);
  }

  /** Types a way of doing a step (its commands, each in its own terminal or the step's). */
  async runWay(step: LessonStep, way: StepWay): Promise<void> {
    for (const command of wayCommands(way)) await this.type(command.terminal ?? this.terminalOf(step), command.run);
  }

  /** The step's state now ('passed' once any check, automatic or asked for, passed) and the reason of a fresh check. */
  async judge(step: LessonStep): Promise<{ passed: boolean; reason: string }> {
    const progress = await this.check(step.id);
    const state = progress.steps.find((s) => s.id === step.id)!;
    return { passed: state.state === 'passed', reason: state.verdict?.reason ?? '' };
  }

  /**
   * Works through every step: its check must fail (with a reason) before its solution and pass
   * after it. Returns what went wrong, with the terminal's transcript; empty when all went well.
   */
  async runAllSteps(): Promise<string[]> {
    const problems: string[] = [];
    for (const step of this.lesson.steps) {
      const before = (await this.check(step.id)).steps.find((s) => s.id === step.id)!;
      if (before.state !== 'todo') problems.push(`step "${step.id}" passed before its solution: ${before.verdict?.reason}`);
      else if (!before.verdict?.reason) problems.push(`step "${step.id}" gave no reason for failing`);
      await this.runSolution(step);
      const after = (await this.check(step.id)).steps.find((s) => s.id === step.id)!;
      if (after.state !== 'passed') {
        problems.push(`step "${step.id}" failed after its solution: ${after.verdict?.reason}\n--- terminal "${this.terminalOf(step)}" ---\n${this.transcript(this.terminalOf(step))}`);
        break;
      }
    }
    return problems;
  }

  /** Ends the lesson's session (its sandbox and every process in it). */
  close(): Promise<null> {
    return requestOk(this.client, 'session:close', { sessionId: this.session.sessionId });
  }

  /** Everything a terminal printed, escape sequences removed: shown when a check fails. */
  transcript(name: string): string {
    return stripAnsi(this.terminals.get(name)?.text ?? '')
      .replace(/\r/g, '')
      .slice(-3000);
  }

  /** Everything every terminal printed, for a failure's report. */
  transcripts(): string {
    return [...this.terminals.keys()].map((name) => `--- terminal "${name}" ---\n${this.transcript(name)}`).join('\n');
  }

  private async settle(name: string): Promise<void> {
    const t = this.terminals.get(name)!;
    const start = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const quiet = Date.now() - t.lastOutputAt >= SETTLE_QUIET_MS;
      if (quiet && PROMPT.test(stripAnsi(t.text))) return;
      if (Date.now() - start > SETTLE_MAX_MS) return;
    }
  }
}

/** A way's commands, each with the terminal it names (or none: the step's own). */
export function wayCommands(way: StepWay): { terminal: string | null; run: string }[] {
  const commands = Array.isArray(way) ? way : way.run;
  return commands.map((c) => (typeof c === 'string' ? { terminal: null, run: c } : { terminal: c.terminal, run: c.run }));
}

/** A way in one line, for reports: "unshare --uts sh; hostname web1 (two: hostname)". */
export function describeWay(way: StepWay): string {
  const text = wayCommands(way)
    .map((c) => (c.terminal ? `[${c.terminal}] ${c.run}` : c.run))
    .join('; ');
  return Array.isArray(way) || !way.why ? text : `${text} — ${way.why}`;
}
