// Starts a sandbox: as root, joins its cgroups, pre-makes its user namespace owned by the slot's host uid, then runs bwrap as that uid.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { asProcessEnv } from '../run-captured';
import { ARGS_FD, INFO_FD, USERNS_FD } from './bwrap-args';
import { LEARNER_ID, SANDBOX_PATH } from './etc-templates';

/** How long a sandbox may take to become ready before we give up (in milliseconds). */
const READY_TIMEOUT_MS = 10_000;
/** Most of bwrap's stderr we keep for error messages (in characters). */
const STDERR_KEEP_CHARS = 4_000;
const READY_LINE = 'ready\n';

/**
 * $1 = host uid U, $2 = the curated /etc, then the cgroup.procs files to join (first, so every
 * process started from here on is limited). It runs in a private mount namespace of its own
 * (unshare -m) where the curated /etc is bound over /etc, so bwrap, running as U, can bind it even
 * when the data directory sits below a directory U may not enter (a 0700 home). A holder process
 * running as U unshares a user namespace (so U owns it); we, still root, write its full
 * 0..65535 -> U.. map, keep the namespace open on fd USERNS_FD and drop to U for bwrap.
 * Host root is never mapped inside (see user_namespaces(7)).
 */
export const LAUNCH_SCRIPT = `set -eu
u=$1 etc=$2; shift 2
for f do echo $$ > "$f"; done
mount --bind "$etc" /etc
setpriv --reuid="$u" --regid="$u" --clear-groups unshare --user sleep 60 &
holder=$!
while [ /proc/$holder/ns/user -ef /proc/$$/ns/user ]; do kill -0 $holder; done
echo "0 $u 65536" > /proc/$holder/uid_map
echo "0 $u 65536" > /proc/$holder/gid_map
exec ${USERNS_FD}</proc/$holder/ns/user
kill $holder; { wait $holder; } 2>/dev/null || true
exec setpriv --reuid="$u" --regid="$u" --clear-groups bwrap --args ${ARGS_FD} /bin/sh
`;

/**
 * Read by the sandbox's /bin/sh from stdin (so PID 1 shows as a short `bwrap --args 3 /bin/sh` in the
 * learner's ps): give the learner their home, report readiness, then keep the sandbox alive.
 */
export const KEEPER_SCRIPT = `chown ${LEARNER_ID}:${LEARNER_ID} /home/learner
echo ready
exec sleep infinity </dev/null >/dev/null 2>&1 ${ARGS_FD}>&- ${INFO_FD}>&- ${USERNS_FD}>&-
`;

export type LaunchedSandbox = {
  /** The launcher, which became the outer bwrap: killing it ends the sandbox (--die-with-parent). */
  child: ChildProcess;
  /** Host pid of the sandbox's PID 1, whose namespaces, root and cwd new shells join. */
  anchorPid: number;
  /** The recent part of bwrap's stderr. */
  stderr(): string;
};

export function launchSandbox(hostUid: number, etcDir: string, procsFiles: readonly string[], bwrapArgs: readonly string[]): Promise<LaunchedSandbox | string> {
  const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', LAUNCH_SCRIPT, 'nslab-launch', String(hostUid), etcDir, ...procsFiles], {
    env: asProcessEnv({ PATH: SANDBOX_PATH }),
    cwd: '/',
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP_CHARS);
  });
  const argsStream = child.stdio[ARGS_FD] as Writable;
  argsStream.on('error', () => {
    // bwrap died before reading its arguments; the exit handler below reports why.
  });
  argsStream.end(bwrapArgs.map((a) => `${a}\0`).join(''));
  child.stdin?.on('error', () => {
    // Same: the exit handler reports the failure.
  });
  child.stdin?.end(KEEPER_SCRIPT);

  return new Promise((resolve) => {
    let out = '';
    let info = '';
    let anchorPid: number | undefined;
    let ready = false;
    const finish = (result: LaunchedSandbox | string) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (typeof result === 'string') {
        child.kill('SIGKILL');
        for (const s of child.stdio) s?.destroy();
      }
      resolve(result);
    };
    const check = () => {
      if (ready && anchorPid !== undefined) finish({ child, anchorPid, stderr: () => stderr });
    };
    const timer = setTimeout(() => finish(`the sandbox did not start within ${READY_TIMEOUT_MS} ms. ${stderr}`.trim()), READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Let the last stderr bytes arrive before reporting.
      setImmediate(() => finish(`the sandbox launcher exited (${signal ?? `code ${code}`}) before the sandbox was ready: ${stderr.trim() || 'no error output'}`));
    };
    child.on('exit', onExit);
    child.stdout?.on('data', (d: Buffer) => {
      if (ready) return;
      out += d.toString('utf8');
      ready = out.includes(READY_LINE);
      check();
    });
    (child.stdio[INFO_FD] as Readable).on('data', (d: Buffer) => {
      info += d.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(info);
      if (match?.[1]) anchorPid = Number(match[1]);
      check();
    });
  });
}
