// Three lab nodes behind nginx (the shipped configuration) on PostgreSQL: learners stay on their node across reloads, a node never starts a second sandbox for another live node's learner, a node killed with SIGKILL costs its learners seconds and no progress, a drained node hands its learners on and exits, and nothing is left behind.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServerNotice } from '../../core/protocol';
import { launchBrowser, screenshot, terminalText, typeAndSee, waitForTerminalText } from '../../e2e/support/browser';
import { snapshotOurResources } from '../support/leaks';
import { stringContaining, stringMatching } from '../support/matchers';
import { connectTo, newLearnerCookie, whenConnected, type LabClient } from '../support/lab';
import { postgresMissing } from '../support/postgres';
import { request, requestOk, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { NGINX } from './balancer';
import { startCluster, type Cluster, type ClusterNode } from './cluster';
import { leavesNothing } from './nothing-left';

/** Node learners per node: enough that each node holds some when it is killed or drained. */
const LEARNERS_PER_NODE = 2;
/** The uts lesson's first step and a command that passes it (its check reads this shell's UTS namespace). */
const FIRST_STEP = 'look';
const FIRST_STEP_SOLUTION = 'readlink /proc/$$/ns/uts';

const missing = postgresMissing() ?? (existsSync(NGINX) ? null : `nginx is not installed (${NGINX}; apt-get install nginx-light)`);

type Learner = {
  cookie: string;
  /** The learner id (the cookie's value), as PostgreSQL records it. */
  id: string;
  /** The node the balancer hashes this learner to. */
  node: string;
  client: LabClient | null;
  notices: ServerNotice[];
};

describe.skipIf(missing !== null)(missing ? `a lab of three nodes behind nginx (skipped: ${missing})` : 'a lab of three nodes behind nginx', () => {
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const learners: Learner[] = [];
  let browserNode = '';
  let killed: ClusterNode | undefined;

  beforeAll(async () => {
    cluster = await startCluster(3);
    if (cluster.redisUrl) console.log('cluster: the nodes share a throwaway Redis too');
  });
  afterAll(async () => {
    for (const l of learners) l.client?.close();
    await browser?.close();
    const problems = (await cluster?.dispose()) ?? [];
    if (problems.length > 0) console.error(`cluster: ${problems.join('\n')}`);
  });

  const byId = (id: string) => cluster!.nodes.find((n) => n.id === id)!;
  /** The learner's page loads (again): a new connection through the balancer, notices collected. */
  const connect = async (learner: Learner): Promise<LabClient> => {
    learner.client?.close();
    const client = connectTo(cluster!.balancer.origin, { cookie: learner.cookie });
    learner.client = client;
    learner.notices = [];
    client.on('server:notice', (n) => learner.notices.push(n));
    await whenConnected(client);
    return client;
  };
  /** Runs one learner's part; a failure says what their node and the balancer logged, which a bare timeout would not. */
  const withContext = async (learner: Learner, part: () => Promise<void>): Promise<void> => {
    try {
      await part();
    } catch (e) {
      const node = cluster!.nodes.find((n) => n.id === learner.node);
      const context = `learner ${learner.id.slice(0, 6)}… on ${learner.node}; its node's output ends:\n${node?.lab.output().slice(-1500) ?? '(no such node)'}\nnginx errors:\n${cluster!.balancer.errorLog().slice(-1500)}`;
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${context}`, { cause: e });
    }
  };
  const passed = (progress: { steps: { id: string; state: string }[] }) => progress.steps.find((s) => s.id === FIRST_STEP)?.state === 'passed';

  it('keeps each learner on one node across reloads, their sandbox there and nowhere else', async () => {
    // Learners until every node holds LEARNERS_PER_NODE of them (the hash decides, as it would in a real room).
    const perNode = new Map(cluster!.nodes.map((n) => [n.id, 0]));
    for (let tries = 0; [...perNode.values()].some((c) => c < LEARNERS_PER_NODE); tries++) {
      if (tries > 200) throw new Error(`200 learners and still a node with fewer than ${LEARNERS_PER_NODE}: ${JSON.stringify([...perNode])}`);
      const cookie = newLearnerCookie();
      const node = await cluster!.routedTo(cookie);
      if ((perNode.get(node) ?? 0) >= LEARNERS_PER_NODE) continue;
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
      learners.push({ cookie, id: cookie.split('=')[1]!, node, client: null, notices: [] });
    }
    await Promise.all(
      learners.map((learner) =>
        withContext(learner, async () => {
          const term = await TerminalClient.open(await connect(learner), 'uts');
          await term.run(FIRST_STEP_SOLUTION);
          expect(passed(await requestOk(learner.client!, 'check:run', { sessionId: term.session.sessionId, stepId: FIRST_STEP }))).toBe(true);
          expect(await cluster!.homeOf(learner.id)).toBe(learner.node);
          // Two reloads: each finds the same live session, so the same node served them.
          for (let reload = 0; reload < 2; reload++) {
            const again = await requestOk(await connect(learner), 'session:open', { lesson: 'uts' });
            expect(again).toMatchObject({ sessionId: term.session.sessionId, resumed: true });
          }
        }),
      ),
    );
  });

  it('in Chromium: a learner through the balancer gets a terminal, and a reload finds the same shell on the same node', async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${cluster!.balancer.origin}/lessons/uts?testhooks=1`);
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 45_000 });
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    const [, pid] = await typeAndSee(page, 'one', 'echo my-pid-$$', /^my-pid-(\d+)$/m);
    browserNode = await page.evaluate(async () => ((await (await fetch('/healthz')).json()) as { node: string }).node);
    await page.reload();
    await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 45_000 });
    const [, after] = await typeAndSee(page, 'one', 'echo again-$$', /^again-(\d+)$/m);
    expect(after).toBe(pid);
    expect(await page.evaluate(async () => ((await (await fetch('/healthz')).json()) as { node: string }).node)).toBe(browserNode);
  });

  it('refuses to open a second sandbox for a learner whose live node holds theirs, and says where', async () => {
    const learner = learners[0]!;
    const other = cluster!.nodes.find((n) => n.id !== learner.node)!;
    // Straight to another node, as a balancer that lost its hash would send them.
    const stray = connectTo(other.lab.origin, { cookie: learner.cookie });
    try {
      await whenConnected(stray);
      const reply = await request(stray, 'session:open', { lesson: 'uts' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: stringContaining(`lab node ${learner.node}, which is still running`) } });
      expect(await cluster!.homeOf(learner.id)).toBe(learner.node);
    } finally {
      stray.close();
    }
  });

  it('a node killed with SIGKILL: its learners are back in a working terminal on another node within seconds, progress intact, told their machine was replaced', async () => {
    killed = byId(browserNode);
    const victims = learners.filter((l) => l.node === killed!.id);
    expect(victims.length).toBeGreaterThanOrEqual(LEARNERS_PER_NODE);
    const startedAt = Date.now();
    await killed.lab.kill();

    const times = await Promise.all(
      victims.map(async (learner) => {
        // The page notices the lost connection and connects again (the balancer now sends it elsewhere).
        await waitUntil(() => learner.client!.disconnected, 'the dead node to drop the learner', 10_000);
        const term = await TerminalClient.open(await connect(learner), 'uts');
        expect((await term.run('echo back-$((6*7))')).trim()).toBe('back-42');
        const ms = Date.now() - startedAt;
        expect(term.session.resumed).toBe(false);
        expect(passed(term.session.progress)).toBe(true);
        expect(learner.notices.map((n) => n.error.message)).toContainEqual(expect.stringMatching(/machine was replaced/));
        const home = await cluster!.homeOf(learner.id);
        expect(home).not.toBe(killed!.id);
        learner.node = home!;
        return ms;
      }),
    );

    // Chromium reconnects by itself: the notice shows, and the terminal on the new node answers.
    await page.locator('[data-testid="server-notice"]', { hasText: 'machine was replaced' }).waitFor({ timeout: 30_000 });
    await typeAndSee(page, 'one', 'echo after-$((6*7))', /^after-42$/m, 30_000);
    const browserMs = Date.now() - startedAt;
    browserNode = await page.evaluate(async () => ((await (await fetch('/healthz')).json()) as { node: string }).node);
    expect(browserNode).not.toBe(killed.id);
    await screenshot(page, 'cluster-after-failover');
    console.log(`failover after SIGKILL: node learners back at a working prompt in ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}; Chromium in ${(browserMs / 1000).toFixed(1)} s`);
    expect(await terminalText(page, 'one')).toMatch(/^after-42$/m);

    // The killed node left its sandboxes' cgroups; started again on its data directory, it removes them (and starts warm sandboxes of its own).
    const range = killed.lab.uidRange;
    const leftByCrash = range ? [...(await snapshotOurResources({ ...range, dataDir: killed.dataDir })).cgroups] : [];
    await cluster!.restart(killed);
    let still: string[] = [];
    await waitUntil(
      async () => {
        const now = range ? (await snapshotOurResources({ ...range, dataDir: killed!.dataDir })).cgroups : new Set<string>();
        still = leftByCrash.filter((c) => now.has(c));
        return still.length === 0;
      },
      () => `the restarted ${killed!.id} to remove the cgroups its crash left: ${still.join(', ')}`,
      15_000,
    );
  });

  it('a drained node (SIGTERM) fails readiness, tells its learners, hands them on with their progress, and exits once they are gone', async () => {
    // A survivor other than the browser's node, holding node learners.
    const drained = cluster!.nodes.find((n) => n !== killed && n.id !== browserNode && learners.some((l) => l.node === n.id))!;
    const leaving = learners.filter((l) => l.node === drained.id);
    expect(leaving.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => drained.lab.child.once('exit', (code) => resolve(code)));
    drained.lab.child.kill('SIGTERM');

    await waitUntil(async () => (await fetch(`${drained.lab.origin}/readyz`)).status === 503, 'the drained node to fail readiness');
    expect(await (await fetch(`${drained.lab.origin}/readyz`)).json()).toMatchObject({ ok: false, node: drained.id, reason: stringMatching(/draining/) });
    for (const learner of leaving) {
      await waitUntil(() => learner.notices.some((n) => /going away for maintenance/.test(n.error.message)), 'the maintenance notice', 10_000);
    }
    // Each reloads as the notice says: the balancer sends them on, and they find their progress there.
    for (const learner of leaving) {
      const term = await TerminalClient.open(await connect(learner), 'uts');
      expect((await term.run('echo moved-$((6*7))')).trim()).toBe('moved-42');
      expect(passed(term.session.progress)).toBe(true);
      expect(learner.notices.map((n) => n.error.message)).toContainEqual(expect.stringMatching(/machine was replaced/));
      const home = await cluster!.homeOf(learner.id);
      expect([drained.id, killed!.id]).not.toContain(home);
      learner.node = home!;
    }
    // No page shows a session there any more: the node closes its sessions and exits by itself, well before its deadline.
    expect(await exited).toBe(0);
  });

  it('leaves nothing behind: no node, sandbox process, cgroup or mount', async () => {
    const ranges = cluster!.nodes.map((n) => ({ id: n.id, uidRange: n.lab.uidRange, dataDir: n.dataDir }));
    for (const l of learners) l.client?.close();
    await browser?.close();
    browser = undefined;
    expect(await cluster!.dispose()).toEqual([]);
    for (const { id, uidRange, dataDir } of ranges) await leavesNothing(id, { ...(uidRange ?? {}), dataDir });
  });
});
