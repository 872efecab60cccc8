// `run`: runs a command inside a learner process's namespaces (nsenter) or the sandbox's own, and matches what it prints.
import type { z } from 'zod';
import type { CheckVerdict, RunCheck } from '../../../core/checks/check-schema';
import { NAMESPACE_TYPES, type NamespaceType } from '../../../core/namespaces';
import { AS_PROBE } from '../../probe/run-probe';
import { describeProcess, fail, pass, type CheckContext } from '../check-context';

/** nsenter(1) option per namespace type. */
const NSENTER_FLAG: Record<NamespaceType, string> = {
  cgroup: '--cgroup',
  ipc: '--ipc',
  mnt: '--mount',
  net: '--net',
  pid: '--pid',
  time: '--time',
  user: '--user',
  uts: '--uts',
};

/** Default namespaces to enter: all but user (entering an unmapped user namespace would make the check "nobody"). */
const DEFAULT_ENTER = NAMESPACE_TYPES.filter((t) => t !== 'user');

/** Kill a check command after this long (in milliseconds). */
const RUN_CHECK_TIMEOUT_MS = 5_000;

export async function runCheck(check: z.infer<typeof RunCheck>, ctx: CheckContext): Promise<CheckVerdict> {
  let argv = ['/bin/sh', '-c', check.command];
  let where = "in the sandbox's own namespaces";
  if (check.target === 'terminal') {
    const terminal = check.terminal ?? ctx.terminal;
    const target = ctx.tree.foreground(terminal, check.comm);
    if (!target) return fail(check.reason ?? `no ${check.comm ? `\`${check.comm}\`` : 'program'} is running in terminal "${terminal}"`);
    // Enter only the namespaces that differ from the sandbox's own: setns(2) into one's own
    // cgroup or time namespace fails when it is owned by the host's user namespace.
    const enter = (check.enter ?? DEFAULT_ENTER).filter((t) => ctx.tree.isNew(target, t));
    if (enter.length > 0) argv = ['nsenter', '--target', String(target.pid), ...enter.map((t) => NSENTER_FLAG[t]), '--', ...argv];
    where = `in the namespaces of ${describeProcess(target)}`;
  }
  const result = await ctx.sandbox.exec([...AS_PROBE, ...argv], { timeoutMs: RUN_CHECK_TIMEOUT_MS });
  const out = result.stdout.trim();
  const shown = out ? `"${out.split('\n').slice(0, 3).join(' / ').slice(0, 120)}"` : 'nothing';
  const why = (problem: string) => fail(check.reason ?? `\`${check.command}\` ${where} ${problem}`);

  if (result.timedOut) return why('did not finish in time');
  const expectedCode = check.exitCode ?? (check.stdout || check.notStdout ? undefined : 0);
  if (expectedCode !== undefined && result.exitCode !== expectedCode) {
    return why(`exited with ${result.exitCode}${result.stderr.trim() ? ` (${result.stderr.trim().split('\n')[0]?.slice(0, 120)})` : ''}`);
  }
  if (check.stdout && !new RegExp(check.stdout, 'm').test(result.stdout)) return why(`printed ${shown}`);
  if (check.notStdout && new RegExp(check.notStdout, 'm').test(result.stdout)) return why(`printed ${shown}`);
  return pass(`\`${check.command}\` ${where} printed ${shown}`);
}
