// Limits and placement of the per-learner sandboxes (sizes in bytes, counts in processes/sandboxes, CPU in CPUs).
import { availableParallelism } from 'node:os';
import { MIN_CPUS } from './sandbox/cgroups/cpu';

/** Size of each sandbox's user namespace map: uid/gid 0..65535 inside map to hostUid..hostUid+65535. */
export const UIDS_PER_SANDBOX = 65_536;

/** Highest host uid we may use + 1: uids >= 2^31 break tools that treat uid_t as signed. */
export const UID_LIMIT = 2 ** 31;

export type SandboxOptions = {
  /** Directory (absolute) for the sandbox machine's own files: the curated /etc snapshot. Created if missing. */
  dataDir: string;
  /** Most processes (and threads) one sandbox may run at once (cgroup pids.max). */
  pidsMax: number;
  /** Most memory one sandbox may use, tmpfs contents included (in bytes; cgroup memory limit, no swap). */
  memoryBytes: number;
  /**
   * Most CPU one sandbox may use (in CPUs, fractions allowed: 0.5 is half of one CPU's time; cgroup
   * cpu.cfs_quota_us / cpu.max). Every sandbox also has the same CPU weight, so busy sandboxes
   * share the CPUs evenly below the cap. Invariant: >= MIN_CPUS.
   */
  cpus: number;
  /** Size cap of each writable tmpfs in a sandbox: /root, /home, /tmp, /run, /var, /dev/shm (in bytes). */
  tmpfsBytes: number;
  /**
   * First host uid of the sandboxes' range: sandbox in slot s maps its uids 0..65535 to
   * uidBase + s*65536 ... Must not overlap real users or other tools' subordinate uid ranges.
   * Invariant: uidBase + maxSandboxes * UIDS_PER_SANDBOX <= UID_LIMIT.
   */
  uidBase: number;
  /** Most sandboxes open at once; also the number of uid slots. */
  maxSandboxes: number;
  /**
   * Sandboxes kept launched ahead of demand, so opening a session does not wait for bwrap (0: none).
   * They take free uid slots only: never more sandboxes than maxSandboxes in all.
   */
  warmSandboxes: number;
  /** Whether the syscall timeline's tracer (bpftrace) runs; false: the timeline says it is switched off. Default true. */
  syscallTracer?: boolean;
};

const MIB = 1024 * 1024;

/**
 * The default cap per sandbox: half of the host's CPUs, at least half a CPU. One learner's busy
 * loops can then never take more than half the machine, whatever the other learners do: the other
 * half stays for the lab server and for everyone else's commands, even before the equal weights
 * share what is left. A cap much lower would slow a learner alone on the machine for nothing
 * (lessons run single-threaded commands: one CPU covers them), and on a one-CPU machine half a
 * CPU keeps the other half for the server.
 */
export function defaultCpusPerSandbox(hostCpus: number = availableParallelism()): number {
  return Math.max(0.5, hostCpus / 2);
}

export const DEFAULT_SANDBOX_OPTIONS: Readonly<SandboxOptions> = {
  dataDir: 'data/sandbox',
  pidsMax: 128,
  memoryBytes: 256 * MIB,
  cpus: defaultCpusPerSandbox(),
  tmpfsBytes: 64 * MIB,
  // 0x70000000: above systemd's container uid range (0x00080000-0x6FFFFFFF) and the usual
  // /etc/subuid ranges (100000+), below 2^31; 250 sandboxes end at 0x70FA0000.
  uidBase: 0x7000_0000,
  maxSandboxes: 250,
  // None unless asked for (the server asks for NSLAB_WARM_SANDBOXES): a machine made for a test or a
  // script starts exactly the sandboxes it opens.
  warmSandboxes: 0,
};

/** Why these options cannot work, or undefined when they can. */
export function sandboxOptionsProblem(o: SandboxOptions): string | undefined {
  const positive = { pidsMax: o.pidsMax, memoryBytes: o.memoryBytes, tmpfsBytes: o.tmpfsBytes, maxSandboxes: o.maxSandboxes };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isSafeInteger(value) || value <= 0) return `sandbox option ${name} must be a positive integer (got ${value})`;
  }
  if (!Number.isFinite(o.cpus) || o.cpus < MIN_CPUS) return `sandbox option cpus must be a number of CPUs >= ${MIN_CPUS} (got ${o.cpus})`;
  if (!Number.isSafeInteger(o.warmSandboxes) || o.warmSandboxes < 0) return `sandbox option warmSandboxes must be a whole number >= 0 (got ${o.warmSandboxes})`;
  if (!Number.isSafeInteger(o.uidBase) || o.uidBase < UIDS_PER_SANDBOX) return `sandbox option uidBase must be an integer >= ${UIDS_PER_SANDBOX}`;
  if (o.uidBase + o.maxSandboxes * UIDS_PER_SANDBOX > UID_LIMIT) {
    return `sandbox uid range ${o.uidBase} + ${o.maxSandboxes} x ${UIDS_PER_SANDBOX} goes past ${UID_LIMIT}: lower uidBase or maxSandboxes`;
  }
  return undefined;
}
