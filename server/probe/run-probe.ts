// Runs the probe script on a lab machine and parses its JSON into a typed snapshot.
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../core/result';
import { ProbeSnapshot } from '../../core/probe/probe-schema';
import type { ExecOptions, ExecResult, Sandbox } from '../machine/machine';

/** The script travels on the probe's stdin, so every machine kind (local or over SSH) runs the same bytes. */
const PROCESSES_SCRIPT = readFileSync(new URL('./processes.sh', import.meta.url), 'utf8');

/**
 * Prefix for every program the lab itself runs on the machine (probes, checks, facts): the probe
 * leaves processes carrying NSLAB_PROBE out, so one probe never shows another's processes.
 */
export const AS_PROBE = ['env', 'NSLAB_PROBE=1'] as const;

/**
 * Runs one of the lab's own programs: outside the sandbox's mount namespace where the machine can
 * (Sandbox.inspect: only host programs, none the learner can mount over), else through exec with AS_PROBE
 * (SSH and Vagrant machines, whose shells the lab reaches only through the machine's own programs).
 */
export function runLab(sandbox: Sandbox, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  return sandbox.inspect ? sandbox.inspect(argv, options) : sandbox.exec([...AS_PROBE, ...argv], options);
}

/** How long a probe may take before it is killed (in milliseconds); it normally takes 10–30. */
export const PROBE_TIMEOUT_MS = 5_000;

export async function probeProcesses(sandbox: Sandbox): Promise<Result<ProbeSnapshot, string>> {
  const run = await runLab(sandbox, ['/bin/sh', '-s'], { input: PROCESSES_SCRIPT, timeoutMs: PROBE_TIMEOUT_MS });
  if (run.exitCode !== 0) return err(`the probe failed (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}): ${run.stderr.trim().slice(0, 300)}`);
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    return err(`the probe printed something that is not JSON: ${run.stdout.slice(0, 200)}`);
  }
  const parsed = ProbeSnapshot.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(`the probe's JSON has an unexpected shape: ${parsed.error.issues[0]?.message}`);
}
