// The syscall tracer for a lab machine whose /proc the server cannot read (over SSH): the same records, plus its sandboxes' forks, so a caller's ancestry is known.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { BpftraceTracer } from './bpftrace-tracer';
import type { BpftraceHost } from './bpftrace-host';
import { recordEnd, syscallProgram } from './syscall-program';
import { SyscallRecords, type SyscallRecord } from './syscall-record';

/** Child → parent pairs remembered before the oldest are forgotten (a loop of `unshare true` forks once a round). */
const MAX_LINEAGE_PIDS = 16_384;

/** Who forked whom among the sandboxes' processes, as the machine's tracer saw it (pids are the machine's). */
export class Lineage {
  private readonly parents = new Map<number, number>();

  forked(parent: number, child: number): void {
    // A reused pid is a new process: its entry moves to the newest end.
    this.parents.delete(child);
    this.parents.set(child, parent);
    if (this.parents.size > MAX_LINEAGE_PIDS) this.parents.delete(this.parents.keys().next().value!);
  }

  /** A parent known from the process table, not from a fork: it never replaces a fork seen since (the pid may be reused by now). */
  listed(parent: number, child: number): void {
    if (!this.parents.has(child)) this.forked(parent, child);
  }

  parentOf(pid: number): number | null {
    return this.parents.get(pid) ?? null;
  }
}

/** The line the program prints for a fork (after the nonce): "F <parent tgid> <child pid>". */
const forkLine = (nonce: string) => `${nonce} F `;

/**
 * Forks are printed only for the sandboxes' uids, framed by the nonce like every record, so a learner
 * cannot forge one. `marker` goes into the program as a comment: it names this lab's bpftrace in the
 * machine's process list (tests and operators find it with `pgrep -f`).
 */
export function remoteProgram(o: Parameters<typeof syscallProgram>[0] & { marker: string }): string {
  return `// ${o.marker}
${syscallProgram(o)}
tracepoint:sched:sched_process_fork /uid >= ${o.firstUid} && uid < ${o.limitUid}/ { printf("${forkLine(o.nonce)}%d %d${recordEnd(o.nonce)}\\n", pid, args->child_pid); }
`;
}

export class RemoteSyscallTracer extends BpftraceTracer<SyscallRecord> {
  private constructor(
    host: BpftraceHost,
    plan: ConstructorParameters<typeof BpftraceTracer<SyscallRecord>>[0],
    private readonly lineage: Lineage,
    offWhy?: string,
    log?: Pick<Logger, 'info' | 'warn'>,
  ) {
    super(plan, offWhy, host, log);
  }

  /**
   * Starts tracing the calls (and forks) of the machine's uids in [firstUid, limitUid); never throws: a
   * machine that cannot trace gives an unavailable tracer. `log` hears of its problems (and its attach).
   */
  static start(host: BpftraceHost, firstUid: number, limitUid: number, marker: string, log?: Pick<Logger, 'info' | 'warn'>): RemoteSyscallTracer {
    const lineage = new Lineage();
    return new RemoteSyscallTracer(
      host,
      (facts) => {
        if (!facts.btf) return { why: `the kernel of ${facts.where} has no BTF (/sys/kernel/btf/vmlinux), which the tracer reads` };
        const nonce = randomBytes(9).toString('base64url');
        const fork = forkLine(nonce);
        const end = recordEnd(nonce);
        return {
          program: remoteProgram({ firstUid, limitUid, sandboxPidLevel: facts.pidLevel + 1, nonce, marker }),
          reader: (emit) => {
            const records = new SyscallRecords(nonce, emit);
            return (line) => {
              if (!line.startsWith(fork) || !line.endsWith(end)) return records.line(line);
              const m = /^(\d+) (\d+)$/.exec(line.slice(fork.length, -end.length));
              if (m) lineage.forked(Number(m[1]), Number(m[2]));
            };
          },
          // Processes started before bpftrace attached (a terminal's shell, on a machine slow to attach) forked
          // unseen: their parents come from the machine's process table, read once every probe is in place.
          attached: async () => {
            const listed = await host.parents?.(firstUid, limitUid);
            if (!listed) return;
            if (!listed.ok) return log?.warn(`the syscall tracer cannot tie calls of processes started before it attached to a terminal: ${listed.error}`);
            for (const [pid, ppid] of listed.value) lineage.listed(ppid, pid);
          },
        };
      },
      lineage,
      undefined,
      log,
    );
  }

  /** A tracer switched off by configuration: unavailable for `why`, starts nothing on the machine. */
  static off(host: BpftraceHost, why: string): RemoteSyscallTracer {
    return new RemoteSyscallTracer(host, () => ({ why }), new Lineage(), why);
  }

  /** The parent of a sandbox process (the machine's pid) that forked since the tracer attached; null when unknown. */
  parentOf(pid: number): number | null {
    return this.lineage.parentOf(pid);
  }
}
