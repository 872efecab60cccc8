// The syscall tracer's output read back: records assembled from bpftrace's lines, whatever a learner put in the strings.
import type { NamespaceType } from '../../core/namespaces';
import { recordEnd, recordPart, recordStart, TRACED_CALLS, type TracedCall } from './syscall-program';

/** One completed call as the kernel reported it; pids are the host's, `vpid` the sandbox's (0: unknown). */
export type SyscallRecord = {
  call: TracedCall;
  pid: number;
  tid: number;
  ppid: number;
  uid: number;
  vpid: number;
  /** The return value: negative is -errno. */
  ret: number;
  /** Numeric arguments (flags, fd, key …; the program's a0-a2), as signed 64-bit values. */
  args: [bigint, bigint, bigint];
  /** String arguments (paths, a hostname, what was written; the program's s0-s2). */
  strings: [string, string, string];
  comm: string;
  /**
   * The namespaces the call is about, as inodes: the caller's once the call returned, or for clone and
   * clone3 the child's as it was created (pid and time: the ones children get; 0: not read).
   */
  ns: Record<NamespaceType, number>;
  /** When the record was read (ms since the epoch). */
  at: number;
};

/** The order of the namespace inodes in a record. */
const RECORD_NS = ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'time', 'user', 'pid'] as const satisfies readonly NamespaceType[];

/** Strings of a thread's call not followed by its record are dropped past this many threads (a probe that lost its record). */
const MAX_PENDING_THREADS = 1024;

/**
 * Assembles records from lines. Every line of the program starts with the nonce; a line that does not
 * continues the string before it (a learner's string held a newline). A string or record is complete
 * when its line ends with the end marker.
 */
export class SyscallRecords {
  private partial: string | null = null;
  private readonly strings = new Map<number, string[]>();
  private readonly start: string;
  private readonly part: string;
  private readonly end: string;

  constructor(
    private readonly nonce: string,
    private readonly onRecord: (record: SyscallRecord) => void,
  ) {
    this.start = recordStart(nonce);
    this.part = recordPart(nonce);
    this.end = recordEnd(nonce);
  }

  /** One line of bpftrace's output, without its newline. */
  line(line: string): void {
    if (line.startsWith(this.start) || line.startsWith(this.part)) this.partial = line;
    else if (this.partial !== null) this.partial += `\n${line}`;
    else return; // bpftrace's own chatter ("Attaching 29 probes...")
    if (!this.partial.endsWith(this.end)) return;
    const text = this.partial.slice(0, -this.end.length);
    this.partial = null;
    if (text.startsWith(this.part)) this.stringPart(text.slice(this.part.length));
    else this.record(text.slice(this.start.length));
  }

  private stringPart(text: string): void {
    const at = text.indexOf(this.nonce);
    const m = /^(\d+) ([0-3])$/.exec(at < 0 ? '' : text.slice(0, at));
    if (!m) return;
    const tid = Number(m[1]);
    const parts = this.strings.get(tid) ?? [];
    parts[Number(m[2])] = text.slice(at + this.nonce.length);
    this.strings.delete(tid);
    this.strings.set(tid, parts);
    if (this.strings.size > MAX_PENDING_THREADS) this.strings.delete(this.strings.keys().next().value!);
  }

  private record(text: string): void {
    const f = text.split(' ');
    if (f.length !== 18 || !f.every((x) => /^-?\d+$/.test(x))) return;
    const call = TRACED_CALLS[Number(f[0]) - 1];
    if (!call) return;
    const tid = Number(f[2]);
    const parts = this.strings.get(tid) ?? [];
    this.strings.delete(tid);
    const ns = {} as Record<NamespaceType, number>;
    RECORD_NS.forEach((t, i) => (ns[t] = Number(f[10 + i])));
    const signed = (x: string) => BigInt.asIntN(64, BigInt(x));
    this.onRecord({
      call,
      pid: Number(f[1]),
      tid,
      ppid: Number(f[3]),
      uid: Number(f[4]),
      vpid: Number(f[5]),
      ret: Number(f[6]),
      args: [signed(f[7]!), signed(f[8]!), signed(f[9]!)],
      strings: [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''],
      comm: parts[3] ?? '',
      ns,
      at: Date.now(),
    });
  }
}
