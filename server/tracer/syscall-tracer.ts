// One host-side eBPF tracer per lab machine (bpftrace) for the namespace-related system calls of its sandboxes, routed by uid.
import { randomBytes } from 'node:crypto';
import { BpftraceTracer } from './bpftrace-tracer';
import { syscallProgram } from './syscall-program';
import { SyscallRecords, type SyscallRecord } from './syscall-record';

export type SyscallListener = (record: SyscallRecord) => void;

export class SyscallTracer extends BpftraceTracer<SyscallRecord> {
  /** Starts tracing the calls of host uids in [firstUid, limitUid); never throws: a host that cannot trace gives an unavailable tracer. */
  static start(firstUid: number, limitUid: number): SyscallTracer {
    return new SyscallTracer((host) => {
      if (!host.btf) return { why: 'the kernel has no BTF (/sys/kernel/btf/vmlinux), which the tracer reads' };
      // Every record is framed by this run's nonce, so text a learner prints (a hostname with a newline) cannot pass for one.
      const nonce = randomBytes(9).toString('base64url');
      return {
        program: syscallProgram({ firstUid, limitUid, sandboxPidLevel: host.pidLevel + 1, nonce }),
        reader: (emit) => {
          const records = new SyscallRecords(nonce, emit);
          return (line) => records.line(line);
        },
      };
    });
  }

  /** A tracer switched off by configuration: unavailable for `why`, starts no bpftrace. */
  static off(why: string): SyscallTracer {
    return new SyscallTracer(() => ({ why }), why);
  }
}
