// `shows`: the terminal printed, line for line, what a command prints in the namespaces of the process the step is about.
import type { z } from 'zod';
import type { CheckVerdict, ShowsCheck } from '../../../core/checks/check-schema';
import { fail, pass, type CheckContext } from '../check-context';
import { distinctTargets, runInNamespaces } from '../run-in-namespaces';
import { describeSelector, selectProcesses } from '../select-processes';

const normalise = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** True when every line of `wanted` appears in `text`, in order (whitespace runs compared as one space). */
export function showsLines(text: string, wanted: readonly string[]): boolean {
  const lines = text.split('\n').map(normalise);
  let at = 0;
  for (const w of wanted) {
    const found = lines.indexOf(w, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

export async function showsCheck(check: z.infer<typeof ShowsCheck>, ctx: CheckContext): Promise<CheckVerdict> {
  const terminal = check.terminal ?? ctx.terminal;
  const title = ctx.terminalTitle(terminal);
  const hasSelector = Object.keys(check.of).length > 0;
  const targets = hasSelector ? distinctTargets(ctx.tree, selectProcesses(ctx.tree, check.of), check.enter) : [null];
  if (targets.length === 0) return fail(check.reason ?? `there is no ${describeSelector(check.of, ctx.terminalTitle).replace(/^a /, '')} to look at`);
  const lines = check.lines ? new RegExp(check.lines) : null;
  const printed = ctx.outputSince(terminal);
  let expected: string[] = [];
  for (const target of targets) {
    const result = await runInNamespaces(ctx.sandbox, ctx.tree, target, check.command, check.enter);
    expected = result.stdout
      .split('\n')
      .map(normalise)
      .filter((l) => l !== '' && (!lines || lines.test(l)));
    if (expected.length > 0 && showsLines(printed, expected)) return pass(`${title} shows what \`${check.command}\` shows there: "${expected.slice(0, 2).join(' / ').slice(0, 100)}"`);
  }
  if (expected.length === 0) return fail(check.reason ?? `\`${check.command}\` prints nothing there yet`);
  return fail(check.reason ?? `${title} has not shown "${expected.slice(0, 2).join(' / ').slice(0, 100)}" yet`);
}
