// `output` (last resort): the terminal printed a line matching a pattern since the step began.
import type { z } from 'zod';
import type { CheckVerdict, OutputCheck } from '../../../core/checks/check-schema';
import { fail, pass, type CheckContext } from '../check-context';

export function outputCheck(check: z.infer<typeof OutputCheck>, ctx: CheckContext): CheckVerdict {
  const terminal = check.terminal ?? ctx.terminal;
  const match = new RegExp(check.pattern, 'm').exec(ctx.outputSince(terminal));
  if (match) return pass(`terminal "${terminal}" printed "${match[0].trim().slice(0, 80)}"`);
  return fail(check.reason ?? `terminal "${terminal}" has not printed what this step expects yet`);
}
