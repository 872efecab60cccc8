// A write to uid_map or gid_map refused (EPERM): a map written twice, gid_map before `deny` in setgroups, or a write from inside the namespace.
import type { ProbeProcess } from '../../../core/probe/probe-schema';
import type { ProcessTree } from '../../../core/probe/process-tree';
import { manPage } from '../man-pages';
import { byLocalPid, describeProcess, localPid, nsName, uidInside, userName } from '../process-words';
import type { Draft, Recogniser } from '../recogniser';

/**
 * A failed write as each writer says it: bash `bash: echo: write error: Operation not permitted`
 * (also `printf`), busybox ash `sh: write error: Operation not permitted`, dash `sh: 1: echo: echo:
 * I/O error` (dash reports every write error so), tee `tee: /proc/42/uid_map: Operation not permitted`.
 */
const WRITE_REFUSED = /(?:write error: Operation not permitted|echo: I\/O error|^tee: (\/proc\/\d+\/[ug]id_map): Operation not permitted)$/;
/** The map file a command wrote: /proc/PID, /proc/self, /proc/$$ or /proc/$VARIABLE. */
const MAP_PATH = /\/proc\/(\d+|self|\$\$|\$\{?\w+\}?|\$\([^)]*\))\/([ug]id_map)\b/;

const MAPS_SECTION = 'Defining user and group ID mappings';

/** The process whose map was written: by PID, `self`/`$$` (the writing shell), or the one user namespace it can be. */
function targetOf(tree: ProcessTree, writer: ProbeProcess | undefined, token: string): ProbeProcess | undefined {
  if (/^\d+$/.test(token)) return byLocalPid(tree, writer, Number(token));
  if (token === 'self' || token === '$$') return writer;
  // A variable (e.g. $PID) the lab cannot read: only a single user namespace besides the sandbox's is unambiguous.
  const nested = [...new Map(tree.processes.filter((p) => tree.isNew(p, 'user')).map((p) => [p.ns.user, p])).values()];
  return nested.length === 1 ? nested[0] : undefined;
}

export const idMap: Recogniser = {
  name: 'id-map',
  spot(output) {
    const refused = output.last(WRITE_REFUSED);
    if (!refused) return null;
    const path = MAP_PATH.exec(refused.match[1] ?? output.commandBefore(refused.index) ?? '');
    if (!path) return null;
    const [, token, file] = path as unknown as [string, string, 'uid_map' | 'gid_map'];
    const typedLine = /\b(?:echo|printf)\s+(?:-e\s+)?(['"]?)(\d+\s+\d+\s+\d+)\1/.exec(output.commandBefore(refused.index) ?? '')?.[2];
    return async (state) => {
      const tree = await state.tree();
      if (!tree) return null;
      const writer = tree.foreground(output.terminal);
      const target = targetOf(tree, writer, token);
      if (!target || !tree.isNew(target, 'user')) return null;
      const pid = localPid(tree, target, writer) ?? target.pid;
      const who = describeProcess(tree, target, writer, state.terminalTitle);
      const ns = nsName('user', target.ns.user);
      const current = file === 'uid_map' ? target.uidMap : target.gidMap;
      const base: Pick<Draft, 'man'> = { man: manPage('user_namespaces(7)', MAPS_SECTION) };

      if (current.trim() !== '') {
        return {
          ...base,
          id: 'id-map-twice',
          title: `${file} was written already: the maps are write-once`,
          body: [`The ${file} of ${who}, in ${ns}, already holds \`${current.split(';').join('; ')}\`, so this second write was refused.`],
          why: [
            'A user namespace\'s uid_map and gid_map can each be written only once, with all their lines in that one write. Every later write is refused with EPERM ("Operation not permitted"), even one that repeats the same line.',
          ],
          fix: [
            { say: 'Read the map that is in place:', command: `cat /proc/${pid}/${file}` },
            { say: 'For a different map, start a new user namespace and write its map once (or let `unshare --map-root-user` write both maps).', command: 'unshare --user bash' },
          ],
        };
      }
      if (writer && writer.ns.user === target.ns.user) {
        return {
          ...base,
          id: 'id-map-from-inside',
          title: `${file} must be written from outside the namespace`,
          body: [
            `The write came from ${describeProcess(tree, writer, writer, state.terminalTitle)}, which is inside ${ns} itself, as \`${userName(uidInside(tree, writer))}\` and without capabilities there.`,
          ],
          why: [
            `Writing ${file} takes CAP_SET${file === 'uid_map' ? 'UID' : 'GID'} in the namespace. A program started with \`exec\` before any map existed runs as an unmapped uid and keeps no capabilities.`,
            'So the maps of a user namespace are written from its parent namespace: from another terminal, as the user who created it.',
          ],
          fix: [
            {
              say: `From another terminal, outside the namespace and as the user who made it, write the map (PID ${target.pid} as the sandbox numbers it):`,
              command: `echo '${typedLine ?? `0 ${target.uid} 1`}' > /proc/${target.pid}/${file}`,
            },
            { say: 'Or leave this shell and let unshare write both maps for you:', command: 'unshare --map-root-user bash' },
          ],
        };
      }
      if (file !== 'gid_map' || !writer || (uidInside(tree, writer) === 0 && writer.ns.user !== target.ns.user)) return null;
      // An unprivileged writer may map its own gid only once setgroups(2) is denied in the namespace (Linux 3.19).
      if ((await state.setgroups(target.pid)) !== 'allow') return null;
      const line = typedLine ?? `0 ${writer.gid} 1`;
      return {
        id: 'gid-map-setgroups',
        title: 'Write `deny` to setgroups before gid_map',
        body: [
          `The gid_map of ${who}, in ${ns}, is still empty and its /proc/${pid}/setgroups says \`allow\`. The writer, ${describeProcess(tree, writer, writer, state.terminalTitle)}, is \`${userName(uidInside(tree, writer))}\`, with no privilege over the parent namespace.`,
        ],
        why: [
          'Such a process may write gid_map only after `deny` went into setgroups (since Linux 3.19): otherwise the new root could call setgroups(2) and drop a group that the rest of the system uses to keep it out of files.',
        ],
        fix: [
          { say: 'First switch setgroups off in that namespace:', command: `echo deny > /proc/${pid}/setgroups` },
          { say: 'Then write the gid map:', command: `echo '${line}' > /proc/${pid}/gid_map` },
        ],
        man: manPage('user_namespaces(7)', 'The /proc/pid/setgroups file'),
      };
    };
  },
};
