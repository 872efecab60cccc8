// `ran`: since the step began, a program the terminal started ran inside the namespaces the step is about (seen by the lab's tracer).
import type { z } from 'zod';
import type { CheckVerdict, RanCheck } from '../../../core/checks/check-schema';
import { fail, pass, type CheckContext, type TracedExec } from '../check-context';
import { selectProcesses } from '../select-processes';

export function ranCheck(check: z.infer<typeof RanCheck>, ctx: CheckContext): CheckVerdict {
  const terminal = check.terminal ?? ctx.terminal;
  const title = ctx.terminalTitle(terminal);
  const execs = ctx.execsSince();
  // Without a tracer the action cannot be seen; the rest of the step's check still judges the state.
  if (execs === null) return pass('this lab machine cannot trace the commands you run, so this part is taken on trust');
  const baseline = (t: keyof TracedExec['ns']) => ctx.tree.baseline(t);
  const wanted = new Map<string, Set<number>>();
  for (const t of check.sameNsAs?.types ?? []) {
    const inodes = selectProcesses(ctx.tree, check.sameNsAs!.as)
      .map((p) => p.ns[t])
      .filter((n): n is number => n !== undefined);
    wanted.set(t, new Set(inodes));
  }
  const hit = execs.find(
    (e) =>
      e.terminal === terminal &&
      (check.newNs ?? []).every((t) => e.ns[t] !== undefined && e.ns[t] !== baseline(t)) &&
      (check.sandboxNs ?? []).every((t) => e.ns[t] === baseline(t)) &&
      [...wanted].every(([t, inodes]) => inodes.has(e.ns[t as keyof TracedExec['ns']] ?? -1)),
  );
  if (hit) return pass(`\`${hit.comm}\` ran from ${title} in the namespaces this step is about`);
  const where = [
    ...(check.newNs ?? []).map((t) => `a new ${t} namespace`),
    ...(check.sandboxNs ?? []).map((t) => `the sandbox's own ${t} namespace`),
    ...(check.sameNsAs ? [`the ${check.sameNsAs.types.join(' and ')} namespace of the process this step is about`] : []),
  ].join(', ');
  return fail(check.reason ?? `no command from ${title} has run inside ${where || 'the namespaces this step is about'} since this step began`);
}
