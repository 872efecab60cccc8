// Where a tracer's bpftrace runs: this host (a child of the server), or a lab machine reached some other way (over SSH).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../core/result';

/** What a tracer's program needs to know of the host it runs on. */
export type HostFacts = {
  /** Whether the kernel describes its types (/sys/kernel/btf/vmlinux): the syscall program reads task structs through it. */
  btf: boolean;
  /** The pid namespace level bpftrace runs at (0: the initial one); the host's sandboxes are one below. */
  pidLevel: number;
  /** How the host is named in a reason ("the lab machine", "root@10.0.0.5:22"). */
  where: string;
};

export interface BpftraceHost {
  /** Looks the host over before bpftrace is started: what a program needs to know, or one line on why it cannot trace. */
  facts(): Result<HostFacts, string> | Promise<Result<HostFacts, string>>;
  /** How long bpftrace may take there to compile and attach its program (in milliseconds); by default the tracer's own limit. */
  readonly attachTimeoutMs?: number;
  /** Starts bpftrace with `program` (line-buffered); its stdout carries the program's lines, its stderr bpftrace's complaints. */
  spawn(program: string): ChildProcess;
  /** Asks a running bpftrace to stop; its probes detach as it exits. */
  stop(child: ChildProcess): void;
  /**
   * Where the server cannot read the host's /proc: each process of a uid in [firstUid, limitUid) with its
   * parent, as [pid, ppid] (the host's pids), or one line on why they could not be listed.
   */
  parents?(firstUid: number, limitUid: number): Promise<Result<[number, number][], string>>;
}

const BPFTRACE_PATHS = ['/usr/bin/bpftrace', '/usr/sbin/bpftrace', '/usr/local/bin/bpftrace'];

/** The server's own pid namespace level (0: the initial one). */
export function ownPidLevel(): number {
  try {
    const m = /^NSpid:\s+(.*)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? m[1]!.trim().split(/\s+/).length - 1 : 0;
  } catch {
    return 0; // no /proc: no sandboxes either
  }
}

/** bpftrace as a child of the server, on the server's own host. */
export const localBpftraceHost: BpftraceHost = {
  facts() {
    if (process.getuid?.() !== 0) return err('tracing needs the server to run as root');
    if (!BPFTRACE_PATHS.some((p) => existsSync(p))) return err('bpftrace is not installed on the lab machine (apt-get install bpftrace)');
    // Tracepoints are described under tracefs; systemd mounts it on a usual boot, containers often do not.
    if (!existsSync('/sys/kernel/tracing/events') && !existsSync('/sys/kernel/debug/tracing/events')) {
      spawnSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'], { stdio: 'ignore' });
    }
    return ok({ btf: existsSync('/sys/kernel/btf/vmlinux'), pidLevel: ownPidLevel(), where: 'the lab machine' });
  },
  spawn(program) {
    const bpftrace = BPFTRACE_PATHS.find((p) => existsSync(p)) ?? 'bpftrace';
    // setpriv --pdeathsig: bpftrace runs as root and outlives a server killed with SIGKILL otherwise.
    return spawn('setpriv', ['--pdeathsig', 'KILL', bpftrace, '-B', 'line', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  },
  stop(child) {
    child.kill('SIGTERM');
  },
};
