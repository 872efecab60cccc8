// Closes descriptors the server inherited from whatever started it, so they can never leak into a learner's sandbox.
import { closeSync, readdirSync, readFileSync } from 'node:fs';

/** O_CLOEXEC in the octal `flags:` line of /proc/self/fdinfo/N. */
const O_CLOEXEC = 0o2000000;

/**
 * Node opens every descriptor of its own close-on-exec; one without that flag was inherited
 * and would pass on to every program the server starts (bwrap, the shells inside it). Standard
 * input, output and error stay, and so does Node's IPC channel when it has one. Returns what it closed.
 */
export function closeInheritedFds(): number[] {
  const keep = new Set([0, 1, 2, Number(process.env.NODE_CHANNEL_FD ?? -1)]);
  const closed: number[] = [];
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fdinfo');
  } catch {
    return closed; // no /proc (not Linux): nothing to do
  }
  for (const name of fds) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || keep.has(fd)) continue;
    let flags: number;
    try {
      flags = parseInt(/^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '', 8);
    } catch {
      continue; // the directory's own descriptor, gone already
    }
    if (Number.isNaN(flags) || flags & O_CLOEXEC) continue;
    try {
      closeSync(fd);
      closed.push(fd);
    } catch {
      // Closed meanwhile.
    }
  }
  return closed;
}
