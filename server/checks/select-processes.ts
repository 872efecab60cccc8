// Picks the processes a check is about by what they are: terminal, namespaces, PID inside, uid, uid map.
import type { Selector } from '../../core/checks/check-schema';
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ProcessTree } from '../../core/probe/process-tree';

/** The processes of the snapshot that match every field the selector gives, deepest first. */
export function selectProcesses(tree: ProcessTree, selector: Selector): ProbeProcess[] {
  const args = selector.args ? new RegExp(selector.args) : null;
  const uidMap = selector.uidMap ? new RegExp(selector.uidMap) : null;
  return tree
    .ofTerminal(selector.terminal)
    .filter(
      (p) =>
        (selector.newNs ?? []).every((t) => tree.isNew(p, t)) &&
        (selector.sandboxNs ?? []).every((t) => !tree.isNew(p, t)) &&
        (!selector.comm || p.comm === selector.comm) &&
        (!args || args.test(p.args)) &&
        (selector.innerPid === undefined || p.nspid.at(-1) === selector.innerPid) &&
        (selector.uid === undefined || p.uid === selector.uid) &&
        (!uidMap || uidMap.test(p.uidMap)),
    )
    .map((p) => ({ p, depth: tree.depth(p) }))
    .sort((a, b) => b.depth - a.depth || b.p.pid - a.p.pid)
    .map(({ p }) => p);
}

/** In words, for reasons: "a process of terminal two in a new uts namespace, PID 1 inside its pid namespace". */
export function describeSelector(selector: Selector, terminalTitle: (name: string) => string): string {
  const parts = [selector.comm ? `\`${selector.comm}\`` : 'a process'];
  if (selector.terminal) parts.push(`of ${terminalTitle(selector.terminal)}`);
  if (selector.newNs?.length) parts.push(`in a new ${selector.newNs.join(' and ')} namespace`);
  if (selector.sandboxNs?.length) parts.push(`in the sandbox's own ${selector.sandboxNs.join(' and ')} namespace`);
  if (selector.innerPid !== undefined) parts.push(`that is PID ${selector.innerPid} inside its pid namespace`);
  if (selector.uid !== undefined) parts.push(`running as uid ${selector.uid}`);
  if (selector.uidMap) parts.push(`whose uid_map matches /${selector.uidMap}/`);
  return parts.join(' ');
}
