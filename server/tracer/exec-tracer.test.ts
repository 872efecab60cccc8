// The exec tracer's line format: what bpftrace prints, parsed; anything else ignored.
import { describe, expect, it } from 'vitest';
import { execProgram } from './exec-program';
import { parseExecLine } from './exec-tracer';

describe('parseExecLine', () => {
  it('reads pid, parent, uid, the eight namespace inodes and the name (which may hold spaces)', () => {
    const e = parseExecLine('E 4120 4101 1895563264 4026532291 4026532292 4026532290 4026532294 4026531835 4026531834 4026532288 4026532293 my prog');
    expect(e).toMatchObject({
      pid: 4120,
      ppid: 4101,
      uid: 1895563264,
      comm: 'my prog',
      ns: { uts: 4026532291, ipc: 4026532292, mnt: 4026532290, net: 4026532294, cgroup: 4026531835, time: 4026531834, user: 4026532288, pid: 4026532293 },
    });
  });

  it('ignores bpftrace chatter and broken lines', () => {
    for (const line of ['Attaching 2 probes...', 'READY', 'E 1 2 3', '', 'E x y z 1 2 3 4 5 6 7 8 sh']) expect(parseExecLine(line)).toBeNull();
  });

  it('filters by the uid range it is given', () => {
    expect(execProgram(100000, 200000)).toMatch(/uid >= 100000 && uid < 200000/);
  });
});
