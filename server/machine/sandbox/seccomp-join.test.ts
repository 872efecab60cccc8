// The loader that puts the seccomp filter on a joining program, run for real on this host, and the per-architecture table for ssh machines.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deniedCalls, seccompProgram } from './seccomp-filter';
import { hostSeccomp, seccompTable, withSeccomp } from './seccomp-join';

describe('withSeccomp', () => {
  const host = hostSeccomp();
  if (!host.ok) throw new Error(host.error);
  const seccomp = host.value;
  const nr = (name: string) => deniedCalls(seccomp.arch).find((d) => d.name === name)!.nr;
  /** A program printing each call's result: the number, or the errno's name. */
  const probe = `import ctypes, errno
libc = ctypes.CDLL(None, use_errno=True)
for nr, args in [(${nr('io_uring_setup')}, (1, None)), (${nr('keyctl')}, (0, -3, 0)), (${nr('perf_event_open')}, (None, -1, 0, -1, 0))]:
    r = libc.syscall(nr, *args)
    print(r if r >= 0 else errno.errorcode[ctypes.get_errno()])
`;

  it('runs the program it wraps, with its arguments, environment and input, under the filter', () => {
    const spec = withSeccomp({ file: 'python3', args: ['-c', probe], env: { PATH: '/usr/bin:/bin' } }, seccomp);
    expect(spec.file).toBe('perl');
    const run = spawnSync(spec.file, [...spec.args], { env: spec.env as NodeJS.ProcessEnv, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ENOSYS\nENOSYS\nEPERM\n');
    const status = withSeccomp({ file: 'sh', args: ['-c', 'grep ^NoNewPrivs: /proc/self/status; grep ^Seccomp: /proc/self/status; cat'], env: { PATH: '/usr/bin:/bin' } }, seccomp);
    const shown = spawnSync(status.file, [...status.args], { env: status.env as NodeJS.ProcessEnv, input: 'input passed\n', encoding: 'utf8' });
    expect(shown.stdout).toMatch(/^NoNewPrivs:\s+1\nSeccomp:\s+2\ninput passed\n$/);
  });

  it('says why when the program cannot be started', () => {
    const spec = withSeccomp({ file: '/no/such/program', args: [], env: { PATH: '/usr/bin:/bin' } }, seccomp);
    const run = spawnSync(spec.file, [...spec.args], { env: spec.env as NodeJS.ProcessEnv, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^nslab: \/no\/such\/program: No such file or directory/);
  });
});

describe('seccompTable', () => {
  it("has one line per architecture, named as `uname -m` says, with prctl's number and the program in hex", () => {
    const lines = seccompTable()
      .trimEnd()
      .split('\n')
      .map((l) => l.split(' '));
    expect(lines.map((l) => l.slice(0, 2))).toEqual([
      ['x86_64', '157'],
      ['aarch64', '167'],
    ]);
    expect(lines[0]![2]).toBe(seccompProgram('x64').toString('hex'));
    expect(lines[1]![2]).toBe(seccompProgram('arm64').toString('hex'));
  });
});
