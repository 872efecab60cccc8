// Works through a lesson over socket.io as a learner would: opens its terminals, types solutions, asks for checks.
import type { Lesson, LessonStep } from '../../core/lesson/schema';
import type { LessonProgress, SessionInfo } from '../../core/protocol';
import type { LabClient } from './lab';
import { requestOk, stripAnsi } from './terminal-client';

/** A command has settled when its terminal printed nothing for this long (in milliseconds)… */
const SETTLE_QUIET_MS = 300;
/** …and shows a prompt, or after this long for programs that keep running (in milliseconds). */
const SETTLE_MAX_MS = 10_000;
const PROMPT = /[#$] $/;

type TerminalState = { id: string; text: string; lastOutputAt: number };

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
    for (const spec of session.terminals) {
      const { terminalId } = await requestOk(client, 'terminal:open', { sessionId: session.sessionId, name: spec.name, cols: 160, rows: 40 });
      const state = { id: terminalId, text: '', lastOutputAt: Date.now() };
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
    const name = this.terminalOf(step);
    for (const command of step.solution) {
      this.client.stream.input(this.terminals.get(name)!.id, `${command}\r`);
      await new Promise((r) => setTimeout(r, 50));
      await this.settle(name);
    }
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
    return stripAnsi(this.terminals.get(name)?.text ?? '').replace(/\r/g, '').slice(-3000);
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
