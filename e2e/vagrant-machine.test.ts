// NSLAB_MACHINE=vagrant in Chromium where the VM cannot start (no usable provider): the lesson still reads, the terminal pane says why and offers to try again.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { startLabProcess, type LabProcess } from './support/lab-process';

const hasVagrant = spawnSync('sh', ['-c', 'command -v vagrant']).status === 0;

describe.skipIf(!hasVagrant)('the vagrant machine in Chromium, when the VM cannot start', () => {
  let lab: LabProcess;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-e2e-vagrant-'));

  beforeAll(async () => {
    cpSync('vagrant', dir, { recursive: true });
    lab = await startLabProcess({ NSLAB_MACHINE: 'vagrant', NSLAB_VAGRANT_DIR: dir, VAGRANT_DEFAULT_PROVIDER: 'virtualbox', VAGRANT_DOTFILE_PATH: path.join(dir, '.vagrant') });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the lesson, and in the terminal pane what went wrong and what to do', async () => {
    await page.goto(`${lab.origin}/lessons/uts`);
    await expect(page.getByRole('heading', { name: /UTS/ }).first().isVisible()).resolves.toBe(true);
    const alert = page.getByRole('alert').filter({ hasText: 'could not start' });
    await alert.waitFor({ timeout: 30_000 });
    await expect(alert.textContent()).resolves.toMatch(/The lab machine could not start\..*provider cannot run here.*VirtualBox/);
    await screenshot(page, 'vagrant-machine-failed');
    // Trying again runs Vagrant again, and says the same while nothing changed.
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not start' }).waitFor({ timeout: 30_000 });
  });

  it('says on the catalogue too that the lab machine is not available', async () => {
    await page.goto(lab.url);
    // The previous test's "Try again" may still be running Vagrant: the note says "starting" until that fails again.
    const note = page.getByTestId('machine-note').filter({ hasText: 'The lab machine is not available.' });
    await note.waitFor({ timeout: 60_000 });
    await expect(note.textContent()).resolves.toMatch(/The lab machine is not available\..*provider cannot run here/);
    await screenshot(page, 'vagrant-machine-catalogue');
  });
});
