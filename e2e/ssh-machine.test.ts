// The lab on the ssh machine, in Chromium: a lesson's terminal runs on a real sshd's host; an unreachable machine is explained on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sshdProblemSaid, startSshd, type TestSshd } from '../test/support/sshd';
import { launchBrowser, screenshot, typeInto, waitForTerminalText } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';

describe.skipIf(sshdProblemSaid('the lab over SSH in Chromium') !== null)('the lab over SSH in Chromium', () => {
  let sshd: TestSshd;
  let browser: Browser;
  const labs: LabProcess[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const lab of labs) await lab.stop();
    await sshd?.stop();
  });

  const openLesson = async (machine: string): Promise<{ lab: LabProcess; page: Page }> => {
    const lab = await startLabProcess({ NSLAB_MACHINE: machine, NSLAB_SSH_KEY: sshd.identityFile });
    labs.push(lab);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    return { lab, page };
  };

  it('runs the lesson terminal on the SSH machine', async () => {
    const { page } = await openLesson(`ssh://root@${sshd.host}:${sshd.port}`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    await typeInto(page, 'one', `unshare --uts sh -c 'hostname over-ssh; hostname'; echo "pid1=$(cat /proc/1/comm)"`);
    await waitForTerminalText(page, 'one', /^over-ssh\npid1=bwrap$/m);
    await screenshot(page, 'ssh-machine');
  });

  it('says so on the page when the machine refuses the connection', async () => {
    const { page } = await openLesson(`ssh://root@${sshd.host}:2`);
    const alert = page.getByRole('alert').filter({ hasText: 'not reachable' });
    await alert.waitFor({ timeout: 30_000 });
    await expect(alert.textContent()).resolves.toMatch(/The lab machine is not reachable\..*refused the SSH connection/);
    await screenshot(page, 'ssh-machine-refused');
  });
});
