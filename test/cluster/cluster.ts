// A lab of three nodes on this machine, as an operator runs one: a throwaway PostgreSQL (and Redis when installed), three `npm start` nodes sharing them, nginx in front with the shipped configuration.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLabProcess, type LabProcess } from '../support/lab-process';
import { startPostgres, type ThrowawayPostgres } from '../support/postgres';
import { redisMissing, startRedis, type ThrowawayRedis } from '../support/redis';
import { startBalancer, type Balancer } from './balancer';

/** How long a drained node waits for its learners in the test (in seconds): they leave well before. */
export const DRAIN_SECONDS = 60;

export type ClusterNode = {
  id: string;
  dataDir: string;
  lab: LabProcess;
};

export type Cluster = {
  balancer: Balancer;
  nodes: ClusterNode[];
  databaseUrl: string;
  /** NSLAB_REDIS_URL given to the nodes, or null where Redis is not installed. */
  redisUrl: string | null;
  /** The node PostgreSQL records as the learner's home (null: none). */
  homeOf(learner: string): Promise<string | null>;
  /** The node the balancer sends this cookie (`nslab_learner=…`) to: its /healthz names the node that answered. */
  routedTo(cookie: string): Promise<string>;
  /** Starts a node again on its data directory (after a crash: it removes what its predecessor left). */
  restart(node: ClusterNode): Promise<void>;
  /** Stops everything started, nodes first; safe to call twice. Returns what did not stop cleanly. */
  dispose(): Promise<string[]>;
};

export type ClusterOptions = {
  /** Added to every node's environment, e.g. a workshop (NSLAB_WORKSHOP, NSLAB_WORKSHOP_SECRET). */
  env?: Record<string, string>;
};

/** Starts the cluster; on any failure, whatever started is stopped before the error is thrown. */
export async function startCluster(nodeCount = 3, options: ClusterOptions = {}): Promise<Cluster> {
  const started: { postgres?: ThrowawayPostgres; redis?: ThrowawayRedis; balancer?: Balancer; nodes: ClusterNode[]; db?: pg.Pool } = { nodes: [] };
  const problems: string[] = [];
  let disposing: Promise<string[]> | null = null;
  let startNode: ((id: string, dataDir: string) => Promise<LabProcess>) | undefined;
  const dispose = () =>
    (disposing ??= (async () => {
      await started.balancer?.stop();
      // A node killed with SIGKILL (and not started again) left its sandboxes' cgroups: a node started again removes
      // those of the uid range it claims, the first free one. So every killed node starts again before any other
      // stops: the only free range is then its own (a range freed by a stopped node could come first).
      for (const node of started.nodes) {
        if (node.lab.child.signalCode !== 'SIGKILL' || !startNode) continue;
        try {
          node.lab = await startNode(node.id, node.dataDir);
        } catch (e) {
          problems.push(`${node.id}: not started again to remove what its crash left: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      for (const node of started.nodes) {
        const problem = await node.lab.stop();
        if (problem) problems.push(`${node.id}: ${problem}`);
        rmSync(node.dataDir, { recursive: true, force: true });
      }
      await started.db?.end();
      await started.redis?.dispose();
      await started.postgres?.dispose();
      return problems;
    })());
  try {
    started.postgres = await startPostgres();
    const databaseUrl = await started.postgres.createDatabase();
    const redisUrl = redisMissing() === null ? (started.redis = await startRedis()).url : null;
    const env = (id: string): Record<string, string> => ({
      NSLAB_DATABASE_URL: databaseUrl,
      NSLAB_NODE_ID: id,
      NSLAB_DRAIN_SECONDS: String(DRAIN_SECONDS),
      // nginx runs on this machine: its X-Forwarded-For names each learner.
      NSLAB_TRUSTED_PROXIES: '127.0.0.1',
      ...(redisUrl ? { NSLAB_REDIS_URL: redisUrl } : {}),
      ...options.env,
    });
    const start = (startNode = async (id: string, dataDir: string) => startLabProcess(env(id), { dataDir }));
    const addNode = async (id: string) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), `nslab-${id}-`));
      const node: ClusterNode = { id, dataDir, lab: undefined as unknown as LabProcess };
      try {
        node.lab = await start(id, dataDir);
      } catch (e) {
        rmSync(dataDir, { recursive: true, force: true });
        throw e;
      }
      started.nodes.push(node);
      return node;
    };
    // The first node builds the web app if it is stale; the others then find it built.
    await addNode('node-1');
    await Promise.all(Array.from({ length: nodeCount - 1 }, (_, i) => addNode(`node-${i + 2}`)));
    started.nodes.sort((a, b) => a.id.localeCompare(b.id));
    started.balancer = await startBalancer(started.nodes.map((n) => new URL(n.lab.origin).host));
    const db = (started.db = new pg.Pool({ connectionString: databaseUrl, max: 2 }));
    return {
      balancer: started.balancer,
      nodes: started.nodes,
      databaseUrl,
      redisUrl,
      async homeOf(learner) {
        const { rows } = await db.query<{ node: string }>('SELECT node FROM learner_homes WHERE learner = $1', [learner]);
        return rows[0]?.node ?? null;
      },
      async routedTo(cookie) {
        const res = await fetch(`${started.balancer!.origin}/healthz`, { headers: { cookie } });
        return ((await res.json()) as { node: string }).node;
      },
      async restart(node) {
        const problem = await node.lab.stop();
        if (problem && !/exited with SIGKILL/.test(problem)) problems.push(`${node.id} before its restart: ${problem}`);
        node.lab = await start(node.id, node.dataDir);
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
