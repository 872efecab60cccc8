// A picked timeline entry on the map: the namespace it created (seen through a process in it), else its process.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../core/probe/process-tree';
import type { ProbeSnapshot } from '../../core/probe/probe-schema';
import type { TimelineEntry } from '../../core/protocol/timeline';
import { mapSelectionFor } from './map-focus';

const proc = (pid: number, uts: number, pid_ns: number) => ({ pid, ppid: pid - 1, comm: 'sh', ns: { uts, pid: pid_ns } });
const tree = new ProcessTree({ processes: [proc(1, 10, 20), proc(5, 10, 20), proc(6, 11, 21)] } as unknown as ProbeSnapshot);
const entry = (pid: number | null, namespaces: TimelineEntry['namespaces']): TimelineEntry => ({
  seq: 1,
  at: 0,
  call: 'unshare',
  text: '',
  flags: [],
  result: { ok: true, value: 0 },
  pid,
  comm: 'unshare',
  terminal: null,
  namespaces,
  man: '',
});

describe('mapSelectionFor', () => {
  it('selects the created namespace through a process in it', () => {
    expect(mapSelectionFor(entry(5, [{ type: 'pid', inode: 21 }]), tree)).toEqual({ kind: 'namespace', type: 'pid', inode: 21, pid: 6 });
  });

  it('shows a new pid namespace before the mount namespace --mount-proc made', () => {
    expect(
      mapSelectionFor(
        entry(5, [
          { type: 'uts', inode: 99 },
          { type: 'pid', inode: 21 },
        ]),
        tree,
      ),
    ).toMatchObject({ type: 'pid', inode: 21 });
  });

  it('prefers the caller when it is in the namespace', () => {
    expect(mapSelectionFor(entry(5, [{ type: 'uts', inode: 10 }]), tree)).toEqual({ kind: 'namespace', type: 'uts', inode: 10, pid: 5 });
  });

  it('falls back to the process, and to nothing once it is gone', () => {
    expect(mapSelectionFor(entry(5, [{ type: 'uts', inode: 99 }]), tree)).toEqual({ kind: 'process', pid: 5 });
    expect(mapSelectionFor(entry(42, []), tree)).toBeNull();
  });
});
