// The host-side exec tracer, for real: programs a sandbox starts are seen with the namespaces they ran in, and only by that sandbox.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../server/machine/machine';
import type { ExecEvent } from '../../server/tracer/exec-tracer';
import { startTestLab, type TestLab } from '../support/lab';
import { waitUntil } from '../support/wait';

describe('the exec tracer', () => {
  let lab: TestLab;
  let a: Sandbox;
  let b: Sandbox;
  const seenByA: ExecEvent[] = [];
  const seenByB: ExecEvent[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    expect(await lab.machine.whenTracing?.(), `tracer: ${JSON.stringify(lab.machine.tracing?.())}`).toBe(true);
    const opened = await Promise.all([lab.machine.openSandbox('tracer-a'), lab.machine.openSandbox('tracer-b')]);
    for (const o of opened) if (!o.ok) throw new Error(o.error.message);
    [a, b] = opened.map((o) => (o as { ok: true; value: Sandbox }).value) as [Sandbox, Sandbox];
    a.watchExecs!((e) => seenByA.push(e));
    b.watchExecs!((e) => seenByB.push(e));
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await lab?.dispose();
  });

  it('sees a program run in a new UTS namespace, with that namespace, and not in the other sandbox', async () => {
    const own = await a.exec(['sh', '-c', 'readlink /proc/self/ns/uts']);
    const sandboxUts = Number(/\[(\d+)\]/.exec(own.stdout)![1]);
    const run = await a.exec(['unshare', '--uts', 'sh', '-c', 'hostname traced; exec uname -n']);
    expect(run.stdout.trim()).toBe('traced');
    await waitUntil(() => seenByA.some((e) => e.comm === 'uname'), 'the tracer to report uname');
    const uname = seenByA.find((e) => e.comm === 'uname')!;
    expect(uname.ns.uts).not.toBe(sandboxUts);
    expect(seenByA.find((e) => e.comm === 'unshare')?.ns.uts).toBe(sandboxUts);
    expect(seenByB.some((e) => e.comm === 'uname' || e.comm === 'unshare')).toBe(false);
    // The lab's own join helper (nsenter, still in the server's namespaces) is not a program of the sandbox.
    const serverUserNs = statSync('/proc/self/ns/user').ino;
    expect(seenByA.filter((e) => e.ns.user === serverUserNs)).toEqual([]);
  });

  it('tells two sandboxes apart by their uids', async () => {
    await b.exec(['sh', '-c', 'exec ipcmk --help >/dev/null']);
    await waitUntil(() => seenByB.some((e) => e.comm === 'ipcmk'), 'the tracer to report ipcmk in sandbox b');
    expect(seenByA.some((e) => e.comm === 'ipcmk')).toBe(false);
  });
});
