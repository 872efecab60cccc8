// The command line that joins a running sandbox: as root into its cgroups, then as its host uid into all its namespaces.
import type { RunSpec } from '../run-captured';
import { SANDBOX_PATH } from './etc-templates';
import { SANDBOX_ULIMITS } from './host-tables';

/**
 * $1 = host uid, $2 = anchor pid, $3 = number of cgroup.procs files, the files, then the program.
 * setns(2) does not change cgroups, so we join them first. nsenter enters the user namespace first
 * and becomes uid/gid 0 there by default (nsenter(1)); --root and --wd take the anchor's root and cwd.
 * The namespaces are listed rather than --all: the sandbox shares the host's cgroup and time
 * namespaces, and util-linux 2.38's --all still tries to enter those, which fails (EPERM).
 * The sandbox's rlimits (host-tables.ts) are set here, as root, before dropping to the host uid: the
 * learner cannot raise them again.
 */
const JOIN_SCRIPT = `u=$1 a=$2 n=$3; shift 3
while [ "$n" -gt 0 ]; do echo $$ > "$1" || { echo "nslab: the sandbox has ended" >&2; exit 125; }; shift; n=$((n - 1)); done
${SANDBOX_ULIMITS} || { echo "nslab: could not set the sandbox's limits" >&2; exit 125; }
exec setpriv --reuid="$u" --regid="$u" --clear-groups nsenter --target "$a" --user --mount --pid --net --uts --ipc --root --wd -- "$@"
`;

/** The only environment a joined program starts with: nothing of the server's leaks in. */
export const SANDBOX_ENV = {
  HOME: '/root',
  PATH: SANDBOX_PATH,
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
  USER: 'root',
  LOGNAME: 'root',
  SHELL: '/bin/bash',
};

export type JoinTarget = { hostUid: number; anchorPid: number; procsFiles: readonly string[] };

export function joinSpec(target: JoinTarget, argv: readonly string[]): RunSpec {
  return {
    file: '/bin/sh',
    args: ['-c', JOIN_SCRIPT, 'nslab-join', String(target.hostUid), String(target.anchorPid), String(target.procsFiles.length), ...target.procsFiles, ...argv],
    env: { ...SANDBOX_ENV },
    cwd: '/',
  };
}
