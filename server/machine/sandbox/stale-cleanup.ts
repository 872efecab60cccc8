// Removes what a crashed predecessor left: processes in nslab/* cgroups (v1 and v2), the cgroups, and processes in our uid range.
import path from 'node:path';
import type { Logger } from '../../log';
import { killPids, listProcesses } from '../proc-table';
import { destroyCgroup, listAllSessionCgroups } from './cgroups';
import type { UidSlots } from './uid-slots';

export type StaleScope = {
  slots: UidSlots;
  /** Host uids of the sandboxes this machine has open right now: theirs are not stale. */
  liveUids: ReadonlySet<number>;
  /** Told about a stale cgroup that could not be removed. */
  log: Pick<Logger, 'warn'>;
};

/**
 * A session cgroup is named after the sandbox's host uid and id, so a server only ever
 * removes cgroups of its own uid range: another lab server on the host (a test run, a
 * second instance with its own NSLAB uid range) keeps its sandboxes.
 */
export const sessionCgroupName = (hostUid: number, id: string): string => `u${hostUid}-${id}`;

const uidOfCgroup = (dir: string): number | undefined => {
  const m = /^u(\d+)-/.exec(path.basename(dir));
  return m ? Number(m[1]) : undefined;
};

export async function cleanupStaleSandboxes(scope: StaleScope): Promise<void> {
  const cgroups = (await listAllSessionCgroups()).filter((dir) => {
    const uid = uidOfCgroup(dir);
    return uid !== undefined && scope.slots.contains(uid) && !scope.liveUids.has(uid);
  });
  await Promise.all(
    cgroups.map((dir) =>
      destroyCgroup(dir).catch((e: Error) => {
        // One stuck cgroup must not stop the server from starting; say so and carry on.
        scope.log.warn(`could not remove stale cgroup ${dir}: ${e.message}`);
      }),
    ),
  );
  const strays = (await listProcesses()).filter((p) => scope.slots.contains(p.uid) && !scope.slots.inUse(p.uid));
  killPids(strays.map((p) => p.pid));
}
