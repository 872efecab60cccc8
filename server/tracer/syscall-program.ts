// The bpftrace program of the syscall tracer: every namespace-related system call of a sandbox uid, with its arguments and result.

/**
 * The calls traced, by the code the program prints (its index here). `write` stands for writes to a
 * process's /proc/PID/uid_map, gid_map or setgroups; other writes are never printed.
 */
export const TRACED_CALLS = ['unshare', 'clone', 'clone3', 'setns', 'mount', 'umount2', 'pivot_root', 'chroot', 'sethostname', 'setdomainname', 'shmget', 'msgget', 'semget', 'write'] as const;
export type TracedCall = (typeof TRACED_CALLS)[number];

/** CLONE_NEW* bits that clone(2) can carry (CLONE_NEWTIME's bit is CSIGNAL's there, so clone cannot ask for it). */
const CLONE_NS_MASK = 0x7e020000;
/** The same for clone3(2), which also takes CLONE_NEWTIME (0x80). */
const CLONE3_NS_MASK = 0x7e020080;
/** procfs's superblock magic (PROC_SUPER_MAGIC in linux/magic.h): only its uid_map files count. */
const PROC_SUPER_MAGIC = 0x9fa0;

export type SyscallProgramOptions = {
  /** Host uids of the lab's sandboxes: [firstUid, limitUid). */
  firstUid: number;
  limitUid: number;
  /** Level of the sandboxes' pid namespaces below the initial one: each call's pid as the sandbox sees it is read at it. */
  sandboxPidLevel: number;
  /**
   * A random token that starts every record and separates its fields. Learners choose the strings
   * printed (a hostname, a mount point) and may put newlines in them; without the token they could
   * print a line that reads as another sandbox's call.
   */
  nonce: string;
};

/** Line starts and ends of a record, as printed and parsed (see SyscallRecords). */
export const recordStart = (nonce: string) => `${nonce} S `;
/** A string of the call's record (printed before it, one per line: bpftrace's stack is too small for all in one printf). */
export const recordPart = (nonce: string) => `${nonce} P `;
export const recordEnd = (nonce: string) => `${nonce}.`;

/**
 * Arguments are kept at sys_enter in maps keyed by thread id, and one record per call is printed at
 * sys_exit with its result: enter and exit of one call may be read from different CPUs' buffers, so
 * pairing them in the kernel keeps their order. Each exit probe checks its own call's code, so a thread
 * killed inside a call leaves nothing that a later call of that thread id could print.
 * setns records the inode behind its descriptor (the namespace entered, whatever `nstype` says).
 * No kprobes: tracepoints work where kprobe_events does not (containers, locked-down kernels).
 * Each record carries the namespaces the call is about, read in the kernel once it returned: for unshare
 * and setns the caller's own; for clone and clone3 the child's. The parent's namespaces say nothing about
 * a child cloned with CLONE_NEW* (they stay as they were), and the child may have exited or moved by the
 * time the parent returns, so they are read at sched_process_fork: in the parent, after copy_process()
 * and before the child was first woken, when the child is the newest entry of its parent's `children`
 * list. Its `sibling` link's offset in task_struct is taken from the caller's own (its prev's next points
 * back at it: bpftrace 0.17 has no offsetof), and the entry counts only if its pid is the child's (another
 * thread of the caller may have forked at the same moment): else, with CLONE_PARENT, the child is the
 * newest of the caller's parent's children; else the record carries no inodes (0).
 * The uid_map writes are found at write(2) from the file behind the descriptor: a procfs file named
 * uid_map, gid_map or setgroups, and its directory's name is the target process as the writer named it.
 * BEGIN runs once every probe is attached, so "READY" means nothing is missed from then on.
 */
export function syscallProgram(o: SyscallProgramOptions): string {
  const mine = `uid >= ${o.firstUid} && uid < ${o.limitUid}`;
  const code = (call: TracedCall) => TRACED_CALLS.indexOf(call) + 1;
  const enter = (call: TracedCall, body: string, extra = '') => `tracepoint:syscalls:sys_enter_${tpName(call)} /${mine}${extra}/ { @c[tid] = ${code(call)}; ${body} }`;
  const L = o.sandboxPidLevel;
  const sep = o.nonce;
  const isClone = `(@c[tid] == ${code('clone')} || @c[tid] == ${code('clone3')})`;
  const exits = TRACED_CALLS.map(
    (call) => `tracepoint:syscalls:sys_exit_${tpName(call)} /@c[tid] == ${code(call)}/ {
  $t = curtask; $tp = $t->thread_pid;
  $vpid = $tp->level >= ${L} ? *(int32 *)((uint64)$tp + sizeof(struct pid) + ${16 * L}) : 0;
  printf("${recordPart(sep)}%d 0${sep}%s${recordEnd(sep)}\\n", tid, @s0[tid]);
  printf("${recordPart(sep)}%d 1${sep}%s${recordEnd(sep)}\\n", tid, @s1[tid]);
  printf("${recordPart(sep)}%d 2${sep}%s${recordEnd(sep)}\\n", tid, @s2[tid]);
  printf("${recordPart(sep)}%d 3${sep}%s${recordEnd(sep)}\\n", tid, comm);
  printf("${recordStart(sep)}%d %d %d %d %d %d %d %lu %lu %lu %u %u %u %u %u %u %u %u${recordEnd(sep)}\\n",
    ${code(call)}, pid, tid, $t->real_parent->tgid, uid, $vpid, args->ret, @a0[tid], @a1[tid], @a2[tid],
    ${isCloneCall(call) ? RECORD_NS_FIELDS.map((_, i) => `@k[tid, ${i}]`).join(', ') : RECORD_NS_FIELDS.map((f) => f('$t')).join(', ')});
  delete(@c[tid]); delete(@a0[tid]); delete(@a1[tid]); delete(@a2[tid]); delete(@s0[tid]); delete(@s1[tid]); delete(@s2[tid]);${
    isCloneCall(call) ? `\n  ${RECORD_NS_FIELDS.map((_, i) => `delete(@k[tid, ${i}]);`).join(' ')}` : ''
  }
}`,
  );
  return `
BEGIN { printf("READY\\n"); }
${enter('unshare', '@a0[tid] = args->unshare_flags;')}
${enter('clone', '@a0[tid] = args->clone_flags;', ` && (args->clone_flags & ${hex(CLONE_NS_MASK)})`)}
tracepoint:syscalls:sys_enter_clone3 /${mine}/ {
  $f = *(uint64 *)uptr(args->uargs);
  if ($f & ${hex(CLONE3_NS_MASK)}) { @c[tid] = ${code('clone3')}; @a0[tid] = $f; }
}
${enter('setns', '@a0[tid] = args->fd; @a1[tid] = args->flags; $file = *(curtask->files->fdt->fd + args->fd); if ($file != 0) { @a2[tid] = $file->f_inode->i_ino; }', ` && args->fd >= 0 && args->fd < curtask->files->fdt->max_fds`)}
${enter('mount', '@a0[tid] = args->flags; @s0[tid] = str(args->dev_name); @s1[tid] = str(args->dir_name); @s2[tid] = str(args->type);')}
${enter('umount2', '@a0[tid] = args->flags; @s1[tid] = str(args->name);')}
${enter('pivot_root', '@s0[tid] = str(args->new_root); @s1[tid] = str(args->put_old);')}
${enter('chroot', '@s1[tid] = str(args->filename);')}
${enter('sethostname', '@a0[tid] = args->len; @s0[tid] = str(args->name, args->len);')}
${enter('setdomainname', '@a0[tid] = args->len; @s0[tid] = str(args->name, args->len);')}
${enter('shmget', '@a0[tid] = args->key; @a1[tid] = args->size; @a2[tid] = args->shmflg;')}
${enter('msgget', '@a0[tid] = args->key; @a2[tid] = args->msgflg;')}
${enter('semget', '@a0[tid] = args->key; @a1[tid] = args->nsems; @a2[tid] = args->semflg;')}
tracepoint:syscalls:sys_enter_write /${mine} && args->fd >= 0 && args->fd < curtask->files->fdt->max_fds/ {
  $file = *(curtask->files->fdt->fd + args->fd);
  if ($file != 0) {
    $d = $file->f_path.dentry;
    if ($d->d_sb->s_magic == ${hex(PROC_SUPER_MAGIC)}) {
      $name = str($d->d_name.name);
      if ($name == "uid_map" || $name == "gid_map" || $name == "setgroups") {
        @c[tid] = ${code('write')}; @a0[tid] = args->count;
        @s0[tid] = $name; @s1[tid] = str($d->d_parent->d_name.name); @s2[tid] = str(args->buf, args->count);
      }
    }
  }
}
tracepoint:sched:sched_process_fork /${isClone}/ {
  $off = (uint64)curtask->sibling.prev->next - (uint64)curtask;
  $kid = (struct task_struct *)((uint64)curtask->children.prev - $off);
  if ($kid->pid != args->child_pid) { $kid = (struct task_struct *)((uint64)curtask->real_parent->children.prev - $off); }
  if ($kid->pid == args->child_pid) {
    ${RECORD_NS_FIELDS.map((f, i) => `@k[tid, ${i}] = ${f('$kid')};`).join('\n    ')}
  }
}
${exits.join('\n')}
`;
}

const isCloneCall = (call: TracedCall): boolean => call === 'clone' || call === 'clone3';

/**
 * The namespace inodes of a record, in the order SyscallRecords reads them, of a task `t`. `time` and
 * `pid` are the ones the task's children get (`*_for_children`): after `unshare --time` or `--pid` the
 * caller stays where it was and only those change; for a freshly cloned child they equal its own.
 */
const RECORD_NS_FIELDS: ((t: string) => string)[] = [
  (t) => `${t}->nsproxy->uts_ns->ns.inum`,
  (t) => `${t}->nsproxy->ipc_ns->ns.inum`,
  (t) => `${t}->nsproxy->mnt_ns->ns.inum`,
  (t) => `${t}->nsproxy->net_ns->ns.inum`,
  (t) => `${t}->nsproxy->cgroup_ns->ns.inum`,
  (t) => `${t}->nsproxy->time_ns_for_children->ns.inum`,
  (t) => `${t}->real_cred->user_ns->ns.inum`,
  (t) => `${t}->nsproxy->pid_ns_for_children->ns.inum`,
];

/** The tracepoint's name of a call (umount2 is `umount` in the syscalls tracepoints). */
const tpName = (call: TracedCall): string => (call === 'umount2' ? 'umount' : call);

const hex = (n: number): string => `0x${n.toString(16)}`;
