// `run`: runs a command inside the namespaces of a learner's processes (nsenter) or the sandbox's own, and matches what it prints.
import type { z } from 'zod';
import type { CheckVerdict, RunCheck } from '../../../core/checks/check-schema';
import type { ExecResult } from '../../machine/machine';
import { describeProcess, fail, pass, type CheckContext } from '../check-context';
import { distinctTargets, runInNamespaces } from '../run-in-namespaces';
import { describeSelector, selectProcesses } from '../select-processes';

export async function runCheck(check: z.infer<typeof RunCheck>, ctx: CheckContext): Promise<CheckVerdict> {
  const { kind: _k, command, target, enter, stdout, notStdout, exitCode, reason, ...selector } = check;
  if (target === 'sandbox') {
    const result = await runInNamespaces(ctx.sandbox, ctx.tree, null, command);
    return judge(check, result, "in the sandbox's own namespaces");
  }
  const terminal = selector.terminal ?? ctx.terminal;
  const candidates = distinctTargets(ctx.tree, selectProcesses(ctx.tree, { ...selector, terminal }), enter);
  if (candidates.length === 0) return fail(reason ?? `there is no ${describeSelector({ ...selector, terminal }, ctx.terminalTitle).replace(/^a /, '')} yet`);
  // The deepest process's verdict explains a failure: it is the one the learner is typing into.
  let first: CheckVerdict | null = null;
  for (const p of candidates) {
    const result = await runInNamespaces(ctx.sandbox, ctx.tree, p, command, enter);
    const verdict = judge(check, result, `in the namespaces of ${describeProcess(p)}`);
    if (verdict.passed) return verdict;
    first ??= verdict;
  }
  return first!;
}

function judge(check: z.infer<typeof RunCheck>, result: ExecResult, where: string): CheckVerdict {
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
