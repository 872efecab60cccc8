// Evaluates a step's declarative check against the lab machine's real state; one function per check kind.
import type { Check, CheckVerdict } from '../../core/checks/check-schema';
import type { CheckContext } from './check-context';
import { namespaceCheck } from './kinds/namespace-check';
import { outputCheck } from './kinds/output-check';
import { processCheck } from './kinds/process-check';
import { ranCheck } from './kinds/ran-check';
import { runCheck } from './kinds/run-check';
import { showsCheck } from './kinds/shows-check';

export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckVerdict> {
  switch (check.kind) {
    case 'namespace':
      return namespaceCheck(check, ctx);
    case 'process':
      return processCheck(check, ctx);
    case 'run':
      return runCheck(check, ctx);
    case 'output':
      return outputCheck(check, ctx);
    case 'shows':
      return showsCheck(check, ctx);
    case 'ran':
      return ranCheck(check, ctx);
    case 'all': {
      let last: CheckVerdict = { passed: true, reason: '' };
      for (const part of check.checks) {
        last = await evaluateCheck(part, ctx);
        if (!last.passed) return check.reason ? { passed: false, reason: check.reason } : last;
      }
      return last;
    }
  }
}
