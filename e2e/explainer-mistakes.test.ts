// Mistakes 2, 3, 4, 6 and 7 of the explainer in real Chromium (1 and 5 are in explainer.test.ts): each typed by a fresh learner into the lesson page's terminals, and explained beside them from the sandbox's state.
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { typeAndSee, waitForTerminalText } from './support/browser';
import {
  cardText,
  expectBesideTerminal,
  expectManLink,
  explanationCard,
  fixCommands,
  MISTAKES_LAB_ENV,
  MISTAKES_VIEWPORT,
  openMistakesLesson,
  screenshotWholeCard,
  shellPid,
  showTerminal,
} from './support/explainer-page';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** Every prompt line of bash as root, learner or an unmapped uid, and of busybox sh at / (with or without a command typed after it). */
const ROOT = /^root@lab:~# /m;
const LEARNER = /^learner@lab:~\$ /m;
const NOBODY = /^nobody@lab:~\$ /m;
const BUSYBOX_ROOT = /^\/ # /m;

describe('each classic mistake explained beside its terminal, in Chromium', () => {
  let lab: LabProcess;
  let browser: Browser;
  let context: BrowserContext | undefined;

  withLabInBrowser(
    (env) => {
      ({ lab, browser } = env);
    },
    MISTAKES_VIEWPORT,
    MISTAKES_LAB_ENV,
  );

  /** A new learner (own browser context, so own session and sandbox) on the fixture lesson. */
  async function freshLearner(): Promise<Page> {
    context = await browser.newContext({ viewport: MISTAKES_VIEWPORT });
    const page = await context.newPage();
    await openMistakesLesson(page, lab.origin);
    return page;
  }
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('2. a new pid namespace whose ps still reads the old /proc', async () => {
    const page = await freshLearner();
    const sandboxPidNs = (await typeAndSee(page, 'one', 'readlink /proc/$$/ns/pid', /^pid:\[(\d+)\]$/m))[1];
    await typeAndSee(page, 'one', 'unshare --pid --fork bash', ROOT);
    await typeAndSee(page, 'one', 'busybox ps', /bwrap/);
    const card = explanationCard(page, 'stale-proc', 'one');
    const text = await cardText(card);
    expect(text).toContain('PID 1 (bash, Terminal 1)');
    expect(text).toContain(`the proc filesystem of pid:[${sandboxPidNs}], the sandbox's own`);
    await expect(fixCommands(card)).resolves.toEqual(['exit', 'unshare --pid --fork --mount-proc bash']);
    await expectManLink(card, 'pid_namespaces(7)');
    await expectBesideTerminal(page, card, 'one');
    await screenshotWholeCard(page, 'explainer-stale-proc');
  });

  it('3. uid_map written twice, then gid_map before deny in setgroups, whose fix works', async () => {
    const page = await freshLearner();
    await typeAndSee(page, 'one', 'unshare --user bash', NOBODY);
    const pid = await shellPid(page, 'one');
    await showTerminal(page, 'two', 'Terminal 2');
    await typeAndSee(page, 'two', `echo '0 0 1' > /proc/${pid}/uid_map`, ROOT);
    await typeAndSee(page, 'two', `echo '0 0 1' > /proc/${pid}/uid_map`, /Operation not permitted$/m);
    const twice = explanationCard(page, 'id-map-twice', 'two');
    const twiceText = await cardText(twice);
    expect(twiceText).toContain(`The uid_map of PID ${pid} (bash, Terminal 1), in user:[`);
    expect(twiceText).toContain('already holds 0 0 1');
    await expect(fixCommands(twice)).resolves.toEqual([`cat /proc/${pid}/uid_map`, 'unshare --user bash']);
    await expectManLink(twice, 'user_namespaces(7)');
    await expectBesideTerminal(page, twice, 'two');

    // As learner this time, from a shell whose new user namespace has no maps yet.
    await showTerminal(page, 'one', 'Terminal 1');
    await typeAndSee(page, 'one', 'exit', ROOT);
    await typeAndSee(page, 'one', 'su - learner', LEARNER);
    await typeAndSee(page, 'one', 'unshare --user bash', NOBODY);
    const inner = await shellPid(page, 'one');
    await showTerminal(page, 'two', 'Terminal 2');
    await typeAndSee(page, 'two', 'su - learner', LEARNER);
    await typeAndSee(page, 'two', `echo '0 1000 1' > /proc/${inner}/gid_map`, /Operation not permitted$/m);
    const deny = explanationCard(page, 'gid-map-setgroups', 'two');
    const denyText = await cardText(deny);
    expect(denyText).toContain(`The gid_map of PID ${inner} (bash, Terminal 1), in user:[`);
    expect(denyText).toContain(`/proc/${inner}/setgroups says allow`);
    await expect(fixCommands(deny)).resolves.toEqual([`echo deny > /proc/${inner}/setgroups`, `echo '0 1000 1' > /proc/${inner}/gid_map`]);
    await expectManLink(deny, 'user_namespaces(7)');
    await expectBesideTerminal(page, deny, 'two');
    await screenshotWholeCard(page, 'explainer-gid-map-setgroups');

    // The card's Run buttons, in order, do what it says: the map is written.
    const runs = deny.getByTestId('run-button');
    await runs.nth(0).click();
    await waitForTerminalText(page, 'two', /setgroups\n.*learner@lab:~\$ $/);
    await runs.nth(1).click();
    await waitForTerminalText(page, 'two', /gid_map\n.*learner@lab:~\$ $/);
    await typeAndSee(page, 'two', `cat /proc/${inner}/gid_map`, /^\s+0\s+1000\s+1$/m);
  });

  it('4. unshare, then mount, refused as learner (uid 1000)', async () => {
    const page = await freshLearner();
    await typeAndSee(page, 'one', 'su - learner', LEARNER);
    const pid = await shellPid(page, 'one');
    await typeAndSee(page, 'one', 'unshare --uts bash', /unshare failed: Operation not permitted$/m);
    const card = explanationCard(page, 'no-privilege', 'one');
    await expect(cardText(card)).resolves.toContain(`The shell, PID ${pid} (bash, Terminal 1), runs as learner (uid 1000) in the sandbox's user namespace`);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe('unshare refused: learner has no privilege here');
    await expect(fixCommands(card)).resolves.toEqual(['unshare --map-root-user --uts bash', 'exit']);
    await expectManLink(card, 'user_namespaces(7)');
    await expectBesideTerminal(page, card, 'one');

    // The same mistake with mount replaces the card rather than adding a second one.
    await typeAndSee(page, 'one', 'mount -t tmpfs tmpfs /tmp', /must be superuser to use mount\.?$/m);
    await card.getByRole('heading', { level: 3, name: 'mount refused: learner has no privilege here' }).waitFor({ timeout: 15_000 });
    await expect(card.count()).resolves.toBe(1);
    await expect(fixCommands(card)).resolves.toEqual(['unshare --map-root-user --mount bash', 'exit']);
  });

  it('6. nsenter into a PID that has exited, with the live one to enter instead', async () => {
    const page = await freshLearner();
    await typeAndSee(page, 'one', 'unshare --net bash', ROOT);
    const pid = await shellPid(page, 'one');
    await showTerminal(page, 'two', 'Terminal 2');
    const dead = (await typeAndSee(page, 'two', 'sleep 0 & wait; echo "gone=$!"', /^gone=(\d+)$/m))[1];
    await typeAndSee(page, 'two', `nsenter --target ${dead} --net ip -br link`, /No such file or directory$/m);
    const card = explanationCard(page, 'nsenter-gone', 'two');
    await expect(cardText(card)).resolves.toContain(`with PID ${pid} (bash, Terminal 1)`);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(`There is no process ${dead} to enter`);
    await expect(fixCommands(card)).resolves.toEqual(['lsns -t net', `nsenter --target ${pid} --net ip -br link`]);
    await expectManLink(card, 'nsenter(1)');
    await expectBesideTerminal(page, card, 'two');
    await screenshotWholeCard(page, 'explainer-nsenter-gone');

    // Its suggestion enters Terminal 1's network namespace: only a loopback device there.
    await card.getByTestId('run-button').nth(1).click();
    await waitForTerminalText(page, 'two', /^lo\s+DOWN\b.*\n.*root@lab:~# $/m);
  });

  it('7. a mount made outside that did not reach a copied mount namespace', async () => {
    const page = await freshLearner();
    await typeAndSee(page, 'one', 'unshare --mount chroot /root/rootfs /bin/sh', BUSYBOX_ROOT);
    const pid = await shellPid(page, 'one');
    await showTerminal(page, 'two', 'Terminal 2');
    await typeAndSee(page, 'two', 'mount -t tmpfs -o size=1m tmpfs /root/rootfs/mnt && echo outside > /root/rootfs/mnt/note && echo mounted', /^mounted$/m);
    await showTerminal(page, 'one', 'Terminal 1');
    await typeAndSee(page, 'one', 'cat /mnt/note', /No such file or directory$/m);
    const card = explanationCard(page, 'mount-not-propagated', 'one');
    const text = await cardText(card);
    expect(text).toContain('tmpfs is mounted on /root/rootfs/mnt');
    expect(text).toContain(`The shell, PID ${pid} (sh, Terminal 1), is in the copy, mnt:[`);
    expect(text).toContain('/root, is private outside and private in the copy');
    await expect(fixCommands(card)).resolves.toEqual(['findmnt -o TARGET,PROPAGATION', 'exit', 'mount --make-shared /root', 'unshare --mount --propagation shared chroot /root/rootfs /bin/sh']);
    await expectManLink(card, 'mount_namespaces(7)');
    await expectBesideTerminal(page, card, 'one');
    await screenshotWholeCard(page, 'explainer-mount-not-propagated');
  });
});
