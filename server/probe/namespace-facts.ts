// Reads the facts of one namespace from the kernel (hostname, interfaces, mounts, IPC objects, cgroup root, time offsets, maps).
import type { NamespaceType } from '../../core/namespaces';
import type { NamespaceFacts } from '../../core/protocol';
import type { Sandbox } from '../machine/machine';
import { runLab } from './run-probe';

/**
 * One shell snippet per type; $1 is the PID. setns(2) works for the namespaces the sandbox
 * owns (uts, net, ipc, mnt); the cgroup and time namespaces are read through /proc instead.
 * Each snippet prints "label<TAB>value" lines.
 */
const SNIPPETS: Record<NamespaceType, string> = {
  uts: `printf 'hostname\\t%s\\n' "$(nsenter --target "$1" --uts hostname)"; printf 'NIS domain name\\t%s\\n' "$(nsenter --target "$1" --uts domainname)"`,
  net: `nsenter --target "$1" --net ip -o addr show | awk '{ printf "address\\t%s %s (%s)\\n", $2, $4, $3 }'
nsenter --target "$1" --net ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); state = ($3 ~ /[<,]UP[,>]/) ? "up" : "down"; printf "interface\\t%s (%s)\\n", $2, state }'
nsenter --target "$1" --net ip route show | sed 's/^/route\\t/'`,
  mnt: `printf 'mounts\\t%s\\n' "$(wc -l < /proc/"$1"/mountinfo)"; awk '{ printf "mount\\t%s (%s)\\n", $5, $(NF-2) }' /proc/"$1"/mountinfo | head -n 12`,
  ipc: `nsenter --target "$1" --ipc sh -c 'printf "shared memory segments\\t%s\\n" $(($(wc -l < /proc/sysvipc/shm) - 1)); printf "message queues\\t%s\\n" $(($(wc -l < /proc/sysvipc/msg) - 1)); printf "semaphore sets\\t%s\\n" $(($(wc -l < /proc/sysvipc/sem) - 1))'`,
  cgroup: `sed 's/^/cgroup (seen from the sandbox)\\t/' /proc/"$1"/cgroup | head -n 12`,
  time: `sed 's/^/offset\\t/' /proc/"$1"/timens_offsets`,
  // Read from outside the sandbox's user namespace (see processes.sh), host ids are given as the sandbox sees them.
  user: `for f in uid gid; do awk -v label="$f map" -v same="$([ /proc/"$1"/ns/user -ef /proc/1/ns/user ] && echo 1)" 'NR == FNR { base = $2; count = $3; next } { if (!same && $2 >= base && $2 < base + count) $2 -= base; printf "%s\\t%s %s %s\\n", label, $1, $2, $3 }' /proc/1/\${f}_map /proc/"$1"/\${f}_map; done`,
  pid: `printf 'PIDs (outermost first)\\t%s\\n' "$(awk '/^NSpid:/ { $1 = ""; print }' /proc/"$1"/status)"`,
};

export async function namespaceFacts(sandbox: Sandbox, pid: number, type: NamespaceType): Promise<NamespaceFacts> {
  const script = `link=$(readlink /proc/"$1"/ns/${type}) || exit 3\nprintf 'inode\\t%s\\n' "$link"\n${SNIPPETS[type]}\n`;
  const run = await runLab(sandbox, ['/bin/sh', '-c', script, 'nslab-facts', String(pid)], { timeoutMs: 5_000 });
  const items = run.stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => ({ label: line.slice(0, line.indexOf('\t')), value: line.slice(line.indexOf('\t') + 1).trim() }));
  const inodeItem = items.find((i) => i.label === 'inode');
  const inode = inodeItem ? Number(/\[(\d+)\]/.exec(inodeItem.value)?.[1] ?? NaN) : NaN;
  if (run.exitCode === 3 || !inodeItem) {
    return { type, pid, inode: null, items: [{ label: 'gone', value: `process ${pid} has ended` }] };
  }
  return { type, pid, inode: Number.isNaN(inode) ? null : inode, items: items.filter((i) => i.label !== 'inode') };
}
