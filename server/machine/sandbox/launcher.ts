// Starts a sandbox: bwrap runs as the slot's host uid and makes the user namespace; we, root, join it to its cgroups and write its full uid map.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { err, ok, type Result } from '../../../core/result';
import { asProcessEnv } from '../run-captured';
import { ARGS_FD, INFO_FD, SECCOMP_FD, USERNS_BLOCK_FD, USERNS_FD } from './bwrap-args';
import { LEARNER_ID, SANDBOX_PATH } from './etc-templates';
import { closeInheritedFds, hostSeccomp } from './seccomp-join';
import { KEEPER_ULIMITS } from './host-tables';

/** How long a sandbox may take to become ready before we give up (in milliseconds). */
const READY_TIMEOUT_MS = 10_000;
/** Most of bwrap's stderr we keep for error messages (in characters). */
const STDERR_KEEP_CHARS = 4_000;
const READY_LINE = 'ready\n';

/**
 * The shell launcher, for machines we reach only through a shell (the SSH machine runs it there).
 * $1 = host uid U, $2 = the curated /etc, $3 = the seccomp filter (struct sock_filter array, opened
 * here as fd SECCOMP_FD for bwrap's --seccomp), then the cgroup.procs files to join (first, so every
 * process started from here on is limited). It runs in a private mount namespace of its own
 * (unshare -m) where the curated /etc is bound over /etc, so bwrap, running as U, can bind it even
 * when the data directory sits below a directory U may not enter (a 0700 home). A holder process
 * running as U unshares a user namespace (so U owns it); we, still root, write its full
 * 0..65535 -> U.. map, keep the namespace open on fd USERNS_FD and drop to U for bwrap.
 * Host root is never mapped inside (see user_namespaces(7)). The host's /sys, with the cgroup
 * hierarchies mounted below it, is covered first by a sysfs of a throw-away network namespace
 * (gone with `unshare`, so it lists no device), which bwrap binds instead; the keeper then mounts
 * the sandbox's own over it.
 */
export const LAUNCH_SCRIPT = `set -eu
u=$1 etc=$2 filter=$3; shift 3
for f do echo $$ > "$f"; done
mount --bind "$etc" /etc
setpriv --reuid="$u" --regid="$u" --clear-groups unshare --user sleep 60 &
holder=$!
while [ /proc/$holder/ns/user -ef /proc/$$/ns/user ]; do kill -0 $holder; done
echo "0 $u 65536" > /proc/$holder/uid_map
echo "0 $u 65536" > /proc/$holder/gid_map
exec ${USERNS_FD}</proc/$holder/ns/user
kill $holder; { wait $holder; } 2>/dev/null || true
unshare --net mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
exec setpriv --reuid="$u" --regid="$u" --clear-groups bwrap --args ${ARGS_FD} /bin/sh ${SECCOMP_FD}<"$filter"
`;

/**
 * Read by the sandbox's /bin/sh from stdin (so PID 1 shows as a short `bwrap --args 3 /bin/sh` in the
 * learner's ps): show the sandbox's own network devices in /sys, give the learner their home, let
 * every account ping, report readiness, then keep the sandbox alive.
 *
 * /sys: a sysfs lists the network devices of the namespace that mounted it. The shell launcher's
 * /sys is a throw-away namespace's, empty once that namespace is gone, so the keeper mounts its own
 * over it (the pair bwrap bound stays below, fully visible, so `ip netns exec` may still unmount
 * /sys and mount one). The direct launcher's /sys already is the sandbox's, with its `lo`: nothing
 * to do (and no program to start).
 *
 * ping_group_range: /usr is mounted nosuid, so ping's file capability (cap_net_raw) does not apply
 * and `learner` could not ping at all; root can, with a raw socket. A Debian host lets every group
 * open ICMP datagram sockets (systemd's sysctl.d default "0 2147483647"); a new network namespace
 * starts with "1 0", nobody (icmp(7)). The setting is per network namespace, so this reaches only
 * the sandbox's own; the learner could already get raw sockets in one they make with `unshare -rn`.
 * A failed write (a kernel without ping sockets) is left silent: root's raw-socket ping still works.
 *
 * Limits: PID 1 and the keeper get the sandbox's rlimits (KEEPER_ULIMITS, host-tables.ts).
 */
export const KEEPER_SCRIPT = `[ -e /sys/class/net/lo ] || mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys
chown ${LEARNER_ID}:${LEARNER_ID} /home/learner
${KEEPER_ULIMITS}
{ echo '0 65535' > /proc/sys/net/ipv4/ping_group_range; } 2>/dev/null
echo ready
exec sleep infinity </dev/null >/dev/null 2>&1 ${ARGS_FD}>&- ${INFO_FD}>&- ${USERNS_FD}>&-
`;

export type LaunchedSandbox = {
  /** The outer bwrap: killing it ends the sandbox (--die-with-parent). */
  child: ChildProcess;
  /** Host pid of the sandbox's PID 1, whose namespaces, root and cwd new shells join. */
  anchorPid: number;
  /** The recent part of bwrap's stderr. */
  stderr(): string;
};

/** The user namespace's map: uids and gids 0..65535 inside are hostUid.. outside; host root stays unmapped. */
const idMap = (hostUid: number) => `0 ${hostUid} 65536\n`;

/**
 * Two execs instead of the shell launcher's eight: bwrap starts as U (spawn's uid/gid, supplementary
 * groups cleared), unshares its namespaces, reports its child's pid on INFO_FD and waits on
 * USERNS_BLOCK_FD (bwrap(1)). Meanwhile we move both bwrap processes into the session's cgroups
 * (nothing else runs yet: the child waits too), write the user namespace's uid and gid maps, and bind
 * the curated /etc over /etc in the child's mount namespace (`mount -N`, as root: U may not reach the
 * data directory, which can sit below a 0700 home), then let it go on.
 * `bwrapArgs` must be the `direct` flavour of bwrapArgs().
 */
export function launchSandbox(hostUid: number, etcDir: string, procsFiles: readonly string[], bwrapArgs: readonly string[]): Promise<Result<LaunchedSandbox, string>> {
  const seccomp = hostSeccomp();
  if (!seccomp.ok) return Promise.resolve(seccomp);
  let child: ChildProcess;
  try {
    // Through perl, which closes what the server could not mark close-on-exec (see closeInheritedFds), then execs bwrap.
    child = spawn('perl', ['-e', `${closeInheritedFds(SECCOMP_FD)} exec { "bwrap" } @ARGV or die "nslab: bwrap: $!\\n";`, 'bwrap', '--args', String(ARGS_FD), '/bin/sh'], {
      env: asProcessEnv({ PATH: SANDBOX_PATH }),
      cwd: '/',
      uid: hostUid,
      gid: hostUid,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    return Promise.resolve(err(`could not run bwrap: ${(e as Error).message}`));
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP_CHARS);
  });
  const ignore = () => {
    // bwrap died early; the exit handler below reports why.
  };
  child.on('error', ignore);
  const argsStream = child.stdio[ARGS_FD] as Writable;
  argsStream.on('error', ignore);
  argsStream.end(bwrapArgs.map((a) => `${a}\0`).join(''));
  child.stdin?.on('error', ignore);
  child.stdin?.end(KEEPER_SCRIPT);
  // bwrap reads the filter to its end and loads it into the sandbox's PID 1 (bwrap(1) --seccomp).
  const filter = (child.stdio as readonly unknown[])[SECCOMP_FD] as Writable;
  filter.on('error', ignore);
  filter.end(seccomp.value.program);
  const block = (child.stdio as readonly unknown[])[USERNS_BLOCK_FD] as Writable;
  block.on('error', ignore);

  return new Promise((resolve) => {
    let out = '';
    let info = '';
    let anchorPid: number | undefined;
    let ready = false;
    let done = false;
    /** bwrap's child while it waits for us: not yet bound to its parent's life (--die-with-parent comes later). */
    let waiting: number | undefined;
    const finish = (result: Result<LaunchedSandbox, string>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (!result.ok) {
        // The waiting child first: it cannot have been reaped (and its pid reused) while its parent lives.
        if (waiting !== undefined) killQuietly(waiting);
        child.kill('SIGKILL');
        for (const s of child.stdio) s?.destroy();
      }
      resolve(result);
    };
    const check = () => {
      if (ready && anchorPid !== undefined) finish(ok({ child, anchorPid, stderr: () => stderr }));
    };
    const timer = setTimeout(() => finish(err(`the sandbox did not start within ${READY_TIMEOUT_MS} ms. ${stderr}`.trim())), READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Let the last stderr bytes arrive before reporting.
      setImmediate(() => finish(err(`the sandbox launcher exited (${signal ?? `code ${code}`}) before the sandbox was ready: ${stderr.trim() || 'no error output'}`)));
    };
    child.on('exit', onExit);
    child.stdout?.on('data', (d: Buffer) => {
      if (ready) return;
      out += d.toString('utf8');
      ready = out.includes(READY_LINE);
      check();
    });
    const handOver = async (pid: number) => {
      try {
        // Both processes, one after the other: the child was forked before its parent joined.
        const joinCgroups = async (file: string) => {
          await writeFile(file, String(child.pid));
          await writeFile(file, String(pid));
        };
        const writeMaps = async () => {
          await writeFile(`/proc/${pid}/uid_map`, idMap(hostUid), { flag: 'r+' });
          await writeFile(`/proc/${pid}/gid_map`, idMap(hostUid), { flag: 'r+' });
        };
        const failed = (await Promise.allSettled([bindEtc(pid, etcDir), mountOwnSysfs(pid), writeMaps(), ...procsFiles.map(joinCgroups)])).find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
      } catch (e) {
        return finish(err(`could not hand the sandbox its cgroups and user namespace: ${(e as Error).message}`));
      }
      if (done) return;
      anchorPid = pid;
      waiting = undefined;
      block.end();
      check();
    };
    (child.stdio[INFO_FD] as Readable).on('data', (d: Buffer) => {
      if (anchorPid !== undefined || info.length > 4096) return;
      const before = /"child-pid"\s*:\s*(\d+)/.test(info);
      info += d.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(info);
      if (match?.[1] && !before) {
        waiting = Number(match[1]);
        void handOver(waiting);
      }
    });
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone: nothing to kill.
  }
}

/** `mount -N PID --bind etcDir /etc`: the bind happens in the mount namespace of PID (mount(8)). */
function bindEtc(pid: number, etcDir: string): Promise<void> {
  return run('mount', ['-N', String(pid), '--bind', etcDir, '/etc'], 'binding its /etc');
}

/**
 * Covers the host's /sys, in PID's mount namespace, with a sysfs of PID's own network namespace,
 * before bwrap binds /sys into the sandbox. bwrap then copies this one mount, with nothing mounted
 * on it: not the host's /sys nor the cgroup hierarchies below it, which a learner (root in the
 * sandbox's user namespace) could otherwise uncover by unmounting what covers them. A sysfs shows
 * the network devices of the namespace that mounted it (sysfs(5)), so /sys/class/net lists the
 * sandbox's own. No `ro` here: that would make this superblock read-only, and the kernel then lets
 * `ip netns exec` mount only read-only sysfs beside it (fs/namespace.c, mnt_already_visible);
 * bwrap's --ro-bind makes the sandbox's view read-only.
 */
function mountOwnSysfs(pid: number): Promise<void> {
  const ns = (type: string) => `--${type}=/proc/${pid}/ns/${type === 'mount' ? 'mnt' : type}`;
  return run('nsenter', [ns('mount'), ns('net'), 'mount', '-t', 'sysfs', '-o', 'nosuid,nodev,noexec', 'sysfs', '/sys'], 'mounting its /sys');
}

/** Runs a root helper to its end; rejects with `what` and its error output. */
function run(file: string, args: readonly string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: asProcessEnv({ PATH: SANDBOX_PATH }), cwd: '/' }, (e, _out, errOut) => {
      if (e) reject(new Error(`${what} failed: ${String(errOut).trim() || e.message}`));
      else resolve();
    });
  });
}
