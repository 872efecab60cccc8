// `namespace`: some process (of a terminal, matching the selector) is in a new namespace of a type (or, with new: false, none is).
import type { z } from 'zod';
import type { CheckVerdict, NamespaceCheck } from '../../../core/checks/check-schema';
import { describeProcess, fail, pass, UNSHARE_FLAG, type CheckContext } from '../check-context';
import { selectProcesses } from '../select-processes';

export function namespaceCheck(check: z.infer<typeof NamespaceCheck>, ctx: CheckContext): CheckVerdict {
  const { kind: _kind, type, new: wantNew, reason, ...selector } = check;
  const terminal = selector.terminal ?? ctx.terminal;
  const title = ctx.terminalTitle(terminal);
  const hit = selectProcesses(ctx.tree, { ...selector, terminal }).find((p) => ctx.tree.isNew(p, type));
  if (wantNew) {
    if (hit) return pass(`${describeProcess(hit)} is in ${type} namespace ${hit.ns[type]}, not the sandbox's own`);
    return fail(reason ?? `no process of ${title} is in a new ${type} namespace: start one with \`unshare ${UNSHARE_FLAG[type]}\`, and keep it running`);
  }
  if (hit) return fail(reason ?? `${describeProcess(hit)} in ${title} is still in a new ${type} namespace; \`exit\` back to the first shell`);
  return pass(`every process of ${title} is in the sandbox's own ${type} namespace`);
}
