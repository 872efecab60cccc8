// A picked timeline entry on the map: the namespace it created (seen through a process in it), else its process; and the line when they are gone.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../core/probe/process-tree';
import type { ProbeSnapshot } from '../../core/probe/probe-schema';
import type { TimelineEntry } from '../../core/protocol/timeline';
import { goneLine, isFocused, mapFocusFor, mapSelectionFor } from './map-focus';

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

describe('mapFocusFor', () => {
  it('marks the namespaces some process is still in and the process while it runs', () => {
    const focus = mapFocusFor(entry(6, [{ type: 'uts', inode: 11 }]), tree, true);
    expect(focus).toEqual({ seq: 1, pid: 6, shown: [{ type: 'uts', inode: 11 }], gone: [], exited: false });
    expect(isFocused(focus, 'uts', 11)).toBe(true);
    expect(isFocused(focus, 'uts', 10)).toBe(false);
    expect(goneLine(focus)).toBeNull();
  });

  it('says a namespace is gone once the map was probed after the call, not before', () => {
    const picked = entry(42, [{ type: 'uts', inode: 99 }]);
    expect(mapFocusFor(picked, tree, false)).toMatchObject({ pid: null, shown: [], gone: [], exited: false });
    const settled = mapFocusFor(picked, tree, true);
    expect(settled).toMatchObject({ pid: null, shown: [], gone: [{ type: 'uts', inode: 99 }], exited: true });
    expect(goneLine(settled)).toMatch(/^Its uts namespace is gone with its processes/);
  });

  it('names several gone namespaces, and says the map marks the rest', () => {
    const focus = mapFocusFor(
      entry(42, [
        { type: 'user', inode: 98 },
        { type: 'pid', inode: 99 },
        { type: 'uts', inode: 11 },
      ]),
      tree,
      true,
    );
    expect(goneLine(focus)).toMatch(/^Its user and pid namespaces are gone with their processes.*the map marks the rest\.$/);
  });

  it('says an exited process without namespaces is no longer on the map', () => {
    expect(goneLine(mapFocusFor(entry(42, []), tree, true))).toBe('This process has exited, so the map no longer shows it.');
    expect(goneLine(mapFocusFor(entry(5, []), tree, true))).toBeNull();
  });
});
