// The sandbox's seccomp filter for this host, and a wrapper that loads it into a program joining the sandbox from outside.
import type { RunSpec } from '../run-captured';
import { isSeccompArch, PRCTL_NR, seccompProgram, type SeccompArch } from './seccomp-filter';

/** prctl(2) options (linux/prctl.h) and seccomp(2)'s filter mode (linux/seccomp.h). */
const PR_SET_NO_NEW_PRIVS = 38;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2;

export type HostSeccomp = { arch: SeccompArch; program: Buffer };

let host: HostSeccomp | string | undefined;

/** The filter for this host's architecture, or why there is none (made once). */
export function hostSeccomp(): HostSeccomp | string {
  host ??= isSeccompArch(process.arch)
    ? { arch: process.arch, program: seccompProgram(process.arch) }
    : `no seccomp filter for this host's architecture (${process.arch}); sandboxes run on x64 and arm64 hosts`;
  return host;
}

/**
 * A filter is inherited by children, never taken on by setns(2): bwrap loads it into the sandbox's
 * PID 1 (--seccomp), and every shell or program the lab joins to the sandbox (nsenter) must load it
 * itself, or a learner could ptrace such a process and make the calls through it. Perl (perl-base,
 * part of every Debian system) does it with two prctl(2) calls before exec, still on the host side, so
 * nothing inside the sandbox can replace the loader: no_new_privs (required to load a filter without
 * CAP_SYS_ADMIN, and what bwrap sets too), then the filter as a struct sock_fprog
 * (u16 length, padding, pointer to the instructions).
 */
export function withSeccomp(spec: RunSpec, seccomp: HostSeccomp): RunSpec {
  const prctl = PRCTL_NR[seccomp.arch];
  const loader = [
    'my ($hex, @cmd) = @ARGV; my $f = pack("H*", $hex);',
    `syscall(${prctl}, ${PR_SET_NO_NEW_PRIVS}, 1, 0, 0, 0) == 0 or die "nslab: no_new_privs: $!\\n";`,
    `syscall(${prctl}, ${PR_SET_SECCOMP}, ${SECCOMP_MODE_FILTER}, pack("S x6 P", length($f) / 8, $f), 0, 0) == 0 or die "nslab: seccomp: $!\\n";`,
    'exec { $cmd[0] } @cmd or die "nslab: $cmd[0]: $!\\n";',
  ].join(' ');
  return { ...spec, file: 'perl', args: ['-e', loader, '--', seccomp.program.toString('hex'), spec.file, ...spec.args] };
}
