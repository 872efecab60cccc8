// One host-side eBPF tracer per lab machine (bpftrace): every program the sandboxes start, routed to the sandbox whose uids ran it.
import { BpftraceTracer } from './bpftrace-tracer';
import type { NamespaceType } from '../../core/namespaces';
import { execProgram, TRACED_NS } from './exec-program';

/** An execve seen by the tracer; pids are the host's. */
export type ExecEvent = { pid: number; ppid: number; uid: number; comm: string; ns: Partial<Record<NamespaceType, number>>; at: number };
export type ExecListener = (event: ExecEvent) => void;

export type { TracerState } from './bpftrace-tracer';

export class ExecTracer extends BpftraceTracer<ExecEvent> {
  /** Starts tracing programs run by host uids in [firstUid, limitUid); never throws: a host that cannot trace gives an unavailable tracer. */
  static start(firstUid: number, limitUid: number): ExecTracer {
    return new ExecTracer(() => ({
      program: execProgram(firstUid, limitUid),
      reader: (emit) => (line) => {
        const event = parseExecLine(line);
        if (event) emit(event);
      },
    }));
  }
}

/** Parses "E pid ppid uid <8 inodes> comm"; null for anything else. */
export function parseExecLine(line: string): ExecEvent | null {
  const m = /^E (\d+) (\d+) (\d+) ((?:\d+ ){8})(.*)$/.exec(line);
  if (!m) return null;
  const inodes = m[4]!.trim().split(' ').map(Number);
  const ns: ExecEvent['ns'] = {};
  TRACED_NS.forEach((t, i) => (ns[t] = inodes[i]));
  return { pid: Number(m[1]), ppid: Number(m[2]), uid: Number(m[3]), comm: m[5]!, ns, at: Date.now() };
}
