// The seccomp program, run by a small classic-BPF interpreter here: what it allows, denies and kills, on each architecture.
import { describe, expect, it } from 'vitest';
import { AUDIT_ARCH, BPF, deniedCalls, INSTRUCTION_BYTES, SECCOMP_RET, seccompInstructions, seccompProgram, X32_SYSCALL_BIT, type SeccompArch } from './seccomp-filter';

/** Runs the program's bytes on one struct seccomp_data (nr, arch; the rest zero) as the kernel would (net/core/filter.c). */
function run(program: Buffer, call: { nr: number; arch: number }): number {
  const data = Buffer.alloc(64);
  data.writeInt32LE(call.nr, 0);
  data.writeUInt32LE(call.arch >>> 0, 4);
  let a = 0;
  for (let pc = 0, steps = 0; steps < 4096; steps++) {
    if (pc * INSTRUCTION_BYTES >= program.length) throw new Error(`ran off the end at ${pc}`);
    const at = pc * INSTRUCTION_BYTES;
    const code = program.readUInt16LE(at);
    const jt = program.readUInt8(at + 2);
    const jf = program.readUInt8(at + 3);
    const k = program.readUInt32LE(at + 4);
    switch (code) {
      case BPF.LD_W_ABS:
        if (k % 4 !== 0 || k + 4 > 64) throw new Error(`bad load offset ${k}`);
        a = data.readUInt32LE(k);
        pc++;
        break;
      case BPF.JEQ_K:
        pc += 1 + (a === k ? jt : jf);
        break;
      case BPF.JGE_K:
        pc += 1 + (a >= k ? jt : jf);
        break;
      case BPF.RET_K:
        return k;
      default:
        throw new Error(`unknown opcode ${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('no return');
}

const errno = (e: number) => (SECCOMP_RET.ERRNO | e) >>> 0;
const EPERM = 1;
const ENOSYS = 38;

/** Numbers of calls every lesson uses, per architecture: read, write, openat, execve, clone, unshare, setns, mount, pivot_root, ptrace, sethostname. */
const NEEDED: Record<SeccompArch, number[]> = {
  x64: [0, 1, 257, 59, 56, 272, 308, 165, 155, 101, 170, 435],
  arm64: [63, 64, 56, 221, 220, 97, 268, 40, 41, 117, 161, 435],
};

describe.each(['x64', 'arm64'] as const)('the seccomp program for %s', (arch) => {
  const program = seccompProgram(arch);
  const call = (nr: number, a = AUDIT_ARCH[arch]) => run(program, { nr, arch: a });

  it('is whole struct sock_filter entries the kernel accepts (at most 4096), ending in returns', () => {
    expect(program.length % INSTRUCTION_BYTES).toBe(0);
    const count = program.length / INSTRUCTION_BYTES;
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThanOrEqual(4096);
    expect(seccompInstructions(arch).at(-1)?.code).toBe(BPF.RET_K);
  });

  it('allows the calls the lessons make', () => {
    for (const nr of NEEDED[arch]) expect(call(nr), `call ${nr}`).toBe(SECCOMP_RET.ALLOW);
  });

  it('denies io_uring, kernel AIO and the keyrings with ENOSYS, userfaultfd, perf_event_open, bpf and kexec with EPERM', () => {
    const byName = new Map(deniedCalls(arch).map((d) => [d.name, d.nr]));
    const expectDenied = (name: string, e: number) => expect(call(byName.get(name)!), name).toBe(errno(e));
    for (const name of ['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'io_setup', 'keyctl', 'add_key', 'request_key']) expectDenied(name, ENOSYS);
    for (const name of [
      'userfaultfd',
      'perf_event_open',
      'bpf',
      'kexec_load',
      'kexec_file_load',
      'init_module',
      'finit_module',
      'delete_module',
      'open_by_handle_at',
      'reboot',
      'syslog',
      'swapon',
      'acct',
    ]) {
      expectDenied(name, EPERM);
    }
  });

  it('answers every denied call with its own errno, and every other number below 1024 with allow', () => {
    const denied = new Map(deniedCalls(arch).map((d) => [d.nr, d.errno]));
    for (let nr = 0; nr < 1024; nr++) {
      expect(call(nr), `call ${nr}`).toBe(denied.has(nr) ? errno(denied.get(nr)!) : SECCOMP_RET.ALLOW);
    }
  });

  it('kills a call made in another architecture (32-bit compat), whatever its number', () => {
    const other = { x64: 0x40000003 /* i386 */, arm64: 0x40000028 /* arm */ }[arch];
    for (const nr of [0, 1, 11, 425]) expect(call(nr, other)).toBe(SECCOMP_RET.KILL_PROCESS);
  });
});

describe('on x64', () => {
  const program = seccompProgram('x64');
  it('kills x32 calls (numbers with the x32 bit), and lets -1 (a tracer skipping a call) through', () => {
    for (const nr of [0, 1, 59, 425]) expect(run(program, { nr: (X32_SYSCALL_BIT | nr) >>> 0, arch: AUDIT_ARCH.x64 })).toBe(SECCOMP_RET.KILL_PROCESS);
    expect(run(program, { nr: -1, arch: AUDIT_ARCH.x64 })).toBe(SECCOMP_RET.ALLOW);
  });

  it('denies the x86-only calls (iopl, ioperm), which arm64 does not have', () => {
    expect(run(program, { nr: 172, arch: AUDIT_ARCH.x64 })).toBe(errno(EPERM));
    expect(run(program, { nr: 173, arch: AUDIT_ARCH.x64 })).toBe(errno(EPERM));
    expect(deniedCalls('arm64').map((d) => d.name)).not.toContain('iopl');
  });
});
