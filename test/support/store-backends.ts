// The progress store's two backends for tests that must hold on both: SQLite in memory, and PostgreSQL on a throwaway cluster (skipped, saying why, where its server is not installed).
import { createLogger } from '../../server/log';
import { openStore } from '../../server/store/open-store';
import type { ProgressStore } from '../../server/store/progress-store';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from './postgres';

export type StoreBackend = {
  name: string;
  /** Why this backend cannot be tested here (the suite is skipped, saying so), or null. */
  missing: string | null;
  setUp(): Promise<void>;
  /** A new, empty store. */
  open(): Promise<ProgressStore>;
  tearDown(): Promise<void>;
};

const log = createLogger(true);
const opened = (result: Awaited<ReturnType<typeof openStore>>) => {
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

let cluster: ThrowawayPostgres | null = null;
export const STORE_BACKENDS: StoreBackend[] = [
  { name: 'SQLite', missing: null, setUp: async () => {}, open: async () => opened(await openStore(':memory:', log)), tearDown: async () => {} },
  {
    name: 'PostgreSQL',
    missing: postgresMissing(),
    setUp: async () => void (cluster = await startPostgres()),
    // A database per test: the tests stay apart without a cluster each.
    open: async () => opened(await openStore(':memory:', log, await cluster!.createDatabase())),
    tearDown: async () => {
      await cluster?.dispose();
      cluster = null;
    },
  },
];
