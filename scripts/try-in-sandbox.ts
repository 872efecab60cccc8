// For lesson authors: runs shell commands as root in a fresh, throwaway sandbox and prints what they printed.
// Usage: npx tsx scripts/try-in-sandbox.ts 'unshare --uts sh -c "hostname foo; hostname"'
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandboxMachine } from '../server/machine/sandbox-machine';
import { DEFAULT_SANDBOX_OPTIONS, UIDS_PER_SANDBOX } from '../server/machine/sandbox-options';

const script = process.argv.slice(2).join(' ');
if (!script) {
  console.error("usage: npx tsx scripts/try-in-sandbox.ts 'COMMANDS'");
  process.exit(2);
}
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nslab-try-'));
// A uid block of its own, so several tries (and test runs) can happen side by side.
const uidBase = DEFAULT_SANDBOX_OPTIONS.uidBase + (3300 + (process.pid % 700)) * UIDS_PER_SANDBOX;
const machine = await createSandboxMachine({ ...DEFAULT_SANDBOX_OPTIONS, uidBase, maxSandboxes: 1, dataDir });
if (!machine.ok) throw new Error(machine.error.message);
try {
  const sandbox = await machine.value.openSandbox(`try-${process.pid}`);
  if (!sandbox.ok) throw new Error(sandbox.error.message);
  const run = await sandbox.value.exec(['/bin/bash', '-c', script], { timeoutMs: 60_000 });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  console.error(`[exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}]`);
} finally {
  await machine.value.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
