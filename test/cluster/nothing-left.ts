// After a cluster test: polls until a node's sandboxes left no process, cgroup or mount (a sandbox's processes are reaped as their keeper goes).
import { snapshotOurResources, type LeakScope } from '../support/leaks';
import { waitUntil } from '../support/wait';

/** How long a stopped node's sandboxes may take to be gone (in milliseconds). */
const GONE_TIMEOUT_MS = 15_000;

/** Resolves once nothing of `scope` (a node's uid range and data directory) is left; throws with what is left. */
export async function leavesNothing(id: string, scope: LeakScope): Promise<void> {
  let left = { processes: [] as string[], cgroups: [] as string[], mounts: [] as string[] };
  const clean = async () => {
    const s = await snapshotOurResources(scope);
    left = { processes: [...s.processes], cgroups: [...s.cgroups], mounts: [...s.mounts] };
    return left.processes.length + left.cgroups.length + left.mounts.length === 0;
  };
  await waitUntil(clean, () => `${id} to leave nothing behind: ${JSON.stringify(left)}`, GONE_TIMEOUT_MS);
}
