// A step's `watch`: the system call the syscall timeline should point out during the step, e.g. `setns` or `unshare CLONE_NEWPID`.
import { z } from 'zod';

/** The calls the timeline shows (the lab's tracer traces exactly these; `write` is a write to uid_map, gid_map or setgroups). */
export const WATCHABLE_CALLS = ['unshare', 'clone', 'clone3', 'setns', 'mount', 'umount2', 'pivot_root', 'chroot', 'sethostname', 'setdomainname', 'shmget', 'msgget', 'semget', 'write'] as const;

/** A call's name, then flags it must carry (as the timeline names them: CLONE_NEWPID, MS_BIND …), space-separated. */
export const Watch = z
  .string()
  .trim()
  .refine((s) => (WATCHABLE_CALLS as readonly string[]).includes(s.split(/\s+/)[0]!), {
    message: `watch names a call the timeline shows (${WATCHABLE_CALLS.join(', ')}), then any flags it must carry, e.g. "unshare CLONE_NEWPID"`,
  })
  .refine(
    (s) =>
      s
        .split(/\s+/)
        .slice(1)
        .every((f) => /^[A-Z][A-Z0-9_]+$/.test(f)),
    { message: 'watch flags are names in capitals, e.g. CLONE_NEWUTS or MS_BIND' },
  );
export type Watch = z.infer<typeof Watch>;

/** Whether a timeline entry (its call and decoded flags) is what `watch` points at. */
export function matchesWatch(watch: string, entry: { call: string; flags: readonly string[] }): boolean {
  const [call, ...flags] = watch.trim().split(/\s+/);
  return entry.call === call && flags.every((f) => entry.flags.includes(f));
}
