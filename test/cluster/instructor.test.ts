// One workshop on three lab nodes behind nginx, the instructor in Chromium on one of them: the dashboard shows every learner of every node, peeks at and ends learners held by other nodes, and shows a killed node's learners again once they are back on a survivor.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { deriveSecrets } from '../../server/workshop/workshop-access';
import { launchBrowser, screenshot, waitForTerminalText } from '../../e2e/support/browser';
import { connectTo, newLearnerCookie, whenConnected, type LabClient } from '../support/lab';
import { postgresMissing } from '../support/postgres';
import { redisMissing } from '../support/redis';
import { requestOk, TerminalClient } from '../support/terminal-client';
import { waitUntil } from '../support/wait';
import { NGINX } from './balancer';
import { startCluster, type Cluster } from './cluster';
import { leavesNothing } from './nothing-left';

/** Every node of the workshop starts with this secret: the join code and instructor token come from it. */
const WORKSHOP_SECRET = 'cluster-instructor-secret-0123456789abcdef';
const { joinCode, instructorToken } = deriveSecrets(WORKSHOP_SECRET);
/** Node learners per node, so each node holds some when it is killed. */
const LEARNERS_PER_NODE = 2;
/** The uts lesson's first step and a command that passes it; the dashboard then shows them on step 2. */
const FIRST_STEP = 'look';
const FIRST_STEP_SOLUTION = 'readlink /proc/$$/ns/uts';
/** How long the dashboard may take to show a change on another node (in milliseconds): pushes come every second. */
const DASHBOARD_TIMEOUT_MS = 20_000;

const missing = postgresMissing() ?? redisMissing() ?? (existsSync(NGINX) ? null : `nginx is not installed (${NGINX}; apt-get install nginx-light)`);

type Learner = { cookie: string; id: string; name: string; node: string; client: LabClient | null; term: TerminalClient | null };

describe.skipIf(missing !== null)(missing ? `the instructor of a three-node workshop in Chromium (skipped: ${missing})` : 'the instructor of a three-node workshop in Chromium', () => {
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let teacher: Page;
  let instructorNode = '';
  const learners: Learner[] = [];
  /** The learner in Chromium, held by a node other than the instructor's. */
  let pageLearner: { page: Page; id: string; node: string };

  beforeAll(async () => {
    cluster = await startCluster(3, {
      // A few warm sandboxes per node (a workshop's default is 50, too many for three nodes on one machine).
      env: { NSLAB_WORKSHOP: '1', NSLAB_WORKSHOP_SECRET: WORKSHOP_SECRET, NSLAB_WARM_SANDBOXES: '2', HOST: '127.0.0.1' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const l of learners) l.client?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    const problems = (await cluster?.dispose()) ?? [];
    if (problems.length > 0) console.error(`cluster: ${problems.join('\n')}`);
  });

  const origin = () => cluster!.balancer.origin;
  const newPage = async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };
  /** A card (or table row) of the dashboard, by learner id. */
  const card = (id: string): Locator => teacher.locator(`[data-testid="learner-card"][data-learner="${id}"]`);
  /** A card showing the learner online in the uts lesson on its second step: their page is connected and their first step passed. */
  const onStepTwo = (id: string) =>
    card(id)
      .and(teacher.locator(':not([data-state="offline"])'))
      .getByTestId('learner-step')
      .filter({ hasText: /^Step 2\/6/ });
  /** Follows the join link through the balancer with the learner's cookie, as their browser would; returns both cookies. */
  const joined = async (cookie: string): Promise<string> => {
    const res = await fetch(`${origin()}/join?code=${joinCode}`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status).toBe(303);
    return [cookie, ...res.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
  };
  /** The learner's page (re)connects through the balancer and opens the uts lesson. */
  const open = async (learner: Learner): Promise<TerminalClient> => {
    learner.client?.close();
    const client = (learner.client = connectTo(origin(), { cookie: await joined(learner.cookie) }));
    await whenConnected(client);
    await requestOk(client, 'learner:rename', { displayName: learner.name });
    return (learner.term = await TerminalClient.open(client, 'uts'));
  };
  /** A learner cookie the balancer sends to a node `ok` accepts. */
  const cookieFor = async (ok: (node: string) => boolean): Promise<{ cookie: string; node: string }> => {
    for (let tries = 0; tries < 200; tries++) {
      const cookie = newLearnerCookie();
      const node = await cluster!.routedTo(cookie);
      if (ok(node)) return { cookie, node };
    }
    throw new Error('200 learner cookies and none hashed to the node wanted');
  };

  it('shows the instructor every learner of every node, the learners spread over all three by the node holding each (in PostgreSQL and in the dashboard’s Node column)', async () => {
    teacher = await newPage();
    const followed = await teacher.goto(`${origin()}/instructor?token=${instructorToken}`);
    expect(followed?.ok()).toBe(true);
    await teacher.goto(`${origin()}/instructor?testhooks=1`);
    await teacher.locator('[data-testid="dashboard-live"][data-state="live"]').waitFor({ timeout: 45_000 });
    instructorNode = await teacher.evaluate(async () => ((await (await fetch('/healthz')).json()) as { node: string }).node);

    const perNode = new Map(cluster!.nodes.map((n) => [n.id, 0]));
    while ([...perNode.values()].some((c) => c < LEARNERS_PER_NODE)) {
      const { cookie, node } = await cookieFor((n) => (perNode.get(n) ?? 0) < LEARNERS_PER_NODE);
      perNode.set(node, perNode.get(node)! + 1);
      learners.push({ cookie, id: cookie.split('=')[1]!, name: `Learner ${learners.length + 1}`, node, client: null, term: null });
    }
    await Promise.all(
      learners.map(async (learner) => {
        const term = await open(learner);
        await term.run(FIRST_STEP_SOLUTION);
        await requestOk(learner.client!, 'check:run', { sessionId: term.session.sessionId, stepId: FIRST_STEP });
      }),
    );
    // Spread by the node each learner's sandbox is on, as PostgreSQL records it (each node records its own learners).
    const homes = await Promise.all(learners.map((l) => cluster!.homeOf(l.id)));
    expect(homes).toEqual(learners.map((l) => l.node));
    expect(new Set(homes)).toEqual(new Set(cluster!.nodes.map((n) => n.id)));

    // A learner in Chromium too, held by a node other than the instructor's.
    const page = await newPage();
    const { cookie, node } = await cookieFor((n) => n !== instructorNode);
    const id = cookie.split('=')[1]!;
    await page.context().addCookies([{ name: 'nslab_learner', value: id, url: origin() }]);
    await page.goto(`${origin()}/join?code=${joinCode}`);
    expect(new URL(page.url()).pathname).toBe('/join/name');
    await page.goto(`${origin()}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    pageLearner = { page, id, node };
    expect(await cluster!.homeOf(id)).toBe(node);

    // One dashboard, on one node, shows all of them: every node learner on step 2, the page's learner in the lesson.
    for (const l of learners) await onStepTwo(l.id).waitFor({ timeout: DASHBOARD_TIMEOUT_MS });
    await card(id)
      .getByTestId('learner-step')
      .filter({ hasText: /^Step 1\/6/ })
      .waitFor({ timeout: DASHBOARD_TIMEOUT_MS });
    await expect(teacher.locator('[data-testid="learner-card"]').count()).resolves.toBe(learners.length + 1);
    // The dashboard's own Node column shows the same spread: each learner on the node PostgreSQL records for them.
    await teacher.getByTestId('node-column').waitFor({ timeout: DASHBOARD_TIMEOUT_MS });
    const everyone = [...learners, pageLearner];
    const shown = await Promise.all(everyone.map((l) => card(l.id).getByTestId('learner-node').textContent()));
    expect(shown).toEqual(everyone.map((l) => l.node));
    expect(await teacher.getByTestId('filter-node').locator('option').allTextContents()).toEqual(['Any node', ...cluster!.nodes.map((n) => n.id).sort()]);
    await screenshot(teacher, 'cluster-dashboard-every-node');
    // The same room on a wide screen, as a table and as cards (whose meta line names the node).
    await teacher.setViewportSize({ width: 1920, height: 800 });
    await screenshot(teacher, 'cluster-dashboard-every-node-1920');
    await teacher.getByRole('button', { name: 'Cards' }).click();
    await expect(card(pageLearner.id).getByTestId('learner-node').textContent()).resolves.toBe(`node ${pageLearner.node}`);
    await screenshot(teacher, 'cluster-dashboard-cards-1920');
    await teacher.getByRole('button', { name: 'Compact' }).click();
    await teacher.setViewportSize({ width: 1280, height: 800 });
  });

  it('peeks at a learner held by another node than the instructor’s: their output shows live, read-only', async () => {
    const watched = learners.find((l) => l.node !== instructorNode && l.node !== pageLearner.node) ?? learners.find((l) => l.node !== instructorNode)!;
    await card(watched.id).getByTestId('watch-terminal').first().click();
    await teacher.locator('[data-testid="observed-terminal"][data-status="watching"]').waitFor({ timeout: 15_000 });
    await watched.term!.run(`echo typed-on-${watched.node}-$((6*7))`);
    await waitForTerminalText(teacher, 'observed', new RegExp(`^typed-on-${watched.node}-42$`, 'm'), DASHBOARD_TIMEOUT_MS);
    await screenshot(teacher, 'cluster-dashboard-peek');
    await teacher.getByRole('button', { name: 'Stop watching' }).click();
    await waitUntil(async () => (await teacher.getByTestId('observed-terminal').count()) === 0, 'the read-only view to close', 5_000);
  });

  it('ends the session of a learner held by another node, and their page is told', async () => {
    expect(pageLearner.node).not.toBe(instructorNode);
    teacher.once('dialog', (d) => void d.accept());
    await card(pageLearner.id).getByRole('button', { name: 'End session' }).click();
    await pageLearner.page.getByText('Your session was ended by the instructor.').waitFor({ timeout: DASHBOARD_TIMEOUT_MS });
    // The dashboard follows: the learner's card no longer offers their ended session.
    await waitUntil(async () => (await card(pageLearner.id).getByRole('button', { name: 'End session' }).count()) === 0, 'the ended session to leave the dashboard', DASHBOARD_TIMEOUT_MS);
  });

  it('after a node is killed with SIGKILL, shows its learners again once they are back on a survivor, progress intact', async () => {
    const killed = cluster!.nodes.find((n) => n.id !== instructorNode && learners.some((l) => l.node === n.id))!;
    const victims = learners.filter((l) => l.node === killed.id);
    expect(victims.length).toBe(LEARNERS_PER_NODE);
    const killedAt = Date.now();
    await killed.lab.kill();

    // The dead node's learners leave the dashboard (no node holds them now); the others stay.
    await waitUntil(
      async () => {
        for (const v of victims) if ((await onStepTwo(v.id).count()) > 0) return false;
        return true;
      },
      "the killed node's learners to leave the dashboard",
      DASHBOARD_TIMEOUT_MS,
    );
    for (const l of learners.filter((x) => x.node !== killed.id)) expect(await onStepTwo(l.id).count()).toBe(1);
    await screenshot(teacher, 'cluster-dashboard-node-killed');

    // Their pages connect again through the balancer: a fresh sandbox on a survivor, their first step still passed.
    for (const v of victims) await waitUntil(() => v.client!.disconnected, 'the dead node to drop its learner', 10_000);
    await Promise.all(
      victims.map(async (v) => {
        const term = await open(v);
        expect(term.session.resumed).toBe(false);
        expect((await term.run('echo back-$((6*7))')).trim()).toBe('back-42');
        const home = await cluster!.homeOf(v.id);
        expect(home).not.toBe(killed.id);
        v.node = home!;
      }),
    );
    for (const v of victims) await onStepTwo(v.id).waitFor({ timeout: DASHBOARD_TIMEOUT_MS });
    console.log(`dashboard: the killed node's learners shown again on a survivor ${((Date.now() - killedAt) / 1000).toFixed(1)} s after SIGKILL`);
    await screenshot(teacher, 'cluster-dashboard-after-failover');
  });

  it('leaves nothing behind: no node, sandbox process, cgroup or mount', async () => {
    const scopes = cluster!.nodes.map((n) => ({ id: n.id, uidRange: n.lab.uidRange, dataDir: n.dataDir }));
    for (const l of learners) l.client?.close();
    for (const c of contexts.splice(0)) await c.close();
    await browser?.close();
    browser = undefined;
    expect(await cluster!.dispose()).toEqual([]);
    for (const { id, uidRange, dataDir } of scopes) await leavesNothing(id, { ...(uidRange ?? {}), dataDir });
  });
});
