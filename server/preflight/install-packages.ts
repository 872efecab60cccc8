// Installs the Debian/Ubuntu packages the sandbox and its learners need when they are missing and we may (root, apt-get); otherwise says how.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../core/result';
import { SANDBOX_PATH } from '../machine/sandbox/etc-templates';

/**
 * Each program the lab machine needs, and the Debian/Ubuntu package that ships it (checked with
 * `dpkg -S` on Debian 12; preflight.test.ts checks it again wherever dpkg is present). The first
 * rows run the sandbox; the rest are what the lessons use and what a learner of namespaces types.
 */
export const REQUIRED_PROGRAMS = [
  { program: 'bwrap', pkg: 'bubblewrap' },
  { program: 'busybox', pkg: 'busybox-static' },
  { program: 'setpriv', pkg: 'util-linux' },
  { program: 'nsenter', pkg: 'util-linux' },
  { program: 'unshare', pkg: 'util-linux' },
  { program: 'lsns', pkg: 'util-linux' },
  { program: 'findmnt', pkg: 'util-linux' },
  { program: 'ipcmk', pkg: 'util-linux' },
  { program: 'ipcs', pkg: 'util-linux' },
  { program: 'ipcrm', pkg: 'util-linux' },
  { program: 'mount', pkg: 'mount' },
  { program: 'umount', pkg: 'mount' },
  { program: 'ip', pkg: 'iproute2' },
  { program: 'ss', pkg: 'iproute2' },
  { program: 'ps', pkg: 'procps' },
  { program: 'pgrep', pkg: 'procps' },
  { program: 'pkill', pkg: 'procps' },
  // The file, not the shell builtin: `nsenter … kill` and `ip netns exec … kill` execute it.
  { program: 'kill', pkg: 'procps' },
  { program: 'pstree', pkg: 'psmisc' },
  // Not busybox's: iputils' ping is what a learner on a Debian or Ubuntu host is used to.
  { program: 'ping', pkg: 'iputils-ping' },
  { program: 'hostname', pkg: 'hostname' },
  { program: 'domainname', pkg: 'hostname' },
  { program: 'chroot', pkg: 'coreutils' },
  { program: 'strace', pkg: 'strace' },
] as const;

/**
 * What the lab's exec tracer needs on a sandbox host: installed with the rest where we may, and only
 * a warning where we may not (the lab works without it; checks of actions that leave no state then
 * take the screen on trust, and say so).
 */
export const TRACING_PROGRAMS = [{ program: 'bpftrace', pkg: 'bpftrace' }] as const;

const onPath = (program: string, searchPath: string): boolean => searchPath.split(':').some((dir) => dir !== '' && existsSync(`${dir}/${program}`));

/**
 * Where we look by default: our own PATH and the sandbox's. The sandbox's is what the learner gets;
 * a non-root user's PATH on Debian lacks the sbin directories, where `chroot` lives.
 */
const defaultSearchPath = (): string => `${process.env.PATH ?? ''}:${SANDBOX_PATH}`;

/** Debian/Ubuntu packages whose programs are missing from `searchPath`. */
export const missingPackages = (searchPath = defaultSearchPath()): string[] => [...new Set(REQUIRED_PROGRAMS.filter((r) => !onPath(r.program, searchPath)).map((r) => r.pkg))];

const isDebianLike = (): boolean => {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
};

export type InstallContext = { searchPath?: string; isRoot?: boolean };

export function ensurePackages(log: (message: string) => void, context: InstallContext = {}): Result<void, string> {
  const searchPath = context.searchPath ?? defaultSearchPath();
  const required = missingPackages(searchPath);
  const tracing = TRACING_PROGRAMS.filter((r) => !onPath(r.program, `${searchPath}:/usr/sbin:/sbin`)).map((r) => r.pkg);
  const canInstall = (context.isRoot ?? process.getuid?.() === 0) && isDebianLike() && onPath('apt-get', searchPath);
  if (required.length === 0 && tracing.length > 0 && !canInstall) {
    log(`commands that leave no trace are confirmed by an exec tracer, which needs ${tracing.join(', ')} (sudo apt-get install -y ${tracing.join(' ')}); without it they are taken on trust`);
  }
  const missing = required.length > 0 || canInstall ? [...required, ...tracing] : required;
  if (missing.length === 0) return ok(undefined);
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = context.isRoot ?? process.getuid?.() === 0;
  if (!isRoot || !isDebianLike() || !onPath('apt-get', searchPath)) {
    return err(
      `nslab needs ${missing.join(', ')}. Install ${missing.length > 1 ? 'them' : 'it'} with:\n  sudo ${command}\n(on other distributions, install the packages that provide: ${REQUIRED_PROGRAMS.filter(
        (r) => missing.includes(r.pkg),
      )
        .map((r) => r.program)
        .join(', ')})`,
    );
  }
  log(`installing ${missing.join(', ')} (${command})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) {
    // A fresh machine may have no package lists yet.
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
  }
  if (result.status !== 0) return err(`installing ${missing.join(', ')} failed; run "sudo ${command}" and start again`);
  return ok(undefined);
}
