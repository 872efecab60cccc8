// `npx tsx bench/room-start-main.ts`: the room-start rows of `npm run bench` alone (BENCH_ROOM_LEARNERS, BENCH_ROOM_ROUNDS), on servers of their own.
import { BENCH } from './config';
import type { LabProcess } from '../test/support/lab-process';
import { measureRoomStart, roomStartRows } from './room-start';

async function main(): Promise<void> {
  const labs: LabProcess[] = [];
  const stopOnSignal = () => void Promise.all(labs.map((l) => l.stop())).then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const r = await measureRoomStart({ learners: BENCH.roomLearners, rounds: BENCH.roomRounds, plainWarm: 2, env: {}, track: (l) => labs.push(l) });
  for (const row of roomStartRows(r)) process.stdout.write(`| ${row.what} | ${row.nslab} | ${row.target} | ${row.met === null ? '' : row.met ? '✓' : '✗'} |\n`);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

main().catch((e: unknown) => {
  console.error('room-start bench failed:', e);
  process.exit(1);
});
