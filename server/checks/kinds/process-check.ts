// `process`: a program is running (in a terminal), by name, command line or its PID inside its own pid namespace.
import type { z } from 'zod';
import type { CheckVerdict, ProcessCheck } from '../../../core/checks/check-schema';
import { describeProcess, fail, pass, type CheckContext } from '../check-context';

export function processCheck(check: z.infer<typeof ProcessCheck>, ctx: CheckContext): CheckVerdict {
  const args = check.args ? new RegExp(check.args) : null;
  const hit = ctx.tree
    .ofTerminal(check.terminal)
    .find((p) => (!check.comm || p.comm === check.comm) && (!args || args.test(p.args)) && (check.innerPid === undefined || p.nspid.at(-1) === check.innerPid));
  const what = [check.comm && `\`${check.comm}\``, args && `a command line matching /${check.args}/`].filter(Boolean).join(' with ') || 'the process';
  if (hit) {
    const inner = hit.nspid.length > 1 ? `, PID ${hit.nspid.at(-1)} inside its pid namespace` : '';
    return pass(`${describeProcess(hit)} is running${inner}`);
  }
  const where = check.terminal ? ` in terminal "${check.terminal}"` : '';
  const pid = check.innerPid !== undefined ? ` as PID ${check.innerPid} of its own pid namespace` : '';
  return fail(check.reason ?? `${what} is not running${where}${pid}`);
}
