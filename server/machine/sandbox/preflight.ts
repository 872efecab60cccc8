// Checks, before the server starts, that this host can run sandboxes, and says how to fix it when it cannot.
import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { err, ok, type Result } from '../../../core/result';
import { createLogger, type Logger } from '../../log';
import { hostSeccomp } from './seccomp-join';
import { raiseHostTables } from './host-tables';

/** One reason the sandbox cannot work here: what is wrong, and the command that fixes it. */
export type PreflightProblem = { what: string; fix: string };

/** How long the bwrap smoke test may take (in milliseconds). */
const SMOKE_TIMEOUT_MS = 10_000;
/** An unprivileged uid for the smoke test: `nobody` on Debian and most distributions. */
const SMOKE_UID = 65_534;

const APT = 'apt-get install -y bubblewrap busybox-static util-linux';

/** Where preflight tells what it changed on the host. */
export type PreflightLog = Pick<Logger, 'info' | 'warn'>;

/**
 * `log` hears every host sysctl the lab raises (host-tables.ts says which and why), and as a warning
 * every one it could not: the sandboxes still run, but one of them could fill that table for the others.
 */
export async function checkSandboxPrerequisites(log: PreflightLog = createLogger()): Promise<PreflightProblem[]> {
  if (process.platform !== 'linux') {
    return [{ what: `the sandbox needs Linux namespaces; this is ${process.platform}`, fix: 'run the lab machine in the Vagrant VM (vagrant up)' }];
  }
  const problems: PreflightProblem[] = [];
  if (process.getuid?.() !== 0) {
    problems.push({ what: 'the server is not running as root (it creates cgroups and per-learner user namespaces)', fix: 'sudo npm start' });
  }
  for (const program of ['bwrap', 'busybox', 'setpriv', 'nsenter', 'unshare']) {
    if (!(await onPath(program))) problems.push({ what: `${program} is not installed`, fix: `sudo ${APT}` });
  }
  // Joined shells load the seccomp filter with perl (seccomp-join.ts).
  if (!(await onPath('perl'))) problems.push({ what: 'perl is not installed', fix: 'sudo apt-get install -y perl-base' });
  const seccomp = hostSeccomp();
  if (!seccomp.ok) problems.push({ what: seccomp.error, fix: 'run the lab machine on an x64 or arm64 host, or in the Vagrant VM there' });
  problems.push(...(await userNamespaceProblems()));
  if (process.getuid?.() === 0) {
    const tables = await raiseHostTables();
    tables.changed.forEach((line) => log.info(line));
    tables.failed.forEach((line) => log.warn(line));
  }
  if (problems.length === 0) {
    const smoke = await smokeTest();
    if (!smoke.ok) problems.push({ what: `a test sandbox did not start as an unprivileged user: ${smoke.error}`, fix: 'check the kernel settings above, or run the lab machine in the Vagrant VM' });
  }
  return problems;
}

/** `procSys` is /proc/sys; tests point it at a folder of fake settings. */
export async function userNamespaceProblems(procSys = '/proc/sys'): Promise<PreflightProblem[]> {
  const read = (file: string) =>
    readFile(path.join(procSys, file.replace(/^\/proc\/sys\//, '')), 'utf8').then(
      (t) => t.trim(),
      () => undefined,
    );
  const problems: PreflightProblem[] = [];
  // Ubuntu 23.10+: AppArmor lets only profiled programs create user namespaces.
  if ((await read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')) === '1') {
    problems.push({ what: 'AppArmor forbids unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1)', fix: 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0' });
  }
  // Older Debian kernels' own switch.
  if ((await read('/proc/sys/kernel/unprivileged_userns_clone')) === '0') {
    problems.push({ what: 'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)', fix: 'sudo sysctl -w kernel.unprivileged_userns_clone=1' });
  }
  if ((await read('/proc/sys/user/max_user_namespaces')) === '0') {
    problems.push({ what: 'user namespaces are disabled (user.max_user_namespaces=0)', fix: 'sudo sysctl -w user.max_user_namespaces=15000' });
  }
  return problems;
}

async function onPath(program: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (!dir) continue;
    const ok = await access(path.join(dir, program), constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok) return true;
  }
  return false;
}

/** Start a minimal bwrap with its own user namespace as an unprivileged uid; the error text if it did not run. */
async function smokeTest(): Promise<Result<void, string>> {
  const args = [
    `--reuid=${SMOKE_UID}`,
    `--regid=${SMOKE_UID}`,
    '--clear-groups',
    'bwrap',
    '--unshare-user',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-uts',
    '--unshare-ipc',
    '--ro-bind',
    '/',
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--',
    'busybox',
    'true',
  ];
  try {
    await promisify(execFile)('setpriv', args, { timeout: SMOKE_TIMEOUT_MS, cwd: '/' });
    return ok(undefined);
  } catch (e) {
    const failure = e as Error & { stderr?: string };
    return err((failure.stderr?.trim() || failure.message).split('\n')[0]!);
  }
}
