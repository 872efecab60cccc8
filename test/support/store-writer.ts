// A child process that records verdicts into a data directory's store as fast as it can, until it is killed (crash tests).
import { createLogger } from '../../server/log';
import { openStore } from '../../server/store/open-store';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: store-writer.ts <data dir>');
const store = await openStore(dataDir, createLogger());
if (!store.ok) throw new Error(store.error);
let n = 0;
console.log('writing');
for (;;) {
  // Each verdict is one transaction: a learner row, a result, and a first pass.
  await store.value.recordVerdict({ learner: `learner-${n % 7}`, lesson: 'uts', step: `step-${n}`, at: Date.now(), passed: true, reason: 'x'.repeat(200), automatic: n % 2 === 0 });
  n++;
}
