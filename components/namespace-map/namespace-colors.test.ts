// Unit tests for the map's namespace labels and colours: stable numbers, baseline drawn neutral.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../core/probe/process-tree';
import { BASELINE_COLOR, NEW_NAMESPACE_COLORS, NamespaceLabeler, colorFor, inodeTail } from './namespace-colors';
import { BASE, sampleSnapshot } from '../../core/probe/sample-snapshot';

describe('NamespaceLabeler', () => {
  it("labels the sandbox's own namespace #1, in grey, and a new one #2, in colour", () => {
    const labeler = new NamespaceLabeler();
    labeler.observe(new ProcessTree(sampleSnapshot()));
    expect(labeler.look('uts', BASE.uts)).toMatchObject({ label: 'uts#1', short: '#1', baseline: true, className: BASELINE_COLOR });
    const fresh = labeler.look('uts', 208);
    expect(fresh).toMatchObject({ label: 'uts#2', baseline: false });
    expect(fresh.className).toBe(NEW_NAMESPACE_COLORS[0]);
  });

  it('keeps a label while the map is open, also after its namespace went away', () => {
    const labeler = new NamespaceLabeler();
    const snap = sampleSnapshot();
    labeler.observe(new ProcessTree(snap));
    const gone = { ...snap, processes: snap.processes.filter((p) => p.pid < 5) };
    labeler.observe(new ProcessTree(gone));
    const later = { ...snap, processes: [...gone.processes, { ...snap.processes[5]!, pid: 9, ns: { ...snap.processes[5]!.ns, uts: 308 } }] };
    labeler.observe(new ProcessTree(later));
    expect(labeler.look('uts', 208).label).toBe('uts#2');
    expect(labeler.look('uts', 308).label).toBe('uts#3');
  });

  it('starts again from #1 when the sandbox was replaced (a different baseline)', () => {
    const labeler = new NamespaceLabeler();
    labeler.observe(new ProcessTree(sampleSnapshot()));
    const snap = sampleSnapshot();
    const replaced = { ...snap, processes: snap.processes.map((p) => ({ ...p, ns: { ...p.ns, uts: (p.ns.uts ?? 0) + 1000 } })) };
    labeler.observe(new ProcessTree(replaced));
    expect(labeler.look('uts', BASE.uts + 1000)).toMatchObject({ label: 'uts#1', baseline: true });
    expect(labeler.look('uts', 1208).label).toBe('uts#2');
  });

  it('gives processes that share a namespace the same look', () => {
    const labeler = new NamespaceLabeler();
    labeler.observe(new ProcessTree(sampleSnapshot()));
    expect(labeler.look('pid', 205)).toEqual(labeler.look('pid', 205));
  });
});

describe('colours and inode tails', () => {
  it('cycles the palette after its last colour', () => {
    expect(colorFor(2)).toBe(NEW_NAMESPACE_COLORS[0]);
    expect(colorFor(2 + NEW_NAMESPACE_COLORS.length)).toBe(NEW_NAMESPACE_COLORS[0]);
    expect(new Set(NEW_NAMESPACE_COLORS.map((_, i) => colorFor(i + 2))).size).toBe(NEW_NAMESPACE_COLORS.length);
  });

  it('shortens long inodes to their last digits', () => {
    expect(inodeTail(4026531838)).toBe('…531838');
    expect(inodeTail(4242)).toBe('4242');
  });
});
