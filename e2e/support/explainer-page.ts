// The explainer's fixture lesson in Chromium: opening it, finding an explanation card, and where the card must sit.
import path from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, typeAndSee, waitForTerminalText } from './browser';

/** The lab's environment for the fixture lesson `mistakes`: two terminals and a busybox root filesystem at /root/rootfs. */
export const MISTAKES_LAB_ENV = { NSLAB_LESSONS_DIR: path.join(process.cwd(), 'test/fixtures/explainer-lessons') };

/** Tall enough that a card and the terminal above it both show (in CSS pixels). */
export const MISTAKES_VIEWPORT = { width: 1280, height: 800 };

/** How long an explanation may take to show after its command (in milliseconds): the quiet period, a probe, a push. */
export const SHOWN_WITHIN_MS = 15_000;

/** Opens the fixture lesson and waits for Terminal 1's root prompt. */
export async function openMistakesLesson(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/lessons/mistakes?testhooks=1`);
  await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout: 30_000 });
  await waitForTerminalText(page, 'one', /root@lab:~# $/m, 30_000);
}

/** Brings a terminal's tab to the front, as a learner clicks it, and waits until it shows a prompt. */
export async function showTerminal(page: Page, name: string, title: string): Promise<void> {
  await page.getByRole('tab', { name: title }).click();
  await page.locator(`[data-testid="terminal"][data-terminal-name="${name}"] .xterm`).waitFor({ state: 'visible' });
  await waitForTerminalText(page, name, /[#$] $/m);
}

/** The shell's PID as it prints it (`echo` is a built-in: it works even where nothing can fork). */
export async function shellPid(page: Page, terminal: string): Promise<string> {
  return (await typeAndSee(page, terminal, 'echo "pid=$$"', /^pid=(\d+)$/m))[1]!;
}

export const explanationCard = (page: Page, id: string, terminal: string): Locator => page.locator(`[data-testid="explanation"][data-id="${id}"][data-terminal="${terminal}"]`);

/** The card's text as a learner reads it (code spans lose their backticks). */
export async function cardText(card: Locator): Promise<string> {
  await card.waitFor({ timeout: SHOWN_WITHIN_MS });
  return (await card.textContent()) ?? '';
}

/** The explanation sits in the terminal pane, right below the terminal, across the pane's width. */
export async function expectBesideTerminal(page: Page, card: Locator, terminal: string): Promise<void> {
  const term = await page.locator(`[data-testid="terminal"][data-terminal-name="${terminal}"]`).boundingBox();
  const box = await card.boundingBox();
  const pane = await page.getByRole('region', { name: 'Terminal' }).boundingBox();
  expect(term && box && pane).toBeTruthy();
  expect(box!.y).toBeGreaterThanOrEqual(term!.y + term!.height - 2);
  expect(box!.x).toBeGreaterThanOrEqual(pane!.x);
  expect(box!.x + box!.width).toBeLessThanOrEqual(pane!.x + pane!.width + 1);
  expect(box!.width).toBeGreaterThan(pane!.width * 0.8);
}

/** The card links to `page` (e.g. `pid_namespaces(7)`) on man7.org, opened at a section, in a new tab. */
export async function expectManLink(card: Locator, manPage: string): Promise<void> {
  const [, name, section] = /^([\w.-]+)\((\d)\)$/.exec(manPage)!;
  const link = card.getByTestId('explanation-man');
  await expect(link.getAttribute('href')).resolves.toMatch(new RegExp(`^https://man7\\.org/linux/man-pages/man${section}/${name!.replace(/\./g, '\\.')}\\.${section}\\.html#:~:text=.`));
  await expect(link.getAttribute('target')).resolves.toBe('_blank');
  await expect(link.textContent()).resolves.toContain(manPage);
}

/** The fix commands the card offers, in order, as the learner would copy them. */
export async function fixCommands(card: Locator): Promise<string[]> {
  return (await card.getByTestId('fix-command').allTextContents()).map((c) => c.replace(/^\$/, ''));
}

/**
 * Folds the namespace map away so the whole card shows, scrolls the explanations to the top and
 * takes a screenshot once the fold's transitions have run (the map is unfolded again after).
 */
export async function screenshotWholeCard(page: Page, name: string): Promise<void> {
  const settled = () => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await page.getByTestId('map-toggle').click();
  await settled();
  await page.getByTestId('explanations').evaluate((el) => (el.scrollTop = 0));
  await screenshot(page, name);
  await page.getByTestId('map-toggle').click();
  await settled();
}
