// Installs the Debian/Ubuntu packages the sandbox needs when they are missing and we may (root, apt-get); otherwise says how.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../core/result';

/** Each program the lab machine needs, and the Debian/Ubuntu package that ships it. */
export const REQUIRED_PROGRAMS = [
  { program: 'bwrap', pkg: 'bubblewrap' },
  { program: 'busybox', pkg: 'busybox-static' },
  { program: 'setpriv', pkg: 'util-linux' },
  { program: 'nsenter', pkg: 'util-linux' },
  { program: 'ip', pkg: 'iproute2' },
  { program: 'ps', pkg: 'procps' },
] as const;

const onPath = (program: string, searchPath: string): boolean => searchPath.split(':').some((dir) => existsSync(`${dir}/${program}`));

/** Debian/Ubuntu packages whose programs are missing from `searchPath`. */
export const missingPackages = (searchPath = process.env.PATH ?? '/usr/bin:/bin'): string[] => [
  ...new Set(REQUIRED_PROGRAMS.filter((r) => !onPath(r.program, searchPath)).map((r) => r.pkg)),
];

const isDebianLike = (): boolean => {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
};

export type InstallContext = { searchPath?: string; isRoot?: boolean };

export function ensurePackages(log: (message: string) => void, context: InstallContext = {}): Result<void, string> {
  const searchPath = context.searchPath ?? process.env.PATH ?? '/usr/bin:/bin';
  const missing = missingPackages(searchPath);
  if (missing.length === 0) return ok(undefined);
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = context.isRoot ?? process.getuid?.() === 0;
  if (!isRoot || !isDebianLike() || !onPath('apt-get', searchPath)) {
    return err(`nslab needs ${missing.join(', ')}. Install ${missing.length > 1 ? 'them' : 'it'} with:\n  sudo ${command}\n(on other distributions, install the packages that provide: ${REQUIRED_PROGRAMS.filter((r) => missing.includes(r.pkg)).map((r) => r.program).join(', ')})`);
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
