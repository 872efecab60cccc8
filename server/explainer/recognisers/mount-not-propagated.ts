// A mount made outside that does not appear in a copied mount namespace: the mounts were not peers when `unshare --mount` copied them.
import { isAtOrBelow, mountHolding, propagationOf, type MountEntry } from '../lab-state/mountinfo';
import { manPage } from '../man-pages';
import { describeProcess, nsName, outsideOf } from '../process-words';
import { words } from '../settled-output';
import type { Recogniser } from '../recogniser';

/** Commands that look at a path or at the mount table (and change nothing). */
const LOOKERS = new Set(['ls', 'cat', 'findmnt', 'mountpoint', 'stat', 'df', 'mount', 'head', 'tail', 'less', 'more', 'tree', 'find', 'du', 'test']);
/** With no path, these show the whole mount table. */
const WHOLE_TABLE = new Set(['findmnt', 'mount', 'df']);

/** The absolute paths the looking commands of this output named ('/' for a whole-table look). */
function lookedAt(commands: { command: string }[]): string[] {
  const paths: string[] = [];
  for (const { command } of commands) {
    const w = words(command);
    const verb = w[0] === 'busybox' ? w[1] : w[0];
    if (!verb || !LOOKERS.has(verb)) continue;
    const args = w.slice(w[0] === 'busybox' ? 2 : 1);
    const absolute = args.filter((a) => a.startsWith('/')).map((a) => a.replace(/(.)\/+$/, '$1'));
    // `mount SRC DIR` changes the table: only a bare `mount` looks.
    if (verb === 'mount' && args.length > 0) continue;
    if (absolute.length > 0) paths.push(...absolute);
    else if (WHOLE_TABLE.has(verb)) paths.push('/');
  }
  return paths;
}

const join = (root: string, path: string): string => (root === '/' ? path : path === '/' ? root : `${root}${path}`);

export const mountNotPropagated: Recogniser = {
  name: 'mount-not-propagated',
  spot(output) {
    const paths = lookedAt(output.commands());
    if (paths.length === 0) return null;
    return async (state) => {
      const tree = await state.tree();
      const shell = tree?.foreground(output.terminal);
      // "Outside" is the mount namespace this shell's was copied from: that of its nearest ancestor in another one.
      const outside = shell && tree ? outsideOf(tree, shell, 'mnt') : undefined;
      if (!tree || !shell || !outside) return null;
      const [inside, origin] = await Promise.all([state.mountView(shell.pid), state.mountView(outside.pid)]);
      if (!inside || !origin) return null;
      const insidePoints = new Set(inside.mounts.map((m) => m.mountPoint));
      // A mount outside, at or around a path looked at, under this shell's root, that the copy lacks.
      let missing: MountEntry | undefined;
      for (const path of paths) {
        const abs = join(inside.root, path);
        for (const m of origin.mounts) {
          const related = isAtOrBelow(abs, m.mountPoint) || isAtOrBelow(m.mountPoint, abs);
          if (!related || m.mountPoint === '/' || !isAtOrBelow(m.mountPoint, inside.root) || m.mountPoint === inside.root) continue;
          if (insidePoints.has(m.mountPoint)) continue;
          if (!missing || m.id > missing.id) missing = m;
        }
      }
      if (!missing) return null;
      const parentOutside = origin.mounts.find((m) => m.id === missing.parent);
      const parentInside = mountHolding(inside.mounts, missing.mountPoint);
      if (!parentOutside || !parentInside) return null;
      // Peers (or a slave of the outside's group) would have received the mount: then something else is going on.
      const group = parentOutside.shared;
      if (group !== null && (parentInside.shared === group || parentInside.master === group)) return null;

      const local = (p: string) => (inside.root === '/' || !isAtOrBelow(p, inside.root) ? p : p.slice(inside.root.length) || '/');
      const sharedOutside = group !== null;
      const relaunch = inside.root === '/' ? shell.comm : `chroot ${inside.root} ${shell.args || shell.comm}`;
      const originWords = outside.ns.mnt === tree.baseline('mnt') ? "the sandbox's own mount namespace" : `the mount namespace of ${describeProcess(tree, outside, shell, state.terminalTitle)}`;
      const samePlace = parentInside.mountPoint === parentOutside.mountPoint;
      return {
        id: 'mount-not-propagated',
        title: 'The mount made outside did not reach this mount namespace',
        body: [
          `\`${missing.fstype}\` is mounted on \`${missing.mountPoint}\` in ${nsName('mnt', outside.ns.mnt)}, ${originWords}, which \`unshare --mount\` copied for this shell. The shell, ${describeProcess(tree, shell, shell, state.terminalTitle)}, is in the copy, ${nsName('mnt', shell.ns.mnt)}, and there \`${local(missing.mountPoint)}\` is no mount point.`,
          samePlace
            ? `Mount events travel only between peers. The mount it was made on, \`${parentOutside.mountPoint}\`, is ${propagationOf(parentOutside)} outside and ${propagationOf(parentInside)} in the copy: they are not peers, so the new mount stayed outside.`
            : `Mount events travel only between peers. Outside, \`${parentOutside.mountPoint}\` is ${propagationOf(parentOutside)}; in the copy, \`${parentInside.mountPoint}\` is ${propagationOf(parentInside)}: they are not peers, so the new mount stayed outside.`,
        ],
        why: [
          'A mount or unmount below a shared mount happens below every member of its peer group; below a private mount it happens nowhere else.',
          '`unshare --mount` makes every mount of the copy private unless you pass `--propagation shared` (or `unchanged`), and only a mount that was already shared when the copy was made gets a peer in it.',
        ],
        fix: [
          { say: "See each mount's propagation:", command: 'findmnt -o TARGET,PROPAGATION' },
          { say: 'Leave the copy:', command: 'exit' },
          ...(sharedOutside ? [] : [{ say: `Outside, make \`${parentOutside.mountPoint}\` shared:`, command: `mount --make-shared ${parentOutside.mountPoint}` }]),
          { say: 'Copy the mount namespace again, keeping the mounts shared:', command: `unshare --mount --propagation shared ${relaunch}` },
        ],
        man: manPage('mount_namespaces(7)', 'SHARED SUBTREES'),
      };
    };
  },
};
