// `process`: a process is running (or, with running: false, none is) that matches the selector: terminal, namespaces, PID inside, uid, uid map.
import type { z } from 'zod';
import type { CheckVerdict, ProcessCheck } from '../../../core/checks/check-schema';
import { describeProcess, fail, pass, type CheckContext } from '../check-context';
import { describeSelector, selectProcesses } from '../select-processes';

export function processCheck(check: z.infer<typeof ProcessCheck>, ctx: CheckContext): CheckVerdict {
  const { kind: _kind, running, reason, ...selector } = check;
  const hit = selectProcesses(ctx.tree, selector)[0];
  const what = describeSelector(selector, ctx.terminalTitle);
  if (!running) {
    if (hit) return fail(reason ?? `${describeProcess(hit)} is still running: ${what}`);
    return pass(`no ${what.replace(/^a process/, 'process')} is running`);
  }
  if (hit) {
    const inner = hit.nspid.length > 1 ? `, PID ${hit.nspid.at(-1)} inside its pid namespace` : '';
    return pass(`${describeProcess(hit)} is running${inner}`);
  }
  return fail(reason ?? `there is no ${what.replace(/^a /, '')}`);
}
