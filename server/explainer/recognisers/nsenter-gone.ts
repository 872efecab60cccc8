// `nsenter` into a PID that no longer exists: lists the live namespaces of that type to enter instead.
import type { ProbeProcess } from '../../../core/probe/probe-schema';
import { NAMESPACE_TYPES, type NamespaceType } from '../../../core/namespaces';
import { manPage } from '../man-pages';
import { byLocalPid, describeProcess, localPid, nsName } from '../process-words';
import type { Recogniser } from '../recogniser';

/**
 * util-linux `nsenter: cannot open /proc/1234/ns/net: No such file or directory` and (for --all or
 * --user) `nsenter: stat of /proc/1234/ns/user failed: …`; busybox `nsenter: can't open '/proc/1234/ns/net': …`.
 */
const GONE = /^nsenter: (?:cannot open|can't open|stat of) '?\/proc\/(\d+)\/ns\/(\w+)'?(?: failed)?: No such file or directory$/;

/** At most this many candidates are listed. */
const MAX_CANDIDATES = 5;

const isType = (s: string): s is NamespaceType => (NAMESPACE_TYPES as readonly string[]).includes(s);

export const nsenterGone: Recogniser = {
  name: 'nsenter-gone',
  spot(output) {
    const gone = output.last(GONE);
    if (!gone) return null;
    const pid = Number(gone.match[1]);
    const type = gone.match[2]!.replace(/_for_children$/, '');
    if (!isType(type)) return null;
    const typed = output.commandBefore(gone.index);
    return async (state) => {
      const tree = await state.tree();
      if (!tree) return null;
      const shell = tree.foreground(output.terminal);
      // The PID is alive after all (the line was typed, not printed by nsenter): nothing to explain.
      if (byLocalPid(tree, shell, pid)) return null;
      const seen = new Map<number, ProbeProcess>();
      for (const p of [...tree.processes].sort((a, b) => tree.depth(a) - tree.depth(b))) {
        const inode = p.ns[type];
        if (inode !== undefined && tree.isNew(p, type) && !seen.has(inode) && localPid(tree, p, shell) !== null) seen.set(inode, p);
      }
      const live = [...seen.values()].slice(0, MAX_CANDIDATES);
      const first = live[0];
      const firstPid = first ? localPid(tree, first, shell) : null;
      const retyped = typed && firstPid !== null ? typed.replace(new RegExp(`\\b${pid}\\b`), String(firstPid)) : null;
      return {
        id: 'nsenter-gone',
        title: `There is no process ${pid} to enter`,
        body: [
          `No process ${pid} is alive${shell && tree.isNew(shell, 'pid') ? " in this shell's PID namespace" : ''}, so there is no /proc/${pid}/ns/${type} to open.`,
          live.length > 0
            ? `Live ${type} namespaces other than the sandbox's own: ${live.map((p) => `${nsName(type, p.ns[type])} with ${describeProcess(tree, p, shell, state.terminalTitle)}`).join('; ')}.`
            : `Right now no process of your sandbox is in a ${type} namespace other than the sandbox's own: start one first (e.g. \`unshare --${type === 'mnt' ? 'mount' : type} --fork bash\` in another terminal).`,
        ],
        why: [
          `nsenter finds a namespace through a live process: /proc/PID/ns/${type}. Once the process has exited, that file is gone, and so is the namespace, unless something else still holds it (another process, a bind mount, an open file). Or the PID was mistyped.`,
        ],
        fix: [
          { say: `List the ${type} namespaces, with a live PID in each:`, command: `lsns -t ${type}` },
          ...(retyped && retyped !== typed ? [{ say: `Enter the one of PID ${firstPid}:`, command: retyped }] : []),
        ],
        man: manPage('nsenter(1)', '-t, --target PID'),
      };
    };
  },
};
