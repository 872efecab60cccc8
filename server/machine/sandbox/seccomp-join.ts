// The sandbox's seccomp filter for this host, and a wrapper that loads it into a program joining the sandbox from outside.
import { err, ok, type Result } from '../../../core/result';
import type { RunSpec } from '../run-captured';
import { isSeccompArch, PRCTL_NR, seccompProgram, type SeccompArch } from './seccomp-filter';

/** prctl(2) options (linux/prctl.h) and seccomp(2)'s filter mode (linux/seccomp.h). */
const PR_SET_NO_NEW_PRIVS = 38;
const PR_SET_SECCOMP = 22;
const SECCOMP_MODE_FILTER = 2;

export type HostSeccomp = { arch: SeccompArch; program: Buffer };

let host: Result<HostSeccomp, string> | undefined;

/** The filter for this host's architecture, or why there is none (made once). */
export function hostSeccomp(): Result<HostSeccomp, string> {
  host ??= isSeccompArch(process.arch)
    ? ok({ arch: process.arch, program: seccompProgram(process.arch) })
    : err(`no seccomp filter for this host's architecture (${process.arch}); sandboxes run on x64 and arm64 hosts`);
  return host;
}

/**
 * Perl that closes every open descriptor above `keep` (perl-base's POSIX). Node and node-pty leave some
 * descriptors without close-on-exec (a terminal's pty master among them), and a child inherits them:
 * a sandboxed process holding another learner's pty master could type into that learner's shell.
 */
export function closeInheritedFds(keep: number): string {
  return `use POSIX (); opendir(my $fds, "/proc/self/fd") or die "nslab: /proc/self/fd: $!\\n"; my @open = grep { /^\\d+$/ && $_ > ${keep} } readdir($fds); closedir($fds); POSIX::close($_) for @open;`;
}

/**
 * Loads a filter, then execs the rest of its arguments: perl (perl-base, part of every Debian system)
 * with $ARGV[0] = prctl(2)'s number on this architecture, $ARGV[1] = the program in hex. Two prctl
 * calls: no_new_privs (required to load a filter without CAP_SYS_ADMIN, and what bwrap sets too), then
 * the filter as a struct sock_fprog (u16 length, padding, pointer to the instructions).
 */
export const SECCOMP_LOADER = [
  'my ($prctl, $hex, @cmd) = @ARGV; my $f = pack("H*", $hex);',
  // Nothing but stdin, stdout and stderr goes in: the server's other descriptors (another learner's pty master!) must not.
  closeInheritedFds(2),
  `syscall($prctl, ${PR_SET_NO_NEW_PRIVS}, 1, 0, 0, 0) == 0 or die "nslab: no_new_privs: $!\n";`,
  `syscall($prctl, ${PR_SET_SECCOMP}, ${SECCOMP_MODE_FILTER}, pack("S x6 P", length($f) / 8, $f), 0, 0) == 0 or die "nslab: seccomp: $!\n";`,
  'exec { $cmd[0] } @cmd or die "nslab: $cmd[0]: $!\n";',
].join(' ');

/**
 * A filter is inherited by children, never taken on by setns(2): bwrap loads it into the sandbox's
 * PID 1 (--seccomp), and every shell or program the lab joins to the sandbox (nsenter) must load it
 * itself, or a learner could ptrace such a process and make the calls through it. The loader runs
 * still on the host side, so nothing inside the sandbox can replace it.
 */
export function withSeccomp(spec: RunSpec, seccomp: HostSeccomp): RunSpec {
  const args = ['-e', SECCOMP_LOADER, '--', String(PRCTL_NR[seccomp.arch]), seccomp.program.toString('hex'), spec.file, ...spec.args];
  return { ...spec, file: 'perl', args };
}

/** `uname -m` of each architecture we have a filter for. */
const UNAME: Record<SeccompArch, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** For a machine whose architecture we learn there (the ssh machine): one line per architecture, "<uname -m> <prctl number> <program in hex>". */
export function seccompTable(): string {
  return (['x64', 'arm64'] as const).map((arch) => `${UNAME[arch]} ${PRCTL_NR[arch]} ${seccompProgram(arch).toString('hex')}\n`).join('');
}
