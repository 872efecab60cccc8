// A traced call in the learner's terms: its flags by name, its result or error with what it means, the namespaces it touched.
import type { NamespaceType } from '../../core/namespaces';
import type { TimelineEntry, TimelineNamespace } from '../../core/protocol/timeline';
import { errnoMeaning, errnoName } from './syscall-errno';
import { cloneFlags, ipcFlags, mountFlags, namespaceTypes, umountFlags, unshareFlags } from './syscall-flags';
import type { TracedCall } from './syscall-program';
import type { SyscallRecord } from './syscall-record';

/** What decoding a record gives; the session adds which process and terminal, in the sandbox's terms. */
export type DecodedCall = Pick<TimelineEntry, 'call' | 'text' | 'flags' | 'result' | 'namespaces' | 'man'>;

/** Strings are shown up to this many characters (the tracer reads at most 64 bytes of each). */
const MAX_STRING_CHARS = 64;

const MAN = 'https://man7.org/linux/man-pages';
const MAN_PAGES: Record<TracedCall, string> = {
  unshare: 'man2/unshare.2.html',
  clone: 'man2/clone.2.html',
  clone3: 'man2/clone.2.html',
  setns: 'man2/setns.2.html',
  mount: 'man2/mount.2.html',
  umount2: 'man2/umount.2.html',
  pivot_root: 'man2/pivot_root.2.html',
  chroot: 'man2/chroot.2.html',
  sethostname: 'man2/sethostname.2.html',
  setdomainname: 'man2/setdomainname.2.html',
  shmget: 'man2/shmget.2.html',
  msgget: 'man2/msgget.2.html',
  semget: 'man2/semget.2.html',
  write: 'man7/user_namespaces.7.html',
};

/** A C string argument as the learner would write it; an empty one was NULL (or ""). */
function quote(s: string): string {
  if (s === '') return 'NULL';
  const shown = s.length > MAX_STRING_CHARS ? `${s.slice(0, MAX_STRING_CHARS)}…` : s;
  return JSON.stringify(shown);
}

const joined = (flags: string[]): string => (flags.length ? flags.join('|') : '0');

/** An IPC key in hex, or IPC_PRIVATE. */
const ipcKey = (key: bigint): string => (key === 0n ? 'IPC_PRIVATE' : `0x${BigInt.asUintN(32, key).toString(16)}`);

/** The type of a namespace inode among the caller's namespaces after the call (setns with nstype 0). */
function typeOfInode(r: SyscallRecord, inode: number): NamespaceType | null {
  const hit = (Object.keys(r.ns) as NamespaceType[]).find((t) => r.ns[t] === inode);
  return hit ?? null;
}

/** The record's namespaces of `types`; an inode of 0 could not be read (a clone's child not found at fork). */
const created = (r: SyscallRecord, types: NamespaceType[]): TimelineNamespace[] => types.filter((type) => r.ns[type] > 0).map((type) => ({ type, inode: r.ns[type] }));

/** Flags, text and touched namespaces of one record (before its result is known to be good). */
function describe(r: SyscallRecord): { flags: string[]; text: string; namespaces: TimelineNamespace[] } {
  const [a0, a1, a2] = r.args;
  const [s0, s1, s2] = r.strings;
  switch (r.call) {
    case 'unshare': {
      const flags = unshareFlags(a0);
      // After unshare the caller is in its new namespaces; a new pid or time namespace is its children's
      // (the record carries those: see RECORD_NS_FIELDS).
      return { flags, text: `unshare(${joined(flags)})`, namespaces: created(r, namespaceTypes(a0)) };
    }
    case 'clone':
    case 'clone3': {
      // The record carries the child's namespaces; clone(2) cannot ask for a time namespace.
      const flags = r.call === 'clone' ? cloneFlags(a0) : unshareFlags(a0);
      return { flags, text: `${r.call}(${joined(flags)})`, namespaces: created(r, namespaceTypes(a0, r.call === 'clone')) };
    }
    case 'setns': {
      const fd = Number(a0);
      const inode = Number(a2);
      const asked = namespaceTypes(a1);
      const type = asked[0] ?? typeOfInode(r, inode);
      const flags = asked.length ? unshareFlags(a1) : [];
      const target = type ? `${type}:[${inode}]` : `[${inode}]`;
      return { flags, text: `setns(${fd} → ${target}, ${joined(flags)})`, namespaces: type && inode ? [{ type, inode }] : [] };
    }
    case 'mount': {
      const flags = mountFlags(a0);
      return { flags, text: `mount(${quote(s0)}, ${quote(s1)}, ${quote(s2)}, ${joined(flags)})`, namespaces: [] };
    }
    case 'umount2': {
      const flags = umountFlags(a0);
      return { flags, text: `umount2(${quote(s1)}, ${joined(flags)})`, namespaces: [] };
    }
    case 'pivot_root':
      return { flags: [], text: `pivot_root(${quote(s0)}, ${quote(s1)})`, namespaces: [] };
    case 'chroot':
      return { flags: [], text: `chroot(${quote(s1)})`, namespaces: [] };
    case 'sethostname':
    case 'setdomainname':
      return { flags: [], text: `${r.call}(${quote(s0)})`, namespaces: [] };
    case 'shmget': {
      const flags = ipcFlags(a2);
      return { flags, text: `shmget(${ipcKey(a0)}, ${a1}, ${joined(flags)})`, namespaces: [] };
    }
    case 'msgget': {
      const flags = ipcFlags(a2);
      return { flags, text: `msgget(${ipcKey(a0)}, ${joined(flags)})`, namespaces: [] };
    }
    case 'semget': {
      const flags = ipcFlags(a2);
      return { flags, text: `semget(${ipcKey(a0)}, ${a1}, ${joined(flags)})`, namespaces: [] };
    }
    case 'write':
      // s1 is the /proc directory as the writer named it: a pid, or "self".
      return { flags: [], text: `write(/proc/${s1}/${s0}, ${quote(s2)})`, namespaces: [] };
  }
}

export function decodeCall(r: SyscallRecord): DecodedCall {
  const { flags, text, namespaces } = describe(r);
  const failed = r.ret < 0;
  return {
    call: r.call,
    text,
    flags,
    result: failed ? { ok: false, errno: errnoName(-r.ret), meaning: errnoMeaning(r.call, -r.ret) } : { ok: true, value: r.ret },
    // Nothing was created or entered by a call that failed.
    namespaces: failed ? [] : namespaces,
    man: `${MAN}/${MAN_PAGES[r.call]}`,
  };
}
