// Removes what a crashed predecessor left: processes in nslab/* cgroups (v1 and v2), the cgroups, and processes in our uid range.
import path from 'node:path';
import { killPids, listProcesses } from '../proc-table';
import { destroyCgroup, listAllSessionCgroups } from './cgroups';
import type { UidSlots } from './uid-slots';

export type StaleScope = {
  slots: UidSlots;
  /** Ids of sandboxes this machine has open right now: theirs are not stale. */
  liveIds: ReadonlySet<string>;
};

export async function cleanupStaleSandboxes(scope: StaleScope): Promise<void> {
  const cgroups = (await listAllSessionCgroups()).filter((dir) => !scope.liveIds.has(path.basename(dir)));
  await Promise.all(
    cgroups.map((dir) =>
      destroyCgroup(dir).catch((e: Error) => {
        // One stuck cgroup must not stop the server from starting; say so and carry on.
        console.warn(`nslab: could not remove stale cgroup ${dir}: ${e.message}`);
      }),
    ),
  );
  const strays = (await listProcesses()).filter((p) => scope.slots.contains(p.uid) && !scope.slots.inUse(p.uid));
  killPids(strays.map((p) => p.pid));
}
