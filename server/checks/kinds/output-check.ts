// `output`: the terminal printed a line matching a pattern since the step began; {{…}} placeholders stand for the kernel's live state.
import type { z } from 'zod';
import type { CheckVerdict, OutputCheck } from '../../../core/checks/check-schema';
import { NAMESPACE_TYPES, type NamespaceType } from '../../../core/namespaces';
import type { ProcessTree } from '../../../core/probe/process-tree';
import { fail, pass, type CheckContext } from '../check-context';

/** A group that matches nothing: a placeholder with no live value must not match by accident. */
const NOTHING = '(?!)';

const alternatives = (values: Iterable<number>): string => {
  const list = [...new Set(values)];
  return list.length === 0 ? NOTHING : `(?:${list.join('|')})`;
};

/** Replaces {{sandbox:TYPE}}, {{new:TYPE}} and {{pid:TERMINAL}} with what the probe saw. */
export function fillPlaceholders(pattern: string, tree: ProcessTree): string {
  return pattern.replace(/\{\{([a-z]+):([a-z0-9-]+)\}\}/g, (whole, what: string, arg: string) => {
    const type = arg as NamespaceType;
    if (what === 'sandbox' && NAMESPACE_TYPES.includes(type)) return alternatives([tree.baseline(type)].filter((n): n is number => n !== undefined));
    if (what === 'new' && NAMESPACE_TYPES.includes(type)) {
      return alternatives(tree.processes.filter((p) => tree.isNew(p, type)).map((p) => p.ns[type]!));
    }
    if (what === 'pid') return alternatives(tree.ofTerminal(arg).map((p) => p.pid));
    return whole;
  });
}

export function outputCheck(check: z.infer<typeof OutputCheck>, ctx: CheckContext): CheckVerdict {
  const terminal = check.terminal ?? ctx.terminal;
  const match = new RegExp(fillPlaceholders(check.pattern, ctx.tree), 'm').exec(ctx.outputSince(terminal));
  if (match) return pass(`${ctx.terminalTitle(terminal)} printed "${match[0].trim().slice(0, 80)}"`);
  return fail(check.reason ?? `${ctx.terminalTitle(terminal)} has not printed what this step expects yet`);
}
