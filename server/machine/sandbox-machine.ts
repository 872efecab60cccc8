// The `sandbox` lab machine: one bubblewrap sandbox per learner session on this host, with cgroup limits.
import { readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { AsyncDisposableStore, toAsyncDisposable, toDisposable } from '../../core/lifecycle';
import { err, ok, type Result } from '../../core/result';
import { createLogger, type Logger } from '../log';
import { ExecTracer } from '../tracer/exec-tracer';
import { SyscallTracer } from '../tracer/syscall-tracer';
import type { LabMachine, MachineError, Sandbox } from './machine';
import { sandboxOptionsProblem, type SandboxOptions } from './sandbox-options';
import { bwrapArgs, detectRootEntries } from './sandbox/bwrap-args';
import { BwrapSandbox } from './sandbox/bwrap-sandbox';
import { createSessionCgroups, describeLayout, destroyCgroup, detectCgroupLayout, missingControllers, prepareCgroupParent, sessionCgroupDirs } from './sandbox/cgroups';
import { buildSandboxEtc } from './sandbox/etc-files';
import { launchSandbox, type LaunchedSandbox } from './sandbox/launcher';
import { cleanupStaleSandboxes, sessionCgroupName } from './sandbox/stale-cleanup';
import { claimUidRange } from './sandbox/uid-range-lock';
import { UidSlots } from './sandbox/uid-slots';
import { WarmPool } from './sandbox/warm-pool';

const SANDBOX_ID = /^[A-Za-z0-9_-]{1,64}$/;

const failed = (message: string): MachineError => ({ code: 'machine_failed', message });

/** Whether a process exists and has not exited (a zombie, state Z or X, has). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // gone
  }
}

/** A bwrap sandbox that runs, in its cgroups, not yet tied to a session. */
type Launched = { hostUid: number; cgroupDirs: string[]; procsFiles: string[]; launched: LaunchedSandbox };

/**
 * Names a warm sandbox's cgroups after the session it now serves (`u<uid>-<id>`, as a cold one's).
 * cgroup v1 renames a cgroup in place; v2 has no rename (EPERM), and there it keeps its warm name,
 * which still tells its uid to the stale cleanup.
 */
async function renameCgroups(l: Launched, name: string): Promise<Launched> {
  const dirs = await Promise.all(
    l.cgroupDirs.map(async (dir) => {
      const renamed = path.join(path.dirname(dir), name);
      return rename(dir, renamed).then(
        () => renamed,
        () => dir,
      );
    }),
  );
  return { ...l, cgroupDirs: dirs, procsFiles: dirs.map((d) => path.join(d, 'cgroup.procs')) };
}

/**
 * The sandbox machine also tells which host uids it took (another server on the host may hold the
 * requested ones), and how its warm pool stands: `busy` from the moment it decides to launch one.
 */
export type SandboxMachine = LabMachine & { readonly uidRange: { uidBase: number; uidLimit: number }; readonly warmPool: { readonly readyCount: number; readonly busy: boolean } };

/** `log` hears what the host lacks (a cgroup controller, CPUs) and what a start had to clean up. */
export async function createSandboxMachine(options: SandboxOptions, log: Logger = createLogger()): Promise<Result<SandboxMachine, MachineError>> {
  const problem = sandboxOptionsProblem(options);
  if (problem) return err(failed(problem));
  const detected = await detectCgroupLayout();
  if (!detected) {
    return err(failed('no usable cgroup controllers (pids, memory) under /sys/fs/cgroup: sandboxes would run without limits. Mount cgroup v2 (or the v1 pids and memory hierarchies).'));
  }
  let layout = detected;
  try {
    const prepared = await prepareCgroupParent(detected);
    layout = prepared.layout;
    for (const problem of prepared.problems) log.warn(problem);
  } catch (e) {
    return err(failed(`could not prepare the sandboxes' parent cgroups (${describeLayout(detected)}): ${(e as Error).message}`));
  }
  const missing = missingControllers(layout);
  if (missing.length > 0) log.warn(`cgroup controller(s) ${missing.join(', ')} not available: sandboxes run without that limit.`);
  if (options.cpus > availableParallelism()) {
    log.warn(`the CPU cap per sandbox (${options.cpus}) is more than this host's ${availableParallelism()} CPUs: only the equal weights share the CPUs.`);
  }
  const limits = { pidsMax: options.pidsMax, memoryBytes: options.memoryBytes, cpus: options.cpus };
  let etcDir: string;
  try {
    await mkdir(options.dataDir, { recursive: true });
    etcDir = await buildSandboxEtc(path.resolve(options.dataDir));
  } catch (e) {
    return err(failed(`could not prepare the sandbox's /etc in ${options.dataDir}: ${(e as Error).message}`));
  }
  const args = bwrapArgs({ tmpfsBytes: options.tmpfsBytes, rootEntries: await detectRootEntries(), launch: 'direct' });
  // Another lab server on this host (a second instance, a test run) keeps its own uid range.
  const range = claimUidRange(options.uidBase, options.maxSandboxes);
  if (!range) return err(failed(`every host uid range from ${options.uidBase} on is claimed by other running nslab servers; stop one of them`));
  /** What the machine holds, let go in reverse: the warm pool, the open sandboxes, the tracer, the uid range. */
  const owned = new AsyncDisposableStore();
  owned.add(toDisposable(() => range.release()));
  const slots = new UidSlots(range.base, options.maxSandboxes);
  // One tracer for every sandbox of this machine: programs started by its uid range, routed by uid.
  const tracer = owned.add(ExecTracer.start(range.base, range.end));
  // And one for the namespace-related system calls of the syscall timeline, routed the same way.
  const syscalls = owned.add(
    options.syscallTracer === false ? SyscallTracer.off('the syscall tracer is switched off on this lab (NSLAB_SYSCALL_TRACER=0)') : SyscallTracer.start(range.base, range.end),
  );
  const open = new Map<string, BwrapSandbox>();
  owned.add(toAsyncDisposable(() => Promise.all([...open.values()].map((s) => s.dispose()))));
  let warmNames = 0;

  /** Takes a uid slot, makes the cgroups (named after the slot's uid and `name`) and launches bwrap in them. */
  async function launch(name: string): Promise<Result<Launched, MachineError>> {
    const hostUid = slots.take();
    if (hostUid === undefined) {
      return err({ code: 'limit_reached', message: `all ${options.maxSandboxes} sandboxes are in use; try again when a session ends` });
    }
    const cgroupDirs = sessionCgroupDirs(layout, sessionCgroupName(hostUid, name));
    const undo = async () => {
      await Promise.all(cgroupDirs.map((d) => destroyCgroup(d).catch(() => undefined)));
      slots.release(hostUid);
    };
    let procsFiles: string[];
    try {
      procsFiles = await createSessionCgroups(layout, sessionCgroupName(hostUid, name), limits);
    } catch (e) {
      await undo();
      return err(failed(`could not create the sandbox's cgroups (${describeLayout(layout, limits)}): ${(e as Error).message}`));
    }
    const launched = await launchSandbox(hostUid, etcDir, procsFiles, args);
    if (!launched.ok) {
      await undo();
      return err(failed(`the sandbox failed to start: ${launched.error}`));
    }
    return ok({ hostUid, cgroupDirs, procsFiles, launched: launched.value });
  }

  /** The sandbox of `id`, built from a launched one; its uid slot is freed (and the pool refilled) once it is gone. */
  function sandboxOf(id: string, l: Launched, track: boolean): BwrapSandbox {
    return new BwrapSandbox({
      id,
      target: { hostUid: l.hostUid, anchorPid: l.launched.anchorPid, procsFiles: l.procsFiles },
      cgroupDirs: l.cgroupDirs,
      launched: l.launched,
      tracer,
      syscalls,
      onDisposed: () => {
        if (track) open.delete(id);
        slots.release(l.hostUid);
        pool.fill();
      },
    });
  }

  const pool = new WarmPool<Launched>(options.warmSandboxes, {
    launch: async () => {
      const launched = await launch(`warm${warmNames++}`);
      return launched.ok ? launched.value : undefined;
    },
    // Node learns of bwrap's death only when it handles SIGCHLD; the kernel's process table knows at once.
    usable: (l) => l.launched.child.exitCode === null && l.launched.child.signalCode === null && running(l.launched.anchorPid),
    discard: (l) => sandboxOf('warm', l, false).dispose(),
  });
  owned.add(pool);

  async function openSandbox(id: string): Promise<Result<Sandbox, MachineError>> {
    if (owned.isDisposed) return err(failed('the lab machine is shutting down'));
    if (!SANDBOX_ID.test(id)) return err(failed(`invalid sandbox id ${JSON.stringify(id)}: use 1-64 letters, digits, - and _`));
    if (open.has(id)) return err(failed(`a sandbox with id ${id} is already open`));
    let launched: Result<Launched, MachineError> | undefined;
    for (;;) {
      const warm = pool.take();
      if (warm) {
        launched = ok(await renameCgroups(warm, sessionCgroupName(warm.hostUid, id)));
        break;
      }
      launched = await launch(id);
      // Every free slot may be held by a warm sandbox still starting: wait for it rather than refuse.
      if (launched.ok || launched.error.code !== 'limit_reached' || !pool.busy) break;
      await pool.settled();
    }
    pool.fill();
    if (!launched.ok) return launched;
    if (owned.isDisposed || open.has(id)) {
      await sandboxOf(id, launched.value, false).dispose();
      return err(failed(owned.isDisposed ? 'the lab machine is shutting down' : `a sandbox with id ${id} is already open`));
    }
    const sandbox = sandboxOf(id, launched.value, true);
    open.set(id, sandbox);
    return ok(sandbox);
  }

  return ok({
    kind: 'sandbox',
    uidRange: { uidBase: range.base, uidLimit: range.end },
    warmPool: pool,
    describe: () =>
      `bubblewrap sandbox per session (host uids ${range.base}-${range.end - 1}; ${describeLayout(layout, limits)}; ${options.pidsMax} processes, ${options.memoryBytes} bytes of memory, ${options.tmpfsBytes}-byte tmpfs)`,
    openSandbox,
    whenTracing: () => tracer.whenReady(),
    tracing: () => tracer.state,
    async cleanupStale() {
      // Every taken slot is live: open sandboxes and warm ones (starting or ready).
      await cleanupStaleSandboxes({ slots, liveUids: new Set(slots.taken()), log });
      // Only now: a warm sandbox must not share a uid with a crashed predecessor's leftovers.
      pool.fill();
    },
    dispose: () => owned.dispose(),
  });
}
