// A named step with a time limit: skipped once an earlier step failed or the run was interrupted (unless it must always run, as teardown), and recorded for the summary.
import { KILL_GRACE_MS, control } from './run-state';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export const results: { name: string; status: StepStatus; ms: number }[] = [];

/** Runs `fn` with its deadline (epoch milliseconds); resolves to whether it passed. */
export async function step(name: string, limitS: number, fn: (deadline: number) => Promise<void>, { always = false } = {}): Promise<boolean> {
  const failedBefore = results.some((r) => r.status === 'failed');
  if ((failedBefore || control.interrupted) && !always) {
    results.push({ name, status: 'skipped', ms: 0 });
    console.log(`- ${name}: skipped`);
    return false;
  }
  console.log(`▶ ${name} (limit ${limitS}s)`);
  const t0 = Date.now();
  const deadline = t0 + limitS * 1000;
  let status: StepStatus = 'passed';
  let error = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(deadline),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`over its limit of ${limitS}s`)), limitS * 1000 + KILL_GRACE_MS * 2);
      }),
    ]);
    if (control.interrupted && !always) throw new Error('stopped');
  } catch (e) {
    status = 'failed';
    error = e instanceof Error ? e.message : String(e);
    if (control.interrupted && !always) error = `interrupted by ${control.interrupted}: ${error}`;
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - t0;
  results.push({ name, status, ms });
  console.log(`${status === 'passed' ? '✓' : '✗'} ${name}: ${status} in ${(ms / 1000).toFixed(1)}s${error ? `\n  ${error.replace(/\n/g, '\n  ')}` : ''}`);
  return status === 'passed';
}
