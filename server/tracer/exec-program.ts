// The bpftrace program of the exec tracer: one line per execve by a sandbox uid, with the namespaces it ran in.

/** Namespace fields of a traced exec, in the order the program prints them. */
export const TRACED_NS = ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'time', 'user', 'pid'] as const;

/**
 * `sched_process_exec` fires once the new program is loaded, in the process itself, so `curtask`'s
 * namespaces are the ones it runs in. `pid` there is pid_ns_for_children: the task's own pid namespace
 * sits in `thread_pid->numbers[level]`, which bpftrace 0.17 cannot index by a variable.
 * Only uids in [first, limit) (the lab's sandboxes) are printed: the host's own programs are not ours to see.
 * BEGIN runs once every probe is attached, so "READY" means nothing is missed from then on.
 */
export function execProgram(firstUid: number, limitUid: number): string {
  return `
BEGIN { printf("READY\\n"); }
tracepoint:sched:sched_process_exec /uid >= ${firstUid} && uid < ${limitUid}/ {
  $t = curtask;
  $n = $t->nsproxy;
  printf("E %d %d %d %u %u %u %u %u %u %u %u %s\\n", pid, $t->real_parent->tgid, uid,
    $n->uts_ns->ns.inum, $n->ipc_ns->ns.inum, $n->mnt_ns->ns.inum, $n->net_ns->ns.inum,
    $n->cgroup_ns->ns.inum, $n->time_ns->ns.inum, $t->real_cred->user_ns->ns.inum,
    $n->pid_ns_for_children->ns.inum, comm);
}
`;
}
