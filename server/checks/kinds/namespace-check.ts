// `namespace`: some process of a terminal is in a new namespace of a type (or, with new: false, none is).
import type { z } from 'zod';
import type { CheckVerdict, NamespaceCheck } from '../../../core/checks/check-schema';
import { describeProcess, fail, pass, UNSHARE_FLAG, type CheckContext } from '../check-context';

export function namespaceCheck(check: z.infer<typeof NamespaceCheck>, ctx: CheckContext): CheckVerdict {
  const terminal = check.terminal ?? ctx.terminal;
  const processes = ctx.tree.ofTerminal(terminal).filter((p) => !check.comm || p.comm === check.comm);
  const inNew = processes.filter((p) => ctx.tree.isNew(p, check.type));
  const what = check.comm ? `\`${check.comm}\`` : 'process';
  if (check.new) {
    const hit = inNew[0];
    if (hit) return pass(`${describeProcess(hit)} is in ${check.type} namespace ${hit.ns[check.type]}, not the sandbox's own`);
    if (processes.length === 0 && check.comm) return fail(check.reason ?? `no \`${check.comm}\` is running in terminal "${terminal}"`);
    return fail(
      check.reason ??
        `no ${what} of terminal "${terminal}" is in a new ${check.type} namespace: start one with \`unshare ${UNSHARE_FLAG[check.type]}\`, and keep it running`,
    );
  }
  const hit = inNew[0];
  if (hit) return fail(check.reason ?? `${describeProcess(hit)} is still in a new ${check.type} namespace; \`exit\` back to the first shell`);
  return pass(`every ${what} of terminal "${terminal}" is in the sandbox's own ${check.type} namespace`);
}
