// What the probe reports about the lab machine: every process with its namespaces, as one pid namespace sees them.
import { z } from 'zod';

/** Namespace links under /proc/PID/ns: the eight types plus the *_for_children links. */
export const NS_LINKS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'] as const;

export const ProbeProcess = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  uid: z.number().int(),
  gid: z.number().int(),
  /** The kernel's short name (/proc/PID/comm). */
  comm: z.string(),
  /** The command line, arguments joined by spaces. */
  args: z.string(),
  /** PIDs of this process from the probe's pid namespace inward (NSpid in /proc/PID/status). */
  nspid: z.array(z.number().int()),
  /** /proc/PID/uid_map and gid_map, lines joined by ";", fields by single spaces. */
  uidMap: z.string(),
  gidMap: z.string(),
  /** Name of the lab terminal whose shell started this process (NSLAB_TERMINAL in its environment), if any. */
  terminal: z.string().nullable(),
  /** Namespace inode numbers by link name; a link the probe could not read is absent. */
  ns: z.partialRecord(z.enum(NS_LINKS), z.number().int()),
});
export type ProbeProcess = z.infer<typeof ProbeProcess>;

export const ProbeSnapshot = z.object({
  version: z.literal(1),
  /** PID of the probe's own shell (excluded from `processes`). */
  self: z.number().int(),
  processes: z.array(ProbeProcess),
});
export type ProbeSnapshot = z.infer<typeof ProbeSnapshot>;
