// `unshare` or `mount` refused for lack of privilege in the shell's user namespace (as `learner`, as `nobody`, or over a namespace another user namespace owns).
import { manPage } from '../man-pages';
import { describeProcess, nsName, outsideOf, uidInside, userName } from '../process-words';
import type { Recogniser } from '../recogniser';

/**
 * util-linux `unshare: unshare failed: Operation not permitted`, busybox `unshare: unshare(0x4000000):
 * Operation not permitted`; util-linux `mount: /tmp: must be superuser to use mount.` (not root) and
 * `mount: /tmp: permission denied.` (root of a user namespace that does not own the mount namespace),
 * busybox `mount: permission denied (are you root?)`.
 */
const REFUSED =
  /^(unshare|mount): (?:unshare failed: Operation not permitted|unshare\(0x[0-9a-f]+\): Operation not permitted|.*must be superuser to use mount\.?|.*permission denied.*|.*Operation not permitted\.?)$/i;

export const noPrivilege: Recogniser = {
  name: 'no-privilege',
  spot(output) {
    const refused = output.last(REFUSED);
    if (!refused) return null;
    const tool = refused.match[1]!.toLowerCase() as 'unshare' | 'mount';
    const typed = output.commandBefore(refused.index);
    return async (state) => {
      const tree = await state.tree();
      const shell = tree?.foreground(output.terminal);
      if (!tree || !shell) return null;
      const uid = uidInside(tree, shell);
      const who = describeProcess(tree, shell, shell, state.terminalTitle);
      const userNs = tree.isNew(shell, 'user') ? nsName('user', shell.ns.user) : "the sandbox's user namespace";
      const man = manPage('user_namespaces(7)', 'Effect of capabilities within a user namespace');
      const need =
        tool === 'unshare'
          ? 'Creating any namespace other than a user namespace takes the capability CAP_SYS_ADMIN'
          : 'Mounting takes the capability CAP_SYS_ADMIN in the user namespace that owns the mount namespace';

      if (uid !== 0) {
        const unmapped = uid === 65534 && tree.isNew(shell, 'user');
        return {
          id: 'no-privilege',
          title: `${tool} refused: \`${userName(uid)}\` has no privilege here`,
          body: [
            unmapped
              ? `The shell, ${who}, runs as \`nobody\` (uid 65534) in ${userNs}: its uid is not mapped there, so it has no capabilities.`
              : `The shell, ${who}, runs as \`${userName(uid)}\` (uid ${uid}) in ${userNs}, with no capabilities.`,
          ],
          why: [
            `${need}, and this shell has none, so it was refused.`,
            unmapped ? 'A program started with `exec` before its uid was mapped keeps no capabilities in the new user namespace.' : null,
            'Root of a user namespace of your own has every capability over the namespaces that user namespace owns, and an ordinary user may create one.',
          ].filter((p) => p !== null),
          fix: unmapped
            ? [
                { say: 'Leave the shell whose uid is not mapped:', command: 'exit' },
                { say: 'Start it again as root of the new user namespace (unshare writes the maps):', command: 'unshare --map-root-user bash' },
              ]
            : [
                tool === 'unshare' && typed && /^unshare\b/.test(typed)
                  ? { say: 'Make a user namespace in the same command, with you as its root:', command: typed.replace(/^unshare\b/, 'unshare --map-root-user') }
                  : { say: 'Become root of a new user namespace with a mount namespace of its own, then mount there:', command: 'unshare --map-root-user --mount bash' },
                { say: `Or go back to the root shell you came from (\`${userName(uid)}\`'s shell ends):`, command: 'exit' },
              ],
          man,
        };
      }
      // Root, but of a nested user namespace: a mount namespace made outside it belongs to the user namespace outside.
      const outside = outsideOf(tree, shell, 'user');
      if (tool !== 'mount' || !tree.isNew(shell, 'user') || !outside || outside.ns.mnt !== shell.ns.mnt) return null;
      return {
        id: 'no-privilege',
        title: 'mount refused: this mount namespace is not yours',
        body: [
          `The shell, ${who}, is root in ${userNs}, but its mount namespace ${nsName('mnt', shell.ns.mnt)} was made before that user namespace, so the user namespace outside owns it. There you are \`${userName(outside.uid)}\`.`,
        ],
        why: [`${need}; a capability counts only over namespaces that your user namespace owns.`],
        fix: [
          { say: 'Make a mount namespace from this root shell: the new one belongs to your user namespace.', command: 'unshare --mount bash' },
          ...(typed && /^mount\b/.test(typed) ? [{ say: 'Then mount again:', command: typed }] : []),
        ],
        man,
      };
    };
  },
};
