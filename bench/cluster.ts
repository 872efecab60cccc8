// Three lab nodes behind nginx (deploy/nginx/nslab.conf) on PostgreSQL: sessions opened through the balancer (connect → first prompt, spread over the nodes by the learner cookie), then the failover time of a node killed with SIGKILL.
import { mapLimit, nowMs, summarize, type Summary } from './stats';
import { startCluster } from '../test/cluster/cluster';
import { connectTo, newLearnerCookie, whenConnected, type LabClient } from '../test/support/lab';
import { TerminalClient } from '../test/support/terminal-client';
import { waitUntil } from '../test/support/wait';

/** One row of the bench table, as report.ts prints it. */
type Row = { what: string; nslab: string; raw: string; ratio: string; target: string; met: boolean | null };

export type ClusterBench = {
  learners: number;
  /** Learners per node, as the cookie hash spread them. */
  perNode: Record<string, number>;
  /** Connect through the balancer → session:open → terminal:open → first prompt, each learner once (in milliseconds). */
  openToPromptMs: Summary;
  /** The killed node's learners: SIGKILL → a command answered in a fresh sandbox on another node (in milliseconds). */
  failoverMs: Summary;
};

/** Opens `learners` sessions, `concurrency` at a time, through the balancer; then kills the node holding the most of them. */
export async function measureCluster({ learners = 60, concurrency = 10 } = {}): Promise<ClusterBench> {
  const cluster = await startCluster(3);
  const clients: LabClient[] = [];
  const connect = async (cookie: string) => {
    const client = connectTo(cluster.balancer.origin, { cookie });
    clients.push(client);
    await whenConnected(client);
    return client;
  };
  try {
    const cookies = Array.from({ length: learners }, () => newLearnerCookie());
    const opened = await mapLimit(cookies, concurrency, async (cookie) => {
      const start = nowMs();
      const term = await TerminalClient.open(await connect(cookie), 'uts');
      const ms = nowMs() - start;
      return { cookie, term, ms, node: (await cluster.homeOf(cookie.split('=')[1]!)) ?? '?' };
    });
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
        const term = await TerminalClient.open(await connect(o.cookie), 'uts');
        await term.run('true', 30_000);
        return nowMs() - killedAt;
      }),
    );
    return { learners, perNode, openToPromptMs: summarize(opened.map((o) => o.ms)), failoverMs: summarize(failover) };
  } finally {
    for (const c of clients) c.close();
    // The killed node's cgroups go when it starts again on its data directory.
    const killed = cluster.nodes.find((n) => n.lab.child.signalCode === 'SIGKILL');
    if (killed) await cluster.restart(killed);
    const problems = await cluster.dispose();
    if (problems.length > 0) console.error(`cluster bench: ${problems.join('\n')}`);
  }
}

export function clusterRows(r: ClusterBench): Row[] {
  const spread = Object.entries(r.perNode)
    .sort()
    .map(([node, n]) => `${node} ${n}`)
    .join(', ');
  return [
    {
      what: `${r.learners} sessions opened through nginx across 3 nodes (${spread}): open → prompt p50 / p99`,
      nslab: `${r.openToPromptMs.p50.toFixed(0)} ms / ${r.openToPromptMs.p99.toFixed(0)} ms`,
      raw: '',
      ratio: '',
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
  const learners = Number(process.env.BENCH_CLUSTER_LEARNERS ?? 60);
  measureCluster({ learners })
    .then((r) => {
      for (const row of clusterRows(r)) process.stdout.write(`| ${row.what} | ${row.nslab} | ${row.target} | ${row.met === null ? '' : row.met ? '✓' : '✗'} |\n`);
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error('cluster bench failed:', e);
      process.exit(1);
    });
}
