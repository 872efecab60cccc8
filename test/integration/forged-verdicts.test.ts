// Verdicts cannot be forged from inside: with the learner's programs mounted over every tool the lab uses, the probe, the facts and the checks still tell the truth and never run them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Check } from '../../core/checks/check-schema';
import { ProcessTree } from '../../core/probe/process-tree';
import type { CheckContext } from '../../server/checks/check-context';
import { evaluateCheck } from '../../server/checks/evaluate-check';
import type { LabMachine } from '../../server/machine/machine';
import type { BwrapSandbox } from '../../server/machine/sandbox/bwrap-sandbox';
import { createSandboxMachine } from '../../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../../server/machine/sandbox-options';
import { namespaceFacts } from '../../server/probe/namespace-facts';
import { probeProcesses } from '../../server/probe/run-probe';

/** Tools the probe, the facts and the checks could run, and the dynamic loader every dynamic one needs. */
const FORGED = [
  '/usr/bin/env',
  '/usr/bin/dash',
  '/usr/bin/bash',
  '/usr/bin/cat',
  '/usr/bin/hostname',
  '/usr/bin/nsenter',
  '/usr/bin/readlink',
  '/usr/bin/ip',
  '/usr/sbin/ip',
  '/usr/bin/findmnt',
  '/usr/bin/awk',
  '/usr/bin/mawk',
  '/usr/bin/grep',
  '/usr/bin/busybox',
  '/usr/bin/unshare',
  '/usr/bin/stat',
];
const LOADER = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';

describe('forged tools inside a sandbox', () => {
  let machine: LabMachine;
  let sandbox: BwrapSandbox;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-forged-'));
  const forgeDir = () => `/proc/${sandbox.anchorPid}/root/tmp/forge`;
  const markers = () => readdirSync(forgeDir()).filter((f) => f.startsWith('marker-'));

  beforeAll(async () => {
    const uidBase = DEFAULT_SANDBOX_OPTIONS.uidBase + (3400 + (process.pid % 200)) * UIDS_PER_SANDBOX;
    const m = await createSandboxMachine({ ...DEFAULT_SANDBOX_OPTIONS, uidBase, maxSandboxes: 2, dataDir });
    if (!m.ok) throw new Error(m.error.message);
    machine = m.value;
    const s = await machine.openSandbox(`forged-${process.pid}`);
    if (!s.ok) throw new Error(s.error.message);
    sandbox = s.value as BwrapSandbox;
    // A process in a new UTS namespace named "realname", then, as the learner, forged programs over every tool.
    const started = await sandbox.exec(['sh', '-c', "unshare --uts sh -c 'hostname realname; exec sleep 600' >/dev/null 2>&1 & echo ok"]);
    expect(started.stdout).toBe('ok\n');
    const targets = [...FORGED, LOADER].map((t) => `[ -e ${t} ] && $B mount --bind /tmp/forge/fake ${t}`).join('\n');
    const script = `set -e
mkdir -p /tmp/forge && cp /usr/bin/busybox /tmp/forge/busybox
printf '#!/tmp/forge/busybox sh\\n/tmp/forge/busybox touch "/tmp/forge/marker-$(/tmp/forge/busybox basename "$0")"\\necho forged-lab\\nexit 0\\n' > /tmp/forge/fake
chmod +x /tmp/forge/fake
B=/tmp/forge/busybox
${targets.replaceAll('\n', ' || true\n')} || true
echo mounted`;
    const forged = await sandbox.exec(['bash', '-c', script]);
    expect(forged.stdout, forged.stderr).toContain('mounted');
    const mounted = readFileSync(`/proc/${sandbox.anchorPid}/mountinfo`, 'utf8');
    for (const tool of ['/usr/bin/env', '/usr/bin/dash', '/usr/bin/hostname', '/usr/bin/nsenter', '/usr/bin/busybox', LOADER]) expect(mounted).toContain(` ${tool} `);
  }, 90_000);

  afterAll(async () => {
    await machine?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the probe and the namespace facts still report the truth', async () => {
    const snapshot = await probeProcesses(sandbox);
    expect(snapshot.ok, snapshot.ok ? '' : snapshot.error).toBe(true);
    if (!snapshot.ok) return;
    const tree = new ProcessTree(snapshot.value);
    expect(tree.processes.find((p) => p.pid === 1)?.comm).toBe('bwrap');
    const sleeper = tree.processes.find((p) => p.comm === 'sleep' && tree.isNew(p, 'uts'));
    expect(sleeper).toBeDefined();
    const facts = await namespaceFacts(sandbox, sleeper!.pid, 'uts');
    expect(facts.items).toContainEqual({ label: 'hostname', value: 'realname' });
    expect(markers()).toEqual([]);
  });

  it('a check that should pass passes, one that should fail fails, and no forged program ran', async () => {
    const snapshot = await probeProcesses(sandbox);
    if (!snapshot.ok) throw new Error(snapshot.error);
    const tree = new ProcessTree(snapshot.value);
    const ctx: CheckContext = { tree, sandbox, terminal: 'one', outputSince: () => '', execsSince: () => [], terminalTitle: () => 'Terminal 1' };
    const verdict = (raw: unknown) => evaluateCheck(Check.parse(raw), ctx);
    expect(await verdict({ kind: 'run', target: 'sandbox', command: 'hostname', stdout: '^lab$' })).toMatchObject({ passed: true });
    expect(await verdict({ kind: 'run', target: 'sandbox', command: 'env | grep -q NSLAB_PROBE && test -e /nonexistent' })).toMatchObject({ passed: false });
    expect(await verdict({ kind: 'run', target: 'sandbox', command: 'hostname', stdout: 'forged-lab' })).toMatchObject({ passed: false });
    expect(markers()).toEqual([]);
  });

  it('the forged programs were live: the learner running one leaves its marker', async () => {
    await sandbox.exec(['/usr/bin/hostname']);
    expect(markers()).toContain('marker-hostname');
  });
});
