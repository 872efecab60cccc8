// `unshare --pid` without `--fork`: the first command became the new namespace's init, exited, and now every fork fails.
import { manPage } from '../man-pages';
import { describeProcess, nsName, relaunchOf } from '../process-words';
import type { Recogniser } from '../recogniser';

/**
 * A fork refused with ENOMEM, as each shell says it: bash `bash: fork: Cannot allocate memory`,
 * dash `sh: 2: Cannot fork`, busybox ash `sh: can't fork: Cannot allocate memory`, zsh
 * `zsh: fork failed: cannot allocate memory`.
 */
const FORK_FAILED = /(?:fork: (?:retry: )?Cannot allocate memory|^\S+: \d+: Cannot fork|can't fork: Cannot allocate memory|fork failed: cannot allocate memory)$/i;

export const pidNoFork: Recogniser = {
  name: 'pid-no-fork',
  spot(output) {
    if (!output.last(FORK_FAILED)) return null;
    return async (state) => {
      const tree = await state.tree();
      if (!tree) return null;
      // The kernel's state behind the message: a process of this terminal whose children go to a pid
      // namespace other than its own (pid_for_children), in which no process lives any more.
      const alive = new Set(tree.processes.map((p) => p.ns.pid));
      const stuck = tree
        .ofTerminal(output.terminal)
        .filter((p) => p.ns.pid_for_children !== undefined && p.ns.pid_for_children !== p.ns.pid && !alive.has(p.ns.pid_for_children))
        .sort((a, b) => tree.depth(b) - tree.depth(a))[0];
      if (!stuck) return null;
      const shell = describeProcess(tree, stuck, stuck, state.terminalTitle);
      const own = nsName('pid', stuck.ns.pid);
      const children = nsName('pid', stuck.ns.pid_for_children);
      return {
        id: 'pid-no-fork',
        title: 'This shell cannot start programs: its new PID namespace has no init',
        body: [
          `The shell, ${shell}, is still in ${own}: \`unshare --pid\` without \`--fork\` sends only its children to the new ${children}, and that namespace's init has already ended, so no new process can start there.`,
        ],
        why: [
          '`unshare --pid` does not move the program it runs: the calling process stays where it is, and only the processes it creates afterwards go into the new PID namespace.',
          `The first program this shell started became PID 1 of ${children}, the namespace's init. When it ended, the namespace lost its init, and the kernel lets no new process into a PID namespace whose init has ended: every fork fails with ENOMEM, which the shell prints as "Cannot allocate memory" or "Cannot fork".`,
          'Built-in commands such as `echo`, `cd` and `exit` still work: they need no new process.',
        ],
        fix: [
          { say: 'Leave this shell (`exit` is a built-in, so it works):', command: 'exit' },
          { say: `Start again with \`--fork\`: unshare forks first, and \`${relaunchOf(stuck)}\` itself becomes PID 1 of the new namespace.`, command: `unshare --pid --fork ${relaunchOf(stuck)}` },
        ],
        man: manPage('pid_namespaces(7)', 'The namespace init process'),
      };
    };
  },
};
