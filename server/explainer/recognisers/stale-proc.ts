// A shell in a new pid namespace whose /proc still belongs to the old one: `ps` lists the old processes, or procps fails outright.
import { manPage } from '../man-pages';
import { describeProcess, nsName, relaunchOf } from '../process-words';
import { SettledOutput, words } from '../settled-output';
import type { Recogniser } from '../recogniser';

/** procps-ng's `ps` and `top` when /proc/self does not lead to themselves. */
const PROCPS_LOST = /^fatal library error, lookup self$/;
/** Programs that list processes by reading /proc. */
const LISTERS = new Set(['ps', 'top', 'pstree', 'pgrep', 'pidof', 'htop']);

const listsProcesses = (output: SettledOutput): boolean =>
  output.commands().some(({ command }) => {
    const [first, second] = words(command);
    return LISTERS.has(first === 'busybox' ? (second ?? '') : (first ?? ''));
  });

export const staleProc: Recogniser = {
  name: 'stale-proc',
  spot(output) {
    const procpsLost = output.last(PROCPS_LOST) !== null;
    if (!procpsLost && !listsProcesses(output)) return null;
    return async (state) => {
      const tree = await state.tree();
      const shell = tree?.foreground(output.terminal);
      if (!tree || !shell || !tree.isNew(shell, 'pid')) return null;
      const procNs = await state.procPidNamespace(shell.pid);
      // No /proc at all (an empty chroot) is another story; a /proc of the shell's own namespace is right.
      if (procNs === null || procNs === shell.ns.pid) return null;
      const sandboxOwn = procNs === tree.baseline('pid') ? ", the sandbox's own" : '';
      const ownMountNs = tree.isNew(shell, 'mnt');
      return {
        id: 'stale-proc',
        title: '/proc still shows the old PID namespace',
        body: [
          `The shell, ${describeProcess(tree, shell, shell, state.terminalTitle)}, is in the new PID namespace ${nsName('pid', shell.ns.pid)}, but the /proc it sees is the proc filesystem of ${nsName('pid', procNs)}${sandboxOwn}.`,
          procpsLost
            ? '`ps` reads /proc, and procps cannot even find itself there ("lookup self"): that /proc lists the other namespace\'s processes, under their PIDs there.'
            : "`ps` reads /proc, so it listed the other namespace's processes, under their PIDs there, not those of this shell's namespace.",
        ],
        why: [
          'A proc filesystem always shows the PID namespace that mounted it, whoever reads it. A new PID namespace changes nothing in /proc until a new proc is mounted.',
          ownMountNs
            ? "This shell has a mount namespace of its own, so it can mount a fresh proc over /proc without changing anyone else's."
            : 'Mounting a fresh proc here would replace /proc for the whole sandbox: it belongs in a new mount namespace.',
        ],
        fix: ownMountNs
          ? [{ say: 'Mount a proc filesystem of this PID namespace on /proc:', command: 'mount -t proc proc /proc' }]
          : [
              { say: 'Leave this shell:', command: 'exit' },
              {
                say: 'Start it again with `--mount-proc`: a new mount namespace too, with `mount -t proc proc /proc` done in it.',
                command: `unshare --pid --fork --mount-proc ${relaunchOf(shell)}`,
              },
            ],
        man: manPage('pid_namespaces(7)', '/proc and PID namespaces'),
      };
    };
  },
};
