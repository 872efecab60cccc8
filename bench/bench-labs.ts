// The lab servers one benchmark run starts: started as `npm start` runs them, stopped on the way out (also when the run is interrupted), and checked for sandboxes left behind.
import { startLabProcess, type LabProcess, type UidRange } from '../test/support/lab-process';
import { bootTicks, pidsInUidRange, startTicks } from './proc-memory';

export class BenchLabs {
  /** Servers still running, stopped when the benchmark is interrupted or fails. */
  private readonly running = new Set<{ stop(): Promise<unknown> }>();
  /**
   * The uid ranges of every sandbox server started, with the moment (ticks since boot) its server
   * exited: checked for leftovers at the end. Another lab on the host may claim the range after
   * that, so only processes that started before it count.
   */
  private readonly usedRanges: { range: UidRange; exitedAt: number }[] = [];
  /** What went wrong when a server stopped; printed after the table, since the figures still stand. */
  readonly problems: string[] = [];

  constructor(
    /** Every server's environment (NSLAB_MAX_SESSIONS, …). */
    private readonly env: Record<string, string>,
    /** Flags for the servers' node after `npm start`'s own (BENCH_CPU_PROF_DIR, BENCH_NODE_FLAGS). */
    private readonly nodeFlags: string[],
  ) {}

  /** A server without the web app on port 0, `env` over the run's. */
  async start(machine: 'sandbox' | 'host', env: Record<string, string> = {}): Promise<LabProcess> {
    const lab = await startLabProcess({ ...this.env, ...env, NSLAB_MACHINE: machine }, { args: ['--api-only'], nodeFlags: this.nodeFlags });
    this.track(lab);
    return lab;
  }

  /** Servers and other processes a measure starts and stops itself: stopped here too if the run is interrupted. */
  track(server: { stop(): Promise<unknown>; uidRange?: UidRange | null; child?: LabProcess['child'] }): void {
    this.running.add(server);
    const range = server.uidRange;
    if (range && server.child) {
      const used = { range, exitedAt: Number.POSITIVE_INFINITY };
      this.usedRanges.push(used);
      server.child.once('exit', () => (used.exitedAt = bootTicks()));
    }
  }

  untrack(server: { stop(): Promise<unknown> }): void {
    this.running.delete(server);
  }

  async stop(lab: LabProcess): Promise<void> {
    this.running.delete(lab);
    const problem = await lab.stop();
    if (problem) this.problems.push(problem);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((server) => server.stop()));
  }

  /** Sandbox processes of any server started, still there 5 s after they all stopped (none expected). */
  async leftovers(): Promise<number[]> {
    const find = () => this.usedRanges.flatMap(({ range, exitedAt }) => pidsInUidRange(range).filter((pid) => (startTicks(pid) ?? exitedAt) < exitedAt));
    for (let i = 0; i < 50; i++) {
      if (find().length === 0) return [];
      await new Promise((r) => setTimeout(r, 100));
    }
    return find();
  }
}
