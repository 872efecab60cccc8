// Decoding the syscall tracer's records: flags by name, errors with their meaning, namespaces touched, and records read back safely.
import { describe, expect, it } from 'vitest';
import { decodeCall } from './syscall-decode';
import { cloneFlags, mountFlags } from './syscall-flags';
import { recordEnd, recordPart, recordStart, syscallProgram, type TracedCall } from './syscall-program';
import { SyscallRecords, type SyscallRecord } from './syscall-record';

const NS = { uts: 11, ipc: 12, mnt: 13, net: 14, cgroup: 15, time: 16, user: 17, pid: 18 };
const record = (call: TracedCall, ret: number, args: [bigint, bigint, bigint] = [0n, 0n, 0n], strings: [string, string, string] = ['', '', '']): SyscallRecord => ({
  call,
  pid: 5000,
  tid: 5000,
  ppid: 4999,
  uid: 100000,
  vpid: 32,
  ret,
  args,
  strings,
  comm: 'unshare',
  ns: NS,
  at: 1,
});

describe('decodeCall', () => {
  it('names unshare flags and the namespaces it created', () => {
    const d = decodeCall(record('unshare', 0, [0x20020000n, 0n, 0n]));
    expect(d.text).toBe('unshare(CLONE_NEWNS|CLONE_NEWPID)');
    expect(d.result).toEqual({ ok: true, value: 0 });
    expect(d.namespaces).toEqual([
      { type: 'mnt', inode: 13 },
      { type: 'pid', inode: 18 },
    ]);
    expect(d.man).toBe('https://man7.org/linux/man-pages/man2/unshare.2.html');
  });

  it('shows an error by name with what it means for that call, and no namespaces', () => {
    const d = decodeCall(record('sethostname', -1, [4n, 0n, 0n], ['web1', '', '']));
    expect(d.text).toBe('sethostname("web1")');
    expect(d.result).toMatchObject({ ok: false, errno: 'EPERM' });
    expect(d.result.ok ? '' : d.result.meaning).toMatch(/CAP_SYS_ADMIN/);
    expect(decodeCall(record('unshare', -1, [0x04000000n, 0n, 0n])).namespaces).toEqual([]);
    expect(decodeCall(record('mount', -22)).result).toMatchObject({ errno: 'EINVAL' });
    expect(decodeCall(record('mount', -999)).result).toMatchObject({ errno: 'errno 999', meaning: 'the call failed' });
  });

  it("reads clone's low byte as the exit signal, clone3's 0x80 as CLONE_NEWTIME", () => {
    expect(cloneFlags(0x04000011n)).toEqual(['CLONE_NEWUTS', 'SIGCHLD']);
    expect(decodeCall(record('clone', 4242, [0x24000011n, 0n, 0n])).text).toBe('clone(CLONE_NEWUTS|CLONE_NEWPID|SIGCHLD)');
    expect(decodeCall(record('clone3', 4242, [0x80n, 0n, 0n])).text).toBe('clone3(CLONE_NEWTIME)');
  });

  it("gives a clone's new namespaces from the record (the child's), and none whose inode could not be read", () => {
    expect(decodeCall(record('clone', 4242, [0x24000011n, 0n, 0n])).namespaces).toEqual([
      { type: 'uts', inode: 11 },
      { type: 'pid', inode: 18 },
    ]);
    expect(decodeCall(record('clone3', 4242, [0x80n, 0n, 0n])).namespaces).toEqual([{ type: 'time', inode: 16 }]);
    const unread = { ...record('clone3', 4242, [0x04000000n, 0n, 0n]), ns: { ...NS, uts: 0 } };
    expect(decodeCall(unread).namespaces).toEqual([]);
    expect(decodeCall(record('unshare', 0, [0x80n, 0n, 0n])).namespaces).toEqual([{ type: 'time', inode: 16 }]);
  });

  it('tells the namespace setns entered, from nstype or else from the inode', () => {
    expect(decodeCall(record('setns', 0, [3n, 0x04000000n, 11n])).text).toBe('setns(3 → uts:[11], CLONE_NEWUTS)');
    const any = decodeCall(record('setns', 0, [4n, 0n, 14n]));
    expect(any.text).toBe('setns(4 → net:[14], 0)');
    expect(any.namespaces).toEqual([{ type: 'net', inode: 14 }]);
  });

  it('decodes mount, umount2, IPC and uid_map writes', () => {
    expect(decodeCall(record('mount', 0, [0xen, 0n, 0n], ['proc', '/proc', 'proc'])).text).toBe('mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC)');
    expect(decodeCall(record('mount', 0, [0x44000n, 0n, 0n], ['none', '/', ''])).text).toBe('mount("none", "/", NULL, MS_REC|MS_PRIVATE)');
    expect(mountFlags(0xc0ed0000n | 1n)).toEqual(['MS_RDONLY']);
    expect(decodeCall(record('umount2', 0, [2n, 0n, 0n], ['', '/mnt', ''])).text).toBe('umount2("/mnt", MNT_DETACH)');
    expect(decodeCall(record('shmget', 7, [0n, 4096n, 0o1644n])).text).toBe('shmget(IPC_PRIVATE, 4096, IPC_CREAT|0644)');
    expect(decodeCall(record('msgget', 0, [-1n, 0n, 0o1600n])).text).toBe('msgget(0xffffffff, IPC_CREAT|0600)');
    const w = decodeCall(record('write', 9, [9n, 0n, 0n], ['uid_map', '42', '0 1000 1\n']));
    expect(w.text).toBe('write(/proc/42/uid_map, "0 1000 1\\n")');
    expect(w.result).toEqual({ ok: true, value: 9 });
  });
});

describe('SyscallRecords', () => {
  const nonce = 'N0nce';
  const lines = (tid: number, strings: string[], numbers: string) => [
    ...strings.map((s, i) => `${recordPart(nonce)}${tid} ${i}${nonce}${s}${recordEnd(nonce)}`),
    `${recordStart(nonce)}${numbers}${recordEnd(nonce)}`,
  ];

  it('assembles a record from its string lines and its numbers', () => {
    const got: SyscallRecord[] = [];
    const r = new SyscallRecords(nonce, (x) => got.push(x));
    for (const l of ['Attaching 29 probes...', ...lines(77, ['web1', '', '', 'hostname'], '9 70 77 69 100000 3 -1 4 0 0 1 2 3 4 5 6 7 8')]) r.line(l);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ call: 'sethostname', pid: 70, tid: 77, ppid: 69, uid: 100000, vpid: 3, ret: -1, strings: ['web1', '', ''], comm: 'hostname', ns: { uts: 1, pid: 8 } });
  });

  it('keeps a newline a learner put in a string inside that string: it cannot forge a record', () => {
    const got: SyscallRecord[] = [];
    const r = new SyscallRecords(nonce, (x) => got.push(x));
    // Without knowing the nonce, a hostname that looks like a record of another uid is just text.
    const forged = `x\nS 9 1 1 1 999 1 0 0 0 0 1 2 3 4 5 6 7 8.`;
    for (const l of lines(5, [forged, '', '', 'hostname'], '9 5 5 4 100000 0 0 0 0 0 1 2 3 4 5 6 7 8').flatMap((l) => l.split('\n'))) r.line(l);
    expect(got.map((g) => [g.uid, g.strings[0]])).toEqual([[100000, forged]]);
  });

  it('ignores broken records', () => {
    const got: SyscallRecord[] = [];
    const r = new SyscallRecords(nonce, (x) => got.push(x));
    for (const l of [`${recordStart(nonce)}1 2 3${recordEnd(nonce)}`, `${recordStart(nonce)}99 5 5 4 1 0 0 0 0 0 1 2 3 4 5 6 7 8${recordEnd(nonce)}`, 'READY']) r.line(l);
    expect(got).toEqual([]);
  });
});

describe('syscallProgram', () => {
  it("filters by the uid range and reads pids at the sandbox's level", () => {
    const p = syscallProgram({ firstUid: 100000, limitUid: 200000, sandboxPidLevel: 1, nonce: 'abc' });
    expect(p).toMatch(/uid >= 100000 && uid < 200000/);
    expect(p).toMatch(/sizeof\(struct pid\) \+ 16\)/);
    expect(p).toContain('sys_exit_umount ');
  });
});
