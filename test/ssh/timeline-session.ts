// What the SSH timeline tests share: a session as the lab runs one (its sandbox, its timeline, terminals typed into), and this test's bpftraces on the machine.
import { execFileSync } from 'node:child_process';
import type { IPty } from 'node-pty';
import type { TimelineEntry, TimelineTracing, TimelineUpdate } from '../../core/protocol';
import type { Sandbox } from '../../server/machine/machine';
import { SyscallTimeline } from '../../server/sessions/syscall-timeline';
import { waitUntil } from '../support/wait';

/** How long a traced call may take to reach the timeline (in milliseconds): a busy test host gets more than the page's second. */
export const SEEN_WITHIN_MS = 15_000;

/** This test's bpftraces on the machine (the sshd runs on this host): found by the marker the ssh machine puts in their program. */
export function ourBpftraces(instance: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `^\\S*bpftrace .*nslab-trace ${instance}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** A session as the lab runs one: its sandbox, its timeline, and terminals typed into. */
export class Session {
  readonly entries: TimelineEntry[] = [];
  /** The tracer's states the pages were told, in order (one per change). */
  readonly tracingTold: TimelineTracing['state'][] = [];
  /** What each terminal printed. */
  readonly output = new Map<string, string>();
  readonly timeline: SyscallTimeline;
  private readonly shells: IPty[] = [];

  constructor(readonly sandbox: Sandbox) {
    this.timeline = new SyscallTimeline({ sessionId: sandbox.id, terminalTitle: (name) => `T:${name}`, push: (u) => this.told(u) });
    this.timeline.watch(sandbox);
  }

  /** As a page takes an update: a replay replaces what it showed. */
  private told(u: TimelineUpdate): void {
    if (u.replay) this.entries.length = 0;
    this.entries.push(...u.entries);
    if (this.tracingTold.at(-1) !== u.tracing.state) this.tracingTold.push(u.tracing.state);
  }

  terminal(name: string): (command: string) => void {
    const shell = this.sandbox.spawnShell({ cols: 100, rows: 30 }, { NSLAB_TERMINAL: name });
    if (!shell.ok) throw new Error(shell.error.message);
    this.shells.push(shell.value);
    this.output.set(name, '');
    shell.value.onData((d) => this.output.set(name, this.output.get(name)! + d.toString()));
    this.timeline.terminalStarted(name, shell.value.pid);
    return (command) => {
      this.timeline.commandEntered(name);
      shell.value.write(`${command}\r`);
    };
  }

  async waitFor(text: RegExp): Promise<TimelineEntry> {
    const found = () => this.entries.find((e) => text.test(e.text));
    await waitUntil(
      () => found() !== undefined,
      () => `${text} in ${this.sandbox.id}'s timeline; saw: ${this.entries.map((e) => e.text).join(', ') || 'nothing'}`,
      SEEN_WITHIN_MS,
    );
    return found()!;
  }

  async dispose(): Promise<void> {
    this.timeline.dispose();
    await this.sandbox.dispose();
  }
}
