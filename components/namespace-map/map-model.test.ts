// Unit tests for the map's pure helpers: tree order, terminal marks, groups per type, changes, short titles, gathered facts.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../core/probe/process-tree';
import { describeChanges } from './describe-changes';
import { gatherFacts } from './facts-list';
import { namespaceChanges, namespaceGroups, processRows, shortTitle, typesHighlightedFirst } from './map-model';
import { NamespaceLabeler } from './namespace-colors';
import { BASE, sampleSnapshot } from '../../core/probe/sample-snapshot';

const TERMINALS = [
  { name: 'one', title: 'Terminal 1' },
  { name: 'two', title: 'Terminal 2' },
];

describe('processRows', () => {
  const tree = new ProcessTree(sampleSnapshot());
  const rows = processRows(tree, TERMINALS);

  it('lists parents before children, siblings by PID, with their depth', () => {
    expect(rows.map((r) => [r.process.pid, r.depth])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [5, 2],
      [6, 3],
      [4, 0],
    ]);
  });

  it("marks each terminal's shell and its foreground program", () => {
    const marks = Object.fromEntries(rows.map((r) => [r.process.pid, r.marks.map((m) => `${m.title} ${m.role}`)]));
    expect(marks[3]).toEqual(['Terminal 1 shell']);
    expect(marks[6]).toEqual(['Terminal 1 foreground']);
    expect(marks[4]).toEqual(['Terminal 2 shell']);
    expect(marks[1]).toEqual([]);
    expect(rows.find((r) => r.process.pid === 6)?.terminal).toBe('one');
  });

  it('survives a ppid cycle in a racy snapshot', () => {
    const snap = sampleSnapshot();
    snap.processes.push({ ...snap.processes[1]!, pid: 20, ppid: 21 }, { ...snap.processes[1]!, pid: 21, ppid: 20 });
    const cyclic = processRows(new ProcessTree(snap), TERMINALS);
    expect(cyclic.map((r) => r.process.pid).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 20, 21]);
  });
});

describe('namespaceGroups', () => {
  it("puts the sandbox's own namespace first and groups the processes that share one", () => {
    const tree = new ProcessTree(sampleSnapshot());
    const groups = namespaceGroups(processRows(tree, TERMINALS), tree, 'uts');
    expect(groups.map((g) => [g.inode, g.baseline, g.members.map((p) => p.pid)])).toEqual([
      [BASE.uts, true, [1, 2, 3, 4]],
      [208, false, [5, 6]],
    ]);
    expect(namespaceGroups(processRows(tree, TERMINALS), tree, 'net')).toHaveLength(1);
  });
});

describe('typesHighlightedFirst', () => {
  it('moves highlighted types to the front and keeps lsns order otherwise', () => {
    expect(typesHighlightedFirst(['uts', 'net'])).toEqual(['net', 'uts', 'cgroup', 'ipc', 'mnt', 'pid', 'time', 'user']);
  });
});

describe('namespaceChanges', () => {
  it('reports new namespaces when they appear and when they are gone', () => {
    const snap = sampleSnapshot();
    const before = new ProcessTree({ ...snap, processes: snap.processes.filter((p) => p.pid < 5) });
    const after = new ProcessTree(snap);
    expect(namespaceChanges(null, after)).toEqual([]);
    expect(namespaceChanges(before, after).map((c) => `${c.change} ${c.type}:${c.inode} ${c.process.comm}`)).toEqual(['appeared uts:208 unshare', 'appeared pid:205 sh']);
    expect(namespaceChanges(after, before).map((c) => `${c.change} ${c.type}`)).toEqual(['gone uts', 'gone pid']);
  });
});

describe('describeChanges', () => {
  it('says which namespaces appeared, for which process and terminal, and which went', () => {
    const snap = sampleSnapshot();
    const before = new ProcessTree({ ...snap, processes: snap.processes.filter((p) => p.pid < 5) });
    const after = new ProcessTree(snap);
    const labeler = new NamespaceLabeler();
    labeler.observe(before);
    labeler.observe(after);
    const terminalOf = (pid: number) => (pid >= 5 ? 'Terminal 1' : null);
    expect(describeChanges(namespaceChanges(before, after), labeler, terminalOf)).toBe('New uts namespace uts#2: unshare (PID 5) in Terminal 1. New pid namespace pid#2: sh (PID 6) in Terminal 1.');
    expect(describeChanges(namespaceChanges(after, before), labeler, terminalOf)).toBe('uts#2 is gone. pid#2 is gone.');
  });
});

describe('shortTitle', () => {
  it('shortens long terminal titles to initials and numbers, and keeps short ones', () => {
    expect(shortTitle('Terminal 1')).toBe('T1');
    expect(shortTitle('host')).toBe('host');
    expect(shortTitle('container shell')).toBe('CS');
    expect(shortTitle('container')).toBe('cont…');
  });
});

describe('gatherFacts', () => {
  it('gathers repeated labels (mounts, addresses) under one term, in order', () => {
    const items = [
      { label: 'mounts', value: '3' },
      { label: 'mount', value: '/ (rw)' },
      { label: 'mount', value: '/proc (rw)' },
      { label: 'hostname', value: '' },
    ];
    expect(gatherFacts(items)).toEqual([
      { label: 'mounts', values: ['3'] },
      { label: 'mount', values: ['/ (rw)', '/proc (rw)'] },
      { label: 'hostname', values: [''] },
    ]);
  });
});
