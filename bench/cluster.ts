// Three lab nodes behind nginx (deploy/nginx/nslab.conf) on PostgreSQL and Redis: sessions opened through the balancer (connect → first prompt, spread over the nodes by the learner cookie) against the same number opened on one node directly, in alternating rounds of the same run; then the failover time of a node killed with SIGKILL.
import { existsSync } from 'node:fs';
import { mapLimit, nowMs, sleep, summarize, type Summary } from './stats';
import { NGINX } from '../test/cluster/balancer';
import { startCluster } from '../test/cluster/cluster';
import { connectTo, newLearnerCookie, whenConnected, type LabClient } from '../test/support/lab';
import { postgresMissing } from '../test/support/postgres';
import { redisMissing } from '../test/support/redis';
import { requestOk, TerminalClient } from '../test/support/terminal-client';
import { waitUntil } from '../test/support/wait';

/** Longest the clients may take to finish connecting before they are closed (in milliseconds). */
const SETTLE_TIMEOUT_MS = 10_000;

/** One row of the bench table, as report.ts prints it. */
type Row = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

export type ClusterBench = {
  learners: number;
  /** Alternating rounds: learners / rounds through the balancer, then as many on one node directly. */
  rounds: number;
  concurrency: number;
  /** Learners per node, as the cookie hash spread them. */
  perNode: Record<string, number>;
  /** Connect through the balancer → session:open → terminal:open → first prompt, each learner once (in milliseconds). */
  openToPromptMs: Summary;
  /** The same, straight to `directNode` without nginx, as many sessions at the same concurrency (closed after each round). */
  directOpenToPromptMs: Summary;
  directNode: string;
  /** The killed node's learners: SIGKILL → a command answered in a fresh sandbox on another node (in milliseconds). */
  failoverMs: Summary;
};

/** Learners the cluster rows open through the balancer (BENCH_CLUSTER_LEARNERS; 0 leaves the cluster out). */
export const CLUSTER_LEARNERS = Number(process.env.BENCH_CLUSTER_LEARNERS ?? 60);

/** Why the cluster rows cannot be measured here (PostgreSQL, Redis or nginx missing), or null when they can. */
export const clusterMissing = (): string | null => postgresMissing() ?? redisMissing() ?? (existsSync(NGINX) ? null : `nginx is not installed (${NGINX}; apt-get install nginx-light)`);

/**
 * Opens `learners` sessions through the balancer, `concurrency` at a time, in `rounds` rounds; after each round, as many
 * on one node directly (closed again, so the failover below finds the nodes as the balancer filled them).
 * Then kills the node holding the most balancer learners and times their way back.
 */
export async function measureCluster({ learners = 60, concurrency = 10, rounds = 2 } = {}): Promise<ClusterBench> {
  const cluster = await startCluster(3);
  const clients: LabClient[] = [];
  const connect = async (origin: string, cookie: string) => {
    const client = connectTo(origin, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };
  const openOne = async (origin: string, cookie: string) => {
    const start = nowMs();
    const term = await TerminalClient.open(await connect(origin, cookie), 'uts');
    return { cookie, term, ms: nowMs() - start };
  };
  try {
    const direct = cluster.nodes[0]!;
    const perRound = Math.ceil(learners / rounds);
    const opened: { cookie: string; term: TerminalClient; ms: number; node: string }[] = [];
    const directMs: number[] = [];
    const closeAll = async (terms: { term: TerminalClient }[]) => {
      for (const { term } of terms) {
        await requestOk(term.client, 'session:close', { sessionId: term.session.sessionId });
        term.client.close();
      }
    };
    // Warm-up, not counted: one session on each node (a node's first connection and queries run unoptimised).
    for (const n of cluster.nodes) await closeAll([await openOne(n.lab.origin, newLearnerCookie())]);
    for (let round = 0; round < rounds; round++) {
      const cookies = Array.from({ length: Math.min(perRound, learners - opened.length) }, () => newLearnerCookie());
      const throughBalancer = async () => {
        for (const o of await mapLimit(cookies, concurrency, (cookie) => openOne(cluster.balancer.origin, cookie))) {
          opened.push({ ...o, node: (await cluster.homeOf(o.cookie.split('=')[1]!)) ?? '?' });
        }
      };
      const straight = async () => {
        const baseline = await mapLimit(cookies, concurrency, () => openOne(direct.lab.origin, newLearnerCookie()));
        directMs.push(...baseline.map((o) => o.ms));
        await closeAll(baseline);
      };
      // Which side goes first alternates, so drift in the machine's load falls on both.
      for (const side of round % 2 === 0 ? [throughBalancer, straight] : [straight, throughBalancer]) await side();
    }
    const perNode: Record<string, number> = {};
    for (const o of opened) perNode[o.node] = (perNode[o.node] ?? 0) + 1;

    const [victimId] = Object.entries(perNode).sort((a, b) => b[1] - a[1])[0]!;
    const victim = cluster.nodes.find((n) => n.id === victimId)!;
    const moving = opened.filter((o) => o.node === victimId);
    const killedAt = nowMs();
    await victim.lab.kill();
    const failover = await Promise.all(
      moving.map(async (o) => {
        await waitUntil(() => o.term.client.disconnected, 'the dead node to drop its learner', 10_000);
        const term = await TerminalClient.open(await connect(cluster.balancer.origin, o.cookie), 'uts');
        await term.run('true', 30_000);
        return nowMs() - killedAt;
      }),
    );
    return {
      learners: opened.length,
      rounds,
      concurrency,
      perNode,
      openToPromptMs: summarize(opened.map((o) => o.ms)),
      directOpenToPromptMs: summarize(directMs),
      directNode: direct.id,
      failoverMs: summarize(failover),
    };
  } finally {
    // A client closed while its terminal stream still connects makes ws throw out of band: let each settle first.
    await Promise.race([Promise.allSettled(clients.map((c) => c.ready)), sleep(SETTLE_TIMEOUT_MS)]);
    for (const c of clients) c.close();
    // The killed node is started again on its data directory by dispose(), which removes the cgroups its crash left.
    const problems = await cluster.dispose();
    if (problems.length > 0) console.error(`cluster bench: ${problems.join('\n')}`);
  }
}

/** The cluster rows; where the cluster could not run, one row saying why. */
export function clusterRows(r: ClusterBench | { missing: string }): Row[] {
  if ('missing' in r) return [{ what: 'sessions through nginx across 3 nodes, and failover', nslab: `not measured: ${r.missing}`, raw: '', ratio: '', target: '', met: null }];
  const spread = Object.entries(r.perNode)
    .sort()
    .map(([node, n]) => `${node} ${n}`)
    .join(', ');
  const [a, b] = [r.openToPromptMs, r.directOpenToPromptMs];
  return [
    {
      what: `${r.learners} sessions opened through nginx across 3 nodes (${spread}), ${r.concurrency} at a time: open → prompt p50 / p99; baseline: as many opened on ${r.directNode} directly, alternating rounds`,
      nslab: `${a.p50.toFixed(0)} ms / ${a.p99.toFixed(0)} ms`,
      raw: `${b.p50.toFixed(0)} ms / ${b.p99.toFixed(0)} ms`,
      ratio: `${(a.p50 / b.p50).toFixed(2)}× / ${(a.p99 / b.p99).toFixed(2)}×`,
      target: '',
      met: null,
    },
    {
      what: `  a node killed with SIGKILL: its ${r.failoverMs.count} learners at a working prompt elsewhere, p50 / max`,
      nslab: `${(r.failoverMs.p50 / 1000).toFixed(1)} s / ${(r.failoverMs.max / 1000).toFixed(1)} s`,
      raw: '',
      ratio: '',
      target: 'seconds, no progress lost',
      met: r.failoverMs.max <= 10_000,
    },
  ];
}

// `npx tsx bench/cluster.ts`: these rows alone (BENCH_CLUSTER_LEARNERS learners, default 60).
if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = clusterMissing();
  (missing ? Promise.resolve({ missing }) : measureCluster({ learners: CLUSTER_LEARNERS }))
    .then((r) => {
      for (const row of clusterRows(r)) process.stdout.write(`| ${row.what} | ${row.nslab} | ${row.raw} | ${row.ratio} | ${row.target} | ${row.met === null ? '' : row.met ? '✓' : '✗'} |\n`);
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error('cluster bench failed:', e);
      process.exit(1);
    });
}
