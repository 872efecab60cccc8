// Node homes on a throwaway PostgreSQL: a learner's home is the first node to claim them; another node is refused while that node lives, and takes over when it drains, lets the learner go or leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { openStore } from '../store/open-store';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../../test/support/postgres';
import { HOME_EXPIRY_MS, PostgresNodeHomes } from './postgres-node-homes';

const missing = postgresMissing();
const log = createLogger(true);

describe.skipIf(missing !== null)(missing ? `node homes on PostgreSQL (skipped: ${missing})` : 'node homes on PostgreSQL', () => {
  let cluster: ThrowawayPostgres;
  const opened: PostgresNodeHomes[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    for (const homes of opened) await homes.dispose();
    await cluster?.dispose();
  });

  /** Two nodes on a fresh database, migrated as a node's progress store migrates it. */
  const twoNodes = async () => {
    const url = await cluster.createDatabase();
    const store = await openStore(':memory:', log, url);
    if (!store.ok) throw new Error(store.error);
    await store.value.dispose();
    const [a, b] = await Promise.all([PostgresNodeHomes.open(url, 'node-a', log), PostgresNodeHomes.open(url, 'node-b', log)]);
    opened.push(a, b);
    return { a, b };
  };

  it(
    'refuses a second node while the first lives (after waiting out one heartbeat expiry), and the first keeps the learner',
    async () => {
      const { a, b } = await twoNodes();
      expect(await a.claim('learner-1')).toEqual({ kind: 'here', replaced: null });
      expect(await a.claim('learner-1')).toEqual({ kind: 'here', replaced: null });
      expect(await b.claim('learner-1')).toEqual({ kind: 'elsewhere', node: 'node-a' });
      expect(a.unreachable()).toBeNull();
    },
    HOME_EXPIRY_MS * 3,
  );

  it(
    'hands a draining node’s learner to another node at once, naming the node it replaces',
    async () => {
      const { a, b } = await twoNodes();
      await a.claim('learner-2');
      await a.setDraining();
      expect(await b.claim('learner-2')).toEqual({ kind: 'here', replaced: 'node-a' });
      // Now at home on b, which lives: a is refused.
      expect(await a.claim('learner-2')).toEqual({ kind: 'elsewhere', node: 'node-b' });
    },
    HOME_EXPIRY_MS * 3,
  );

  it('lets another node take a released learner, or one whose node left', async () => {
    const { a, b } = await twoNodes();
    await a.claim('learner-3');
    await a.release('learner-3');
    expect(await b.claim('learner-3')).toEqual({ kind: 'here', replaced: null });
    await b.claim('learner-4');
    await b.dispose();
    expect(await a.claim('learner-4')).toEqual({ kind: 'here', replaced: null });
  });
});
