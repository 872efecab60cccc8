// The sandboxes' seccomp filter: a classic-BPF program, made here at start (no compiler, no libseccomp), denying what no lesson needs.

/** Host architectures we have syscall numbers for, as Node names them (process.arch). */
export type SeccompArch = 'x64' | 'arm64';

/** How a denied call fails: EPERM as for a missing privilege; ENOSYS where programs fall back as on a kernel without it. */
type Denial = 'EPERM' | 'ENOSYS';

const ERRNO: Record<Denial, number> = { EPERM: 1, ENOSYS: 38 };

/**
 * What the sandbox refuses, with each call's number per architecture (x64: arch/x86/entry/syscalls/
 * syscall_64.tbl; arm64 uses the generic table, include/uapi/asm-generic/unistd.h). No lesson needs
 * any of them; most are refused anyway to root in a user namespace, and the filter keeps it so
 * should a kernel bug say otherwise. The list follows Docker's default profile (moby
 * profiles/seccomp/default.json), minus the namespace calls the lessons are about (unshare, setns,
 * clone, mount, pivot_root) and ptrace (strace is one of the learners' tools).
 */
const DENIED: readonly { name: string; x64?: number; arm64?: number; denial: Denial }[] = [
  // Large kernel attack surface, reachable without privilege.
  { name: 'io_uring_setup', x64: 425, arm64: 425, denial: 'ENOSYS' },
  { name: 'io_uring_enter', x64: 426, arm64: 426, denial: 'ENOSYS' },
  { name: 'io_uring_register', x64: 427, arm64: 427, denial: 'ENOSYS' },
  { name: 'userfaultfd', x64: 323, arm64: 282, denial: 'EPERM' },
  // Kernel AIO contexts come from one host-wide table (fs.aio-max-nr): four io_setup calls in one
  // sandbox took all 65,536 and left none for anyone else. Programs fall back to threads on ENOSYS.
  { name: 'io_setup', x64: 206, arm64: 0, denial: 'ENOSYS' },
  { name: 'bpf', x64: 321, arm64: 280, denial: 'EPERM' },
  // All of it: system-wide (pid -1) events as well as a process's own; no lesson profiles.
  { name: 'perf_event_open', x64: 298, arm64: 241, denial: 'EPERM' },
  // The kernel keyrings are shared across the host; PAM's pam_keyinit treats ENOSYS as "no keyrings".
  { name: 'keyctl', x64: 250, arm64: 219, denial: 'ENOSYS' },
  { name: 'add_key', x64: 248, arm64: 217, denial: 'ENOSYS' },
  { name: 'request_key', x64: 249, arm64: 218, denial: 'ENOSYS' },
  // The machine itself: kernels, modules, swap, accounting, the log, rebooting, raw I/O ports.
  { name: 'kexec_load', x64: 246, arm64: 104, denial: 'EPERM' },
  { name: 'kexec_file_load', x64: 320, arm64: 294, denial: 'EPERM' },
  { name: 'init_module', x64: 175, arm64: 105, denial: 'EPERM' },
  { name: 'finit_module', x64: 313, arm64: 273, denial: 'EPERM' },
  { name: 'delete_module', x64: 176, arm64: 106, denial: 'EPERM' },
  { name: 'create_module', x64: 174, denial: 'ENOSYS' },
  { name: 'get_kernel_syms', x64: 177, denial: 'ENOSYS' },
  { name: 'query_module', x64: 178, denial: 'ENOSYS' },
  { name: 'swapon', x64: 167, arm64: 224, denial: 'EPERM' },
  { name: 'swapoff', x64: 168, arm64: 225, denial: 'EPERM' },
  { name: 'acct', x64: 163, arm64: 89, denial: 'EPERM' },
  { name: 'syslog', x64: 103, arm64: 116, denial: 'EPERM' },
  { name: 'reboot', x64: 169, arm64: 142, denial: 'EPERM' },
  { name: 'iopl', x64: 172, denial: 'EPERM' },
  { name: 'ioperm', x64: 173, denial: 'EPERM' },
  { name: 'quotactl', x64: 179, arm64: 60, denial: 'EPERM' },
  { name: 'quotactl_fd', x64: 443, arm64: 443, denial: 'EPERM' },
  // Files by handle, past the mount namespace (the "shocker" escape).
  { name: 'open_by_handle_at', x64: 304, arm64: 265, denial: 'EPERM' },
  // Obsolete calls nothing uses.
  { name: 'lookup_dcookie', x64: 212, arm64: 18, denial: 'ENOSYS' },
  { name: 'nfsservctl', x64: 180, arm64: 42, denial: 'ENOSYS' },
  { name: 'uselib', x64: 134, denial: 'ENOSYS' },
  { name: '_sysctl', x64: 156, denial: 'ENOSYS' },
];

/** seccomp_data.arch values (linux/audit.h): EM_* | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. */
export const AUDIT_ARCH: Record<SeccompArch, number> = { x64: 0xc000003e, arm64: 0xc00000b7 };
/** x32 system calls are x86_64 calls with this bit set in their number (__X32_SYSCALL_BIT). */
export const X32_SYSCALL_BIT = 0x40000000;
/** prctl(2)'s number, for the loader of joined programs (seccomp-join.ts). */
export const PRCTL_NR: Record<SeccompArch, number> = { x64: 157, arm64: 167 };

/** Return values (linux/seccomp.h); an errno goes in the low 16 bits of SECCOMP_RET_ERRNO. */
export const SECCOMP_RET = { KILL_PROCESS: 0x80000000, ERRNO: 0x00050000, ALLOW: 0x7fff0000 } as const;
/** Offsets in struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]. */
const DATA_NR = 0;
const DATA_ARCH = 4;

/** Classic BPF opcodes (linux/bpf_common.h): load word absolute, jump if equal / greater or equal (unsigned), return. */
export const BPF = { LD_W_ABS: 0x20, JEQ_K: 0x15, JGE_K: 0x35, RET_K: 0x06 } as const;

/** One struct sock_filter: u16 code, u8 jt, u8 jf, u32 k; jt and jf skip that many instructions. */
export type Instruction = { code: number; jt: number; jf: number; k: number };

/** Bytes per struct sock_filter. */
export const INSTRUCTION_BYTES = 8;

export function isSeccompArch(arch: string): arch is SeccompArch {
  return arch === 'x64' || arch === 'arm64';
}

/** The denied calls of one architecture: name, number, errno. */
export function deniedCalls(arch: SeccompArch): { name: string; nr: number; errno: number }[] {
  return DENIED.flatMap((d) => (d[arch] === undefined ? [] : [{ name: d.name, nr: d[arch], errno: ERRNO[d.denial] }]));
}

/**
 * The program: a call of another architecture (32-bit compat, arm32) or x32 kills the process, as
 * libseccomp's default for a foreign architecture does (their numbers mean other calls); each denied
 * call fails with its errno; everything else is allowed.
 */
export function seccompInstructions(arch: SeccompArch): Instruction[] {
  const ld = (k: number): Instruction => ({ code: BPF.LD_W_ABS, jt: 0, jf: 0, k });
  const ret = (k: number): Instruction => ({ code: BPF.RET_K, jt: 0, jf: 0, k });
  const denied = deniedCalls(arch);
  const errnos = [...new Set(denied.map((d) => d.errno))];
  const head: Instruction[] = [
    ld(DATA_ARCH),
    { code: BPF.JEQ_K, jt: 1, jf: 0, k: AUDIT_ARCH[arch] },
    ret(SECCOMP_RET.KILL_PROCESS),
    ld(DATA_NR),
    // x32's numbers; not -1, which a tracer sets to skip a call (libseccomp lets it through too).
    ...(arch === 'x64' ? [{ code: BPF.JGE_K, jt: 0, jf: 2, k: X32_SYSCALL_BIT }, { code: BPF.JEQ_K, jt: 1, jf: 0, k: 0xffffffff }, ret(SECCOMP_RET.KILL_PROCESS)] : []),
  ];
  // After the checks: ALLOW, then one return per errno. A check at index i jumps to its errno's return.
  const checksEnd = head.length + denied.length;
  const checks = denied.map((d, i): Instruction => {
    const target = checksEnd + 1 + errnos.indexOf(d.errno);
    const jt = target - (head.length + i) - 1;
    if (jt > 255) throw new Error('seccomp filter: too many denied calls for one jump');
    return { code: BPF.JEQ_K, jt, jf: 0, k: d.nr };
  });
  return [...head, ...checks, ret(SECCOMP_RET.ALLOW), ...errnos.map((e) => ret(SECCOMP_RET.ERRNO | e))];
}

/** The program as bwrap's --seccomp and prctl(PR_SET_SECCOMP) take it: struct sock_filter[], host byte order (little-endian on both arches). */
export function seccompProgram(arch: SeccompArch): Buffer {
  const instructions = seccompInstructions(arch);
  const bytes = Buffer.alloc(instructions.length * INSTRUCTION_BYTES);
  instructions.forEach((ins, i) => {
    const at = i * INSTRUCTION_BYTES;
    bytes.writeUInt16LE(ins.code, at);
    bytes.writeUInt8(ins.jt, at + 2);
    bytes.writeUInt8(ins.jf, at + 3);
    bytes.writeUInt32LE(ins.k >>> 0, at + 4);
  });
  return bytes;
}
