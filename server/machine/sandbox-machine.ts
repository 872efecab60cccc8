// The `sandbox` lab machine: one bubblewrap sandbox per learner session on this host, with cgroup limits.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { LabMachine, MachineError, Sandbox } from './machine';
import { sandboxOptionsProblem, type SandboxOptions } from './sandbox-options';
import { bwrapArgs, detectRootEntries } from './sandbox/bwrap-args';
import { BwrapSandbox } from './sandbox/bwrap-sandbox';
import { createSessionCgroups, describeLayout, destroyCgroup, detectCgroupLayout, missingControllers, sessionCgroupDirs } from './sandbox/cgroups';
import { buildSandboxEtc } from './sandbox/etc-files';
import { launchSandbox } from './sandbox/launcher';
import { cleanupStaleSandboxes, sessionCgroupName } from './sandbox/stale-cleanup';
import { claimUidRange } from './sandbox/uid-range-lock';
import { UidSlots } from './sandbox/uid-slots';

const SANDBOX_ID = /^[A-Za-z0-9_-]{1,64}$/;

const failed = (message: string): MachineError => ({ code: 'machine_failed', message });

/** The sandbox machine also tells which host uids it took (another server on the host may hold the requested ones). */
export type SandboxMachine = LabMachine & { readonly uidRange: { uidBase: number; uidLimit: number } };

export async function createSandboxMachine(options: SandboxOptions): Promise<Result<SandboxMachine, MachineError>> {
  const problem = sandboxOptionsProblem(options);
  if (problem) return err(failed(problem));
  const layout = await detectCgroupLayout();
  if (!layout) {
    return err(failed('no usable cgroup controllers (pids, memory) under /sys/fs/cgroup: sandboxes would run without limits. Mount cgroup v2 (or the v1 pids and memory hierarchies).'));
  }
  const missing = missingControllers(layout);
  if (missing.length > 0) console.warn(`nslab: cgroup controller(s) ${missing.join(', ')} not available: sandboxes run without that limit.`);
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
  const slots = new UidSlots(range.base, options.maxSandboxes);
  const open = new Map<string, BwrapSandbox>();
  let disposed = false;

  async function openSandbox(id: string): Promise<Result<Sandbox, MachineError>> {
    if (disposed) return err(failed('the lab machine is shutting down'));
    if (!SANDBOX_ID.test(id)) return err(failed(`invalid sandbox id ${JSON.stringify(id)}: use 1-64 letters, digits, - and _`));
    if (open.has(id)) return err(failed(`a sandbox with id ${id} is already open`));
    const hostUid = slots.take();
    if (hostUid === undefined) {
      return err({ code: 'limit_reached', message: `all ${options.maxSandboxes} sandboxes are in use; try again when a session ends` });
    }
    const cgroupName = sessionCgroupName(hostUid, id);
    const cgroupDirs = sessionCgroupDirs(layout!, cgroupName);
    const undo = async () => {
      await Promise.all(cgroupDirs.map((d) => destroyCgroup(d).catch(() => undefined)));
      slots.release(hostUid);
    };
    let procsFiles: string[];
    try {
      procsFiles = await createSessionCgroups(layout!, cgroupName, { pidsMax: options.pidsMax, memoryBytes: options.memoryBytes });
    } catch (e) {
      await undo();
      return err(failed(`could not create the sandbox's cgroups (${describeLayout(layout!)}): ${(e as Error).message}`));
    }
    const launched = await launchSandbox(hostUid, etcDir, procsFiles, args);
    if (typeof launched === 'string') {
      await undo();
      return err(failed(`the sandbox failed to start: ${launched}`));
    }
    const sandbox = new BwrapSandbox({
      id,
      target: { hostUid, anchorPid: launched.anchorPid, procsFiles },
      cgroupDirs,
      launched,
      onDisposed: () => {
        open.delete(id);
        slots.release(hostUid);
      },
    });
    open.set(id, sandbox);
    return ok(sandbox);
  }

  return ok({
    kind: 'sandbox',
    uidRange: { uidBase: range.base, uidLimit: range.end },
    describe: () => `bubblewrap sandbox per session (host uids ${range.base}-${range.end - 1}; ${describeLayout(layout)}; ${options.pidsMax} processes, ${options.memoryBytes} bytes of memory, ${options.tmpfsBytes}-byte tmpfs)`,
    openSandbox,
    cleanupStale: () => cleanupStaleSandboxes({ slots, liveUids: new Set([...open.values()].map((s) => s.hostUid)) }),
    async dispose() {
      disposed = true;
      await Promise.all([...open.values()].map((s) => s.dispose()));
      range.release();
    },
  });
}
