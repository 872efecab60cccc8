// Check kinds against hand-made snapshots: verdicts and the reasons a learner reads.
import { describe, expect, it } from 'vitest';
import { Check } from '../../core/checks/check-schema';
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ExecResult, Sandbox } from '../machine/machine';
import { ProcessTree } from '../../core/probe/process-tree';
import { sampleProcess } from '../../core/probe/sample-snapshot';
import { evaluateCheck } from './evaluate-check';

const proc = (pid: number, ppid: number, comm: string, ns: Partial<ProbeProcess['ns']> = {}, terminal: string | null = null) => sampleProcess(pid, ppid, comm, terminal, ns);

const tree = (...processes: ProbeProcess[]) => new ProcessTree({ version: 1, self: 999, processes });
const sandboxPrinting = (stdout: string, calls: string[][] = []): Sandbox =>
  ({
    exec: async (argv: readonly string[]): Promise<ExecResult> => {
      calls.push([...argv]);
      return { exitCode: 0, stdout, stderr: '', timedOut: false };
    },
  }) as unknown as Sandbox;

const world = tree(proc(1, 0, 'bwrap'), proc(2, 1, 'sleep'), proc(4, 0, 'bash', {}, 'one'), proc(9, 4, 'bash', { uts: 80 }, 'one'), proc(5, 0, 'bash', {}, 'two'));
const ctx = (sandbox = sandboxPrinting('')) => ({ tree: world, sandbox, terminal: 'one', outputSince: () => 'root@lab:~# hostname\nlab\n' });
const check = (raw: unknown) => Check.parse(raw);

describe('evaluateCheck', () => {
  it('namespace: finds a process of the terminal in a new namespace, and says what to do when none is', async () => {
    expect(await evaluateCheck(check({ kind: 'namespace', type: 'uts', comm: 'bash' }), ctx())).toMatchObject({ passed: true, reason: expect.stringMatching(/PID 9/) });
    const net = await evaluateCheck(check({ kind: 'namespace', type: 'net' }), ctx());
    expect(net).toEqual({ passed: false, reason: expect.stringMatching(/unshare --net/) });
    expect((await evaluateCheck(check({ kind: 'namespace', type: 'uts', terminal: 'two' }), ctx())).passed).toBe(false);
    expect((await evaluateCheck(check({ kind: 'namespace', type: 'uts', new: false }), ctx())).reason).toMatch(/exit/);
  });

  it('process: matches name, command line and inner PID', async () => {
    expect((await evaluateCheck(check({ kind: 'process', comm: 'sleep' }), ctx())).passed).toBe(true);
    expect((await evaluateCheck(check({ kind: 'process', comm: 'httpd', reason: 'start httpd' }), ctx())).reason).toBe('start httpd');
  });

  it('run: enters only the namespaces that differ, in the foreground process of the terminal', async () => {
    const calls: string[][] = [];
    const verdict = await evaluateCheck(check({ kind: 'run', command: 'hostname', stdout: '^web1$' }), ctx(sandboxPrinting('web1\n', calls)));
    expect(verdict.passed).toBe(true);
    expect(calls[0]).toEqual(['env', 'NSLAB_PROBE=1', 'nsenter', '--target', '9', '--uts', '--', '/bin/sh', '-c', 'hostname']);
    const wrong = await evaluateCheck(check({ kind: 'run', command: 'hostname', stdout: '^web1$' }), ctx(sandboxPrinting('lab\n')));
    expect(wrong).toEqual({ passed: false, reason: expect.stringMatching(/printed "lab"/) });
  });

  it('output and all: the first failing part explains', async () => {
    expect((await evaluateCheck(check({ kind: 'output', pattern: '^lab$' }), ctx())).passed).toBe(true);
    const all = await evaluateCheck(check({ kind: 'all', checks: [{ kind: 'output', pattern: '^lab$' }, { kind: 'namespace', type: 'pid' }] }), ctx());
    expect(all).toMatchObject({ passed: false, reason: expect.stringMatching(/new pid namespace/) });
  });

  it('refuses malformed checks when the lesson loads', () => {
    expect(Check.safeParse({ kind: 'namespace', type: 'bogus' }).success).toBe(false);
    expect(Check.safeParse({ kind: 'output', pattern: '(' }).success).toBe(false);
  });
});
