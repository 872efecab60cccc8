// The namespace map's probe on a sandbox holding 100 processes: how long one run takes (in milliseconds).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandboxMachine } from '../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../server/machine/sandbox-options';
import { probeProcesses } from '../server/probe/run-probe';
import { summarize, type Summary } from './stats';

/** Processes in the sandbox while the probe runs (the figure). */
export const PROBE_PROCESSES = 100;

export async function measureProbe(runs: number): Promise<{ processes: number; ms: Summary }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-bench-probe-'));
  const machine = await createSandboxMachine({ ...DEFAULT_SANDBOX_OPTIONS, uidBase: DEFAULT_SANDBOX_OPTIONS.uidBase + 3600 * UIDS_PER_SANDBOX, maxSandboxes: 1, pidsMax: 256, dataDir });
  if (!machine.ok) throw new Error(machine.error.message);
  try {
    const sandbox = await machine.value.openSandbox('bench-probe');
    if (!sandbox.ok) throw new Error(sandbox.error.message);
    // bwrap (PID 1) and the keeper are 2; the rest are sleepers.
    await sandbox.value.exec(['/bin/sh', '-c', `for i in $(seq ${PROBE_PROCESSES - 2}); do sleep 1000 </dev/null >/dev/null 2>&1 & done`]);
    const first = await probeProcesses(sandbox.value);
    if (!first.ok) throw new Error(first.error);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const run = await probeProcesses(sandbox.value);
      ms.push(performance.now() - start);
      if (!run.ok) throw new Error(run.error);
    }
    return { processes: first.value.processes.length, ms: summarize(ms) };
  } finally {
    await machine.value.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
