// Launches Debian's Chromium headless through playwright-core, with the flags this offline machine needs.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitUntil } from '../../test/support/wait';

export const ARTIFACTS = 'test-artifacts';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.NSLAB_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

/** The visible text of a named terminal, read through xterm's buffer (exposed with ?testhooks=1). */
export async function terminalText(page: Page, name: string): Promise<string> {
  return page.evaluate((terminalName) => {
    type Line = { translateToString(trim: boolean): string };
    type Term = { buffer: { active: { length: number; getLine(i: number): Line | undefined } } };
    const terms = (window as unknown as { __nslabTerminals?: Record<string, Term> }).__nslabTerminals;
    const term = terms?.[terminalName];
    if (!term) return '';
    const lines: string[] = [];
    for (let i = 0; i < term.buffer.active.length; i++) lines.push(term.buffer.active.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '');
  }, name);
}

export async function waitForTerminalText(page: Page, name: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  let text = '';
  const shown = async () => pattern.test((text = await terminalText(page, name)));
  await waitUntil(shown, () => `terminal "${name}" to show ${pattern}; it shows:\n${text}`, timeoutMs);
  return text;
}

/** Types a line into a named terminal as a learner would: click it, type, press Enter. */
export async function typeInto(page: Page, name: string, line: string): Promise<void> {
  await page.locator(`[data-testid="terminal"][data-terminal-name="${name}"] .xterm`).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/**
 * Types a line into a named terminal and waits until `shown` matches once more than it did before
 * (so a match an earlier command left on screen does not count); returns the newest match.
 * `shown` must not match the echo of the typed line itself.
 */
export async function typeAndSee(page: Page, name: string, line: string, shown: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const every = new RegExp(shown.source, `${shown.flags.replace('g', '')}g`);
  const matches = async () => [...(await terminalText(page, name)).matchAll(every)];
  const before = (await matches()).length;
  await typeInto(page, name, line);
  let found: RegExpMatchArray[] = [];
  const more = async () => (found = await matches()).length > before;
  await waitUntil(more, async () => `terminal "${name}" to show ${shown} after typing ${line}; it shows:\n${await terminalText(page, name)}`, timeoutMs);
  return found.at(-1)!;
}
