// `npx tsx bench/page-to-prompt-main.ts`: the page-to-prompt rows of `npm run bench` alone (BENCH_PAGE_LOADS rounds), on a server of their own.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH } from './config';
import type { LabProcess } from '../test/support/lab-process';
import { pageToPrompt, pageToPromptRows } from './page-to-prompt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  let lab: LabProcess | null = null;
  const stopOnSignal = () => void (lab?.stop() ?? Promise.resolve()).then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const p = await pageToPrompt(root, BENCH.pageLoads, { NSLAB_MAX_SESSIONS: String(2 * BENCH.pageLoads + 10) }, (l) => (lab = l));
  for (const r of pageToPromptRows(p)) process.stdout.write(`| ${r.what} | ${r.nslab} | ${r.target} | ${r.met === null ? '' : r.met ? '✓' : '✗'} |\n`);
  process.stdout.write(`${JSON.stringify(p)}\n`);
}

main().catch((e: unknown) => {
  console.error('page-to-prompt bench failed:', e);
  process.exit(1);
});
