// The namespace map in Chromium: a new namespace appears under its terminal as the learner types, with its facts on click.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, waitForTerminalText, typeInto } from './support/browser';
import type { LabProcess } from './support/lab-process';
import { withLabInBrowser } from './support/lab-in-browser';

/** The learner's `sh` inside `unshare --uts --pid --fork`, shown under terminal one. */
const SH_ROW = '[data-testid="map-process"][data-comm="sh"][data-terminal="one"]';
const chip = (row: string, type: string) => `${row} button[data-ns-type="${type}"]`;

describe('the namespace map in Chromium', () => {
  let lab: LabProcess;
  let page: Page;

  withLabInBrowser((env) => {
    ({ lab, page } = env);
  });

  const typeLine = (line: string) => typeInto(page, 'one', line);

  it('draws the sandbox: init, sleep and one shell per terminal, all in the sandbox’s own namespaces', async () => {
    await page.goto(`${lab.origin}/lessons/uts?testhooks=1`);
    await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
    const map = page.getByTestId('namespace-map');
    await map.waitFor();
    await page.locator('[data-testid="map-process"][data-comm="bash"][data-terminal="one"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="map-process"][data-pid="1"]').waitFor();
    await expect(page.locator('[data-testid="namespace-map"] button[data-ns-new="true"]').count()).resolves.toBe(0);
    const shellMark = page.locator('[data-testid="map-process"][data-terminal="one"] [data-testid="terminal-mark"][data-role="shell"]');
    await expect(shellMark.textContent()).resolves.toContain('Terminal 1');
  });

  it('emphasises the namespace types the current step points at', async () => {
    await expect(page.getByTestId('map-highlight').count()).resolves.toBe(0);
    // Steps 1 and 2 of the UTS lesson; step 3 ("stay-inside") has `highlight: [uts]`.
    // A step's output check reads only what was printed after the step began: one step at a time.
    await typeLine('readlink /proc/$$/ns/uts');
    await page.waitForFunction(() => /Step 1 passed/.test(document.querySelector('[data-testid="progress-announcement"]')?.textContent ?? ''), null, {
      timeout: 20_000,
    });
    await typeLine(`unshare --uts sh -c 'hostname foo; hostname'`);
    await page.getByTestId('map-highlight').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('map-highlight').textContent()).resolves.toContain('uts');
    const lit = await page.locator('[data-testid="namespace-map"] [data-highlight="true"]').allTextContents();
    expect(lit).toEqual(['uts']);
    await typeLine('clear');
  });

  it('shows new uts and pid namespaces under terminal 1 soon after unshare, and their facts on click', async () => {
    await typeLine('unshare --uts --pid --fork sh');
    const typedAt = Date.now();
    await page.waitForFunction(
      (sel) => {
        const row = document.querySelector(sel);
        const isNew = (t: string) => row?.querySelector(`button[data-ns-type="${t}"]`)?.getAttribute('data-ns-new') === 'true';
        return isNew('uts') && isNew('pid');
      },
      SH_ROW,
      { timeout: 5_000, polling: 20 },
    );
    console.log(`new namespaces on the map ${Date.now() - typedAt} ms after Enter`);
    await expect(page.locator(chip(SH_ROW, 'net')).getAttribute('data-ns-new')).resolves.toBe('false');
    await expect(page.locator(`${SH_ROW} [data-testid="terminal-mark"]`).textContent()).resolves.toContain('Terminal 1');
    await screenshot(page, 'namespace-map');

    await page.locator(chip(SH_ROW, 'uts')).click();
    const facts = page.getByTestId('namespace-facts');
    await facts.waitFor({ timeout: 10_000 });
    await expect(facts.textContent()).resolves.toMatch(/hostname\s*lab/);
    await screenshot(page, 'namespace-map-details');

    await typeLine('hostname inner');
    await page.waitForFunction(() => /hostname\s*inner/.test(document.querySelector('[data-testid="namespace-facts"]')?.textContent ?? ''), null, {
      timeout: 10_000,
    });

    await page.locator(`${SH_ROW} button[aria-pressed]`).first().click();
    const details = page.getByTestId('process-details');
    await details.waitFor();
    await expect(details.textContent()).resolves.toMatch(/NSpid\s*\d+ → 1/);
    await screenshot(page, 'namespace-map-process');
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('lists the sh process in the table a screen reader reads', async () => {
    const table = page.getByTestId('map-table');
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['PID', 'command', 'terminal']);
    expect(headers.slice(3).map((h) => h.replace(/\s*\(this step\)/, ''))).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']);
    const shRow = table.locator('tbody tr', { hasText: /^\d+sh/ });
    await expect(shRow.first().textContent()).resolves.toMatch(/uts#\d+ new/);
    await page.getByTestId('map-view-table').click();
    await expect(table.isVisible()).resolves.toBe(true);
    await screenshot(page, 'namespace-map-table');
    await page.getByTestId('map-view-processes').click();
  });

  it('groups processes per namespace type in the per-type view', async () => {
    await page.getByTestId('map-view-types').click();
    const uts = page.locator('[data-testid="map-type"][data-ns-type="uts"] [data-testid="map-namespace"]');
    await expect(uts.count()).resolves.toBe(2);
    await expect(page.locator('[data-testid="map-type"][data-ns-type="net"] [data-testid="map-namespace"]').count()).resolves.toBe(1);
    await page.locator('[data-testid="map-type"][data-ns-type="uts"] button[data-ns-new="true"]').click();
    await page.getByTestId('namespace-facts').waitFor({ timeout: 10_000 });
    await screenshot(page, 'namespace-map-types');
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByTestId('map-view-processes').click();
  });

  it('drops the namespaces once that shell exits', async () => {
    await typeLine('exit');
    await page.locator(SH_ROW).waitFor({ state: 'detached', timeout: 5_000 });
    await expect(page.locator('[data-testid="namespace-map"] button[data-ns-new="true"]').count()).resolves.toBe(0);
  });

  it('stays readable with 50 processes', async () => {
    await typeLine('for i in $(seq 46); do sleep 600 & done; clear');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-process"]').length >= 50, null, { timeout: 10_000 });
    await screenshot(page, 'namespace-map-50');
    await typeLine('kill $(jobs -p); wait; clear');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-process"][data-comm="sleep"]').length === 1, null, {
      timeout: 10_000,
    });
  });

  it('collapses to a bar, and the terminal takes the room back', async () => {
    const terminalBox = () => page.locator('[data-testid="terminal"][data-terminal-name="one"]').boundingBox();
    const before = (await terminalBox())!.height;
    await page.getByTestId('map-toggle').click();
    await expect(page.getByTestId('map-toggle').getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.locator('[data-testid="map-process"]').count()).resolves.toBe(0);
    await expect.poll(async () => (await terminalBox())!.height).toBeGreaterThan(before + 100);
    await page.getByTestId('map-toggle').click();
    await page.locator('[data-testid="map-process"][data-pid="1"]').waitFor({ timeout: 10_000 });
  });
});
