// Check kinds against hand-made snapshots: verdicts, the processes they pick by state, and the reasons a learner reads.
import { describe, expect, it } from 'vitest';
import { Check } from '../../core/checks/check-schema';
import type { ProbeProcess } from '../../core/probe/probe-schema';
import type { ExecResult, Sandbox } from '../machine/machine';
import { ProcessTree } from '../../core/probe/process-tree';
import { sampleProcess } from '../../core/probe/sample-snapshot';
import type { CheckContext, TracedExec } from './check-context';
import { evaluateCheck } from './evaluate-check';
import { stringMatching } from '../../test/support/matchers';

const proc = (pid: number, ppid: number, comm: string, ns: Partial<ProbeProcess['ns']> = {}, terminal: string | null = null) => sampleProcess(pid, ppid, comm, terminal, ns);

const tree = (...processes: ProbeProcess[]) => new ProcessTree({ version: 1, self: 999, processes });
/** A sandbox whose exec prints `stdout` (or, given a function, what it returns for the argv), recording each call. */
const sandboxPrinting = (stdout: string | ((argv: string[]) => string), calls: string[][] = []): Sandbox =>
  ({
    exec: async (argv: readonly string[]): Promise<ExecResult> => {
      calls.push([...argv]);
      return { exitCode: 0, stdout: typeof stdout === 'string' ? stdout : stdout([...argv]), stderr: '', timedOut: false };
    },
  }) as unknown as Sandbox;

// Terminal one: a login shell (4), a dash in a new uts namespace (9) and a sleep below it (10). Terminal two: a shell (5).
const world = tree(proc(1, 0, 'bwrap'), proc(2, 1, 'sleep'), proc(4, 0, '-bash', {}, 'one'), proc(9, 4, 'dash', { uts: 80 }, 'one'), proc(10, 9, 'sleep', { uts: 80 }), proc(5, 0, 'bash', {}, 'two'));
const BASE_UTS = world.baseline('uts')!;
const ctx = (sandbox = sandboxPrinting(''), execs: TracedExec[] | null = [], output = 'root@lab:~# hostname\nlab\n'): CheckContext => ({
  tree: world,
  sandbox,
  terminal: 'one',
  outputSince: () => output,
  execsSince: () => execs,
  terminalTitle: (name) => (name === 'one' ? 'Terminal 1' : 'Terminal 2'),
});
const check = (raw: unknown) => Check.parse(raw);

describe('evaluateCheck', () => {
  it('namespace: finds any process of the terminal in a new namespace, whatever its name, and says what to do when none is', async () => {
    expect(await evaluateCheck(check({ kind: 'namespace', type: 'uts' }), ctx())).toMatchObject({ passed: true, reason: stringMatching(/PID (9|10)/) });
    const net = await evaluateCheck(check({ kind: 'namespace', type: 'net' }), ctx());
    expect(net).toEqual({ passed: false, reason: stringMatching(/no process of Terminal 1 .*unshare --net/) });
    expect((await evaluateCheck(check({ kind: 'namespace', type: 'uts', terminal: 'two' }), ctx())).passed).toBe(false);
    expect((await evaluateCheck(check({ kind: 'namespace', type: 'uts', new: false }), ctx())).reason).toMatch(/exit/);
  });

  it('refuses a check that names a shell: state, not spelling', () => {
    for (const shell of ['bash', 'sh', 'dash', 'busybox']) {
      expect(Check.safeParse({ kind: 'namespace', type: 'uts', comm: shell }).success).toBe(false);
      expect(Check.safeParse({ kind: 'run', command: 'hostname', comm: shell }).success).toBe(false);
    }
    expect(Check.safeParse({ kind: 'process', comm: 'sleep' }).success).toBe(true);
  });

  it('process: matches by name for programs, by inner PID and uid map for what a process is, and can require none', async () => {
    expect((await evaluateCheck(check({ kind: 'process', comm: 'sleep', newNs: ['uts'] }), ctx())).reason).toMatch(/PID 10/);
    expect((await evaluateCheck(check({ kind: 'process', comm: 'httpd', reason: 'start httpd' }), ctx())).reason).toBe('start httpd');
    expect((await evaluateCheck(check({ kind: 'process', comm: 'sleep', terminal: 'two', running: false }), ctx())).passed).toBe(true);
    expect((await evaluateCheck(check({ kind: 'process', comm: 'sleep', terminal: 'one', running: false }), ctx())).passed).toBe(false);
  });

  it('run: tries each distinct set of namespaces of the terminal, deepest first, and enters only those that differ', async () => {
    const calls: string[][] = [];
    const verdict = await evaluateCheck(check({ kind: 'run', command: 'hostname', stdout: '^web1$' }), ctx(sandboxPrinting('web1\n', calls)));
    expect(verdict.passed).toBe(true);
    expect(calls[0]).toEqual(['env', 'NSLAB_PROBE=1', 'nsenter', '--target', '10', '--uts', '--', '/bin/sh', '-c', 'hostname']);
    // Neither namespace set prints web1: both were tried, and the deepest explains.
    const tried: string[][] = [];
    const wrong = await evaluateCheck(check({ kind: 'run', command: 'hostname', stdout: '^web1$' }), ctx(sandboxPrinting('lab\n', tried)));
    expect(wrong).toEqual({ passed: false, reason: stringMatching(/sleep \(PID 10\).*printed "lab"/) });
    expect(tried).toHaveLength(2);
    // Only the outer shell's namespaces print web1: still a pass.
    const outer = await evaluateCheck(check({ kind: 'run', command: 'hostname', stdout: '^web1$' }), ctx(sandboxPrinting((argv) => (argv.includes('--uts') ? 'lab\n' : 'web1\n'))));
    expect(outer.passed).toBe(true);
  });

  it('output: placeholders stand for live namespace inodes and PIDs, so a made-up number does not match', async () => {
    const real = `uts:[${BASE_UTS}]`;
    expect((await evaluateCheck(check({ kind: 'output', pattern: 'uts:\\[{{sandbox:uts}}\\]' }), ctx(undefined, [], real))).passed).toBe(true);
    expect((await evaluateCheck(check({ kind: 'output', pattern: 'uts:\\[{{sandbox:uts}}\\]' }), ctx(undefined, [], 'uts:[4026531838]'))).passed).toBe(false);
    expect((await evaluateCheck(check({ kind: 'output', pattern: 'uts:\\[{{new:uts}}\\]' }), ctx(undefined, [], 'uts:[80]'))).passed).toBe(true);
    expect((await evaluateCheck(check({ kind: 'output', pattern: '^{{pid:two}}$' }), ctx(undefined, [], '5'))).passed).toBe(true);
    expect((await evaluateCheck(check({ kind: 'output', pattern: '^{{pid:two}}$' }), ctx(undefined, [], '4'))).passed).toBe(false);
  });

  it('shows: the terminal must have printed what the command prints in the namespaces of the selected process', async () => {
    const shows = check({ kind: 'shows', terminal: 'two', command: 'hostname', of: { terminal: 'one', newNs: ['uts'] } });
    expect((await evaluateCheck(shows, ctx(sandboxPrinting('web1\n'), [], 'root@lab:~# nsenter -t 9 -u hostname\nweb1\n'))).passed).toBe(true);
    expect((await evaluateCheck(shows, ctx(sandboxPrinting('web1\n'), [], 'lab\n'))).reason).toMatch(/Terminal 2 has not shown "web1"/);
  });

  it('ran: an exec from the terminal inside the namespaces, since the step began; taken on trust where nothing traces', async () => {
    const ran = check({ kind: 'ran', terminal: 'two', sameNsAs: { types: ['uts'], as: { terminal: 'one', newNs: ['uts'] } } });
    const inWeb1: TracedExec = { terminal: 'two', comm: 'hostname', ns: { uts: 80 }, at: 1 };
    expect((await evaluateCheck(ran, ctx(undefined, [inWeb1]))).passed).toBe(true);
    expect((await evaluateCheck(ran, ctx(undefined, [{ ...inWeb1, ns: { uts: BASE_UTS } }]))).passed).toBe(false);
    expect((await evaluateCheck(ran, ctx(undefined, [{ ...inWeb1, terminal: 'one' }]))).passed).toBe(false);
    expect(await evaluateCheck(ran, ctx(undefined, null))).toMatchObject({ passed: true, reason: stringMatching(/on trust/) });
    expect((await evaluateCheck(check({ kind: 'ran', newNs: ['uts'] }), ctx(undefined, [{ ...inWeb1, terminal: 'one' }]))).passed).toBe(true);
  });

  it('all: the first failing part explains', async () => {
    const all = await evaluateCheck(
      check({
        kind: 'all',
        checks: [
          { kind: 'output', pattern: '^lab$' },
          { kind: 'namespace', type: 'pid' },
        ],
      }),
      ctx(),
    );
    expect(all).toMatchObject({ passed: false, reason: stringMatching(/new pid namespace/) });
  });

  it('refuses malformed checks when the lesson loads', () => {
    expect(Check.safeParse({ kind: 'namespace', type: 'bogus' }).success).toBe(false);
    expect(Check.safeParse({ kind: 'output', pattern: '(' }).success).toBe(false);
    expect(Check.safeParse({ kind: 'output', pattern: 'uts:\\[{{sandbox:uts}}\\]' }).success).toBe(true);
  });
});
