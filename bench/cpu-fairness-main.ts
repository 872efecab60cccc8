// `npx tsx bench/cpu-fairness-main.ts`: the CPU fairness rows of `npm run bench` alone, on a server of their own.
import { BENCH } from './config';
import { cpuFairnessRows, fairnessServerEnv, measureCpuFairness } from './cpu-fairness';
import { startLabProcess } from '../test/support/lab-process';
import { sandboxRange } from './proc-memory';

const MAX_SESSIONS = 20;

async function main(): Promise<void> {
  const lab = await startLabProcess({ NSLAB_MACHINE: 'sandbox', NSLAB_MAX_SESSIONS: String(MAX_SESSIONS), ...fairnessServerEnv() }, { args: ['--api-only'] });
  const stopOnSignal = () => void lab.stop().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const f = await measureCpuFairness(lab.origin, sandboxRange(lab));
    process.stdout.write(`${BENCH.fairnessRounds} rounds\n`);
    for (const r of cpuFairnessRows(f)) process.stdout.write(`| ${r.what} | ${r.nslab} | ${r.raw} | ${r.ratio} | ${r.target} | ${r.met === null ? '' : r.met ? '✓' : '✗'} |\n`);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  } finally {
    const problem = await lab.stop();
    if (problem) process.stdout.write(`warning: ${problem}\n`);
  }
}

main().catch((e: unknown) => {
  console.error('cpu fairness bench failed:', e);
  process.exit(1);
});
